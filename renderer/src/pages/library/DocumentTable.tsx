// Every file of the library in one table that stays fast at any size: rows have a fixed height, only the
// visible ones are rendered, and they are fetched a page at a time ('library.listDocuments' offset/limit)
// as you scroll. A burst of engine changes refreshes only the pages in view.
import {
  type CSSProperties,
  type KeyboardEvent,
  type ReactNode,
  useCallback,
  useEffect,
  useRef,
  useState,
} from 'react';
import type { MethodResult } from '../../../../shared/api';
import type { DocStatus } from '../../../../shared/types';
import { api } from '../../api';
import { Icon, type IconName } from '../../components/Icon';
import { useApiEvent } from '../../hooks/useApiEvent';
import { useThrottledCallback } from '../../hooks/useThrottledCallback';
import { scrollRowIntoView, useVirtualRows } from '../../hooks/useVirtualRows';
import { useI18n } from '../../i18n';
import { canRetry, needsPassword } from '../../lib/docStatus';
import { errorMessage } from '../../lib/errors';
import { OcrTag, StatusBadge } from './StatusBadge';

export type DocumentInfo = MethodResult<'library.listDocuments'>['items'][number];

export const ROW_HEIGHT = 34;
const PAGE = 200;

const KIND_ICON: Record<string, IconName> = {
  pdf: 'fileText',
  docx: 'fileText',
  markdown: 'hash',
  text: 'file',
  html: 'globe',
  image: 'eye',
  pptx: 'layers',
  xlsx: 'hash',
  odt: 'fileText',
  epub: 'fileText',
  rtf: 'fileText',
  csv: 'hash',
  email: 'inbox',
  code: 'keyboard',
};

/** A grid row: the grid container owns the focus (aria-activedescendant) and the keyboard for its rows. */
function Row(props: {
  id?: string;
  className: string;
  index: number;
  selected?: boolean;
  style: CSSProperties;
  onClick?(): void;
  children: ReactNode;
}) {
  return (
    // biome-ignore lint/a11y/useSemanticElements: a virtualized grid cannot be a <table>
    // biome-ignore lint/a11y/useKeyWithClickEvents: the grid handles the keyboard for its rows
    <div
      id={props.id}
      className={props.className}
      role="row"
      tabIndex={-1}
      aria-rowindex={props.index + 2}
      aria-selected={props.selected}
      style={props.style}
      onClick={props.onClick}
    >
      {props.children}
    </div>
  );
}

function Cell({ className, title, children }: { className: string; title?: string; children?: ReactNode }) {
  return (
    // biome-ignore lint/a11y/useSemanticElements: a virtualized grid cannot be a <table>
    <div className={`vcell ${className}`} role="gridcell" tabIndex={-1} title={title}>
      {children}
    </div>
  );
}

interface Props {
  folderId: number | undefined;
  statuses: DocStatus[] | undefined;
  query: string;
  selectedId: number | null;
  onSelect(doc: DocumentInfo | null): void;
  onRetry(doc: DocumentInfo): void;
  onPassword(doc: DocumentInfo): void;
  onTotal?(total: number): void;
}

export function DocumentTable({
  folderId,
  statuses,
  query,
  selectedId,
  onSelect,
  onRetry,
  onPassword,
  onTotal,
}: Props) {
  const { t, fmt } = useI18n();
  const body = useRef<HTMLDivElement>(null);
  const [total, setTotal] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [, setVersion] = useState(0);
  const [active, setActive] = useState(0);
  const pages = useRef(new Map<number, DocumentInfo[]>());
  const loading = useRef(new Set<number>());
  const stale = useRef(new Set<number>());
  const generation = useRef(0);
  const filterKey = JSON.stringify([folderId, statuses, query]);

  const { first, last, totalHeight, viewportHeight } = useVirtualRows(body, total ?? 0, ROW_HEIGHT);

  const loadPage = useCallback(
    async (page: number) => {
      const gen = generation.current;
      if (loading.current.has(page)) return;
      loading.current.add(page);
      try {
        const r = await api.call('library.listDocuments', {
          folderId,
          statuses,
          query: query.trim() || undefined,
          offset: page * PAGE,
          limit: PAGE,
        });
        if (gen !== generation.current) return;
        pages.current.set(page, r.items);
        stale.current.delete(page);
        setTotal(r.total);
        setError(null);
        setVersion((v) => v + 1);
      } catch (err) {
        if (gen === generation.current) setError(errorMessage(err));
      } finally {
        loading.current.delete(page);
      }
    },
    [folderId, statuses, query],
  );

  // A new filter starts from scratch.
  // biome-ignore lint/correctness/useExhaustiveDependencies: filterKey stands for the filter's values
  useEffect(() => {
    generation.current++;
    pages.current.clear();
    loading.current.clear();
    stale.current.clear();
    setTotal(null);
    setActive(0);
    if (body.current) body.current.scrollTop = 0;
    void loadPage(0);
  }, [filterKey]);

  useEffect(() => {
    if (total !== null) onTotal?.(total);
  }, [total, onTotal]);

  // Fetch the pages that came into view.
  useEffect(() => {
    if (total === null) return;
    for (let p = Math.floor(first / PAGE); p <= Math.floor(Math.max(first, last) / PAGE); p++) {
      if (p * PAGE >= total && p > 0) break;
      if (!pages.current.has(p) || stale.current.has(p)) void loadPage(p);
    }
  }, [first, last, total, loadPage]);

  const refreshVisible = useThrottledCallback(() => {
    for (const p of pages.current.keys()) stale.current.add(p);
    const from = Math.floor(first / PAGE);
    const to = Math.floor(Math.max(first, last) / PAGE);
    for (let p = from; p <= to; p++) void loadPage(p);
    if (from > 0 || to < 0) void loadPage(0);
  }, 1000);
  useApiEvent('library.changed', refreshVisible);

  const rowAt = (i: number): DocumentInfo | undefined => pages.current.get(Math.floor(i / PAGE))?.[i % PAGE];
  const count = total ?? 0;

  const moveTo = (i: number) => {
    const next = Math.max(0, Math.min(count - 1, i));
    setActive(next);
    if (body.current) scrollRowIntoView(body.current, next, ROW_HEIGHT);
    const doc = rowAt(next);
    if (doc && selectedId !== null) onSelect(doc);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const perPage = Math.max(1, Math.floor(viewportHeight / ROW_HEIGHT) - 1);
    if (count === 0) return;
    const target: Record<string, number> = {
      ArrowDown: active + 1,
      ArrowUp: active - 1,
      PageDown: active + perPage,
      PageUp: active - perPage,
      Home: 0,
      End: count - 1,
    };
    if (e.key in target) {
      e.preventDefault();
      moveTo(target[e.key]);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      const doc = rowAt(active);
      if (doc) onSelect(doc);
    } else if (e.key === 'Escape' && selectedId !== null) {
      e.preventDefault();
      onSelect(null);
    }
  };

  const rows = [];
  for (let i = first; i <= last && i < count; i++) {
    const doc = rowAt(i);
    const style = { transform: `translateY(${i * ROW_HEIGHT}px)` };
    if (!doc) {
      rows.push(
        <Row key={`p${i}`} className="vrow is-placeholder" index={i} style={style}>
          <Cell className="vcell-name">
            <span className="skeleton" />
          </Cell>
        </Row>,
      );
      continue;
    }
    const selected = doc.id === selectedId;
    rows.push(
      <Row
        key={doc.id}
        id={`doc-row-${i}`}
        className={`vrow${selected ? ' is-selected' : ''}${i === active ? ' is-active' : ''}`}
        index={i}
        selected={selected}
        style={style}
        onClick={() => {
          setActive(i);
          onSelect(selected ? null : doc);
        }}
      >
        <Cell className="vcell-name" title={doc.path}>
          <Icon name={doc.kind ? (KIND_ICON[doc.kind] ?? 'file') : 'file'} />
          <span className="doc-name">{doc.relPath}</span>
        </Cell>
        <Cell className="vcell-kind">{doc.kind ? t(`kind.${doc.kind}`) : '—'}</Cell>
        <Cell className="vcell-num vcell-size">{fmt.bytes(doc.size)}</Cell>
        <Cell className="vcell-num vcell-pages">{doc.pages ?? '—'}</Cell>
        <Cell className="vcell-num vcell-chunks">{doc.chunks ? fmt.number(doc.chunks) : '—'}</Cell>
        <Cell className="vcell-status">
          <StatusBadge status={doc.status} message={doc.message} flags={doc.flags} />
          <OcrTag path={doc.path} status={doc.status} flags={doc.flags} />
        </Cell>
        <Cell className="vcell-date" title={fmt.dateTime(doc.mtimeMs)}>
          {fmt.date(doc.mtimeMs)}
        </Cell>
        <Cell className="vcell-actions">
          {needsPassword(doc.status) ? (
            <button
              type="button"
              tabIndex={-1}
              className="icon-btn icon-btn-sm"
              aria-label={t('library.enterPassword')}
              title={t('library.enterPassword')}
              onClick={(e) => {
                e.stopPropagation();
                onPassword(doc);
              }}
            >
              <Icon name="key" />
            </button>
          ) : canRetry(doc.status, doc.flags) ? (
            <button
              type="button"
              tabIndex={-1}
              className="icon-btn icon-btn-sm"
              aria-label={t('library.retry')}
              title={t('library.retry')}
              onClick={(e) => {
                e.stopPropagation();
                onRetry(doc);
              }}
            >
              <Icon name="refresh" />
            </button>
          ) : null}
        </Cell>
      </Row>,
    );
  }

  return (
    <div className="vtable">
      <div className="vtable-head" role="presentation">
        <div className="vrow vrow-head">
          <div className="vcell vcell-name">{t('library.col.name')}</div>
          <div className="vcell vcell-kind">{t('library.col.kind')}</div>
          <div className="vcell vcell-num vcell-size">{t('library.col.size')}</div>
          <div className="vcell vcell-num vcell-pages">{t('library.col.pages')}</div>
          <div className="vcell vcell-num vcell-chunks">{t('library.col.chunks')}</div>
          <div className="vcell vcell-status">{t('library.col.status')}</div>
          <div className="vcell vcell-date">{t('library.col.modified')}</div>
          <div className="vcell vcell-actions" />
        </div>
      </div>
      {/* biome-ignore lint/a11y/useSemanticElements: a virtualized grid cannot be a <table> */}
      <div
        ref={body}
        className="vtable-body"
        role="grid"
        tabIndex={0}
        aria-label={t('library.tableLabel')}
        aria-rowcount={count + 1}
        aria-activedescendant={count > 0 && rowAt(active) ? `doc-row-${active}` : undefined}
        onKeyDown={onKeyDown}
      >
        <div className="vtable-spacer" style={{ height: totalHeight }}>
          {rows}
        </div>
        {total === 0 && !error && <div className="vtable-empty">{t('library.noMatch')}</div>}
        {error && (
          <div className="vtable-empty callout callout-error" role="alert">
            {error}
          </div>
        )}
      </div>
    </div>
  );
}
