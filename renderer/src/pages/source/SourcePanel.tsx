// The source viewer, docked on the right: the cited document at the cited place. PDFs show the real page
// (pdf.js) or the extracted text; other formats show the extracted text. The passage is highlighted.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { MethodResult } from '../../../../shared/api';
import { api } from '../../api';
import { Button, IconButton } from '../../components/Button';
import { Segmented } from '../../components/Controls';
import { Icon } from '../../components/Icon';
import { useToast } from '../../components/Toasts';
import { type SourceTarget, useSource } from '../../hooks/useSource';
import { useI18n } from '../../i18n';
import { errorMessage } from '../../lib/errors';
import { dirName, fileName, ltrPath } from '../../lib/paths';
import { findPassage, normalizeWithMap } from '../../lib/textMatch';
import { PdfView } from './PdfView';
import { ResizeHandle } from './ResizeHandle';
import { TextView } from './TextView';

type Source = MethodResult<'source.get'>;

/** The passage's [start, end) in the document text: the given offsets, else where the quote is found. */
function locate(source: Source, target: SourceTarget): [number, number] | null {
  const len = source.text.length;
  if (target.charStart !== undefined && target.charEnd !== undefined && target.charEnd > target.charStart) {
    return [Math.min(target.charStart, len), Math.min(target.charEnd, len)];
  }
  if (target.quote) {
    const exact = source.text.indexOf(target.quote);
    if (exact >= 0) return [exact, exact + target.quote.length];
    const hay = normalizeWithMap(source.text);
    const found = findPassage(hay.text, normalizeWithMap(target.quote).text);
    if (found) return [hay.map[found[0]], hay.map[Math.max(found[0], found[1] - 1)] + 1];
  }
  return null;
}

export function SourcePanel() {
  const { t } = useI18n();
  const toast = useToast();
  const { target, close } = useSource();
  const [source, setSource] = useState<Source | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [view, setView] = useState<'page' | 'text'>('page');
  const panel = useRef<HTMLElement>(null);
  const documentId = target?.documentId;

  useEffect(() => {
    if (documentId === undefined) return;
    let live = true;
    setError(null);
    setSource((s) => (s?.documentId === documentId ? s : null));
    api.call('source.get', { documentId }).then(
      (s) => live && setSource(s),
      (err) => live && setError(errorMessage(err)),
    );
    return () => {
      live = false;
    };
  }, [documentId]);

  // Focus the panel when it opens on a new passage, so keyboard users land in it.
  // biome-ignore lint/correctness/useExhaustiveDependencies: refocus for every new target
  useEffect(() => {
    panel.current?.focus();
  }, [target]);

  const range = useMemo(() => (source && target ? locate(source, target) : null), [source, target]);

  const initialPage = useMemo(() => {
    if (!source || !target) return 1;
    // The passage's own page first: a citation narrowed to one sentence of a chunk that spans pages 1–2
    // opens on the page that sentence is on, not on the chunk's first page.
    if (range) {
      const span = source.pageSpans.find((s) => range[0] >= s.start && range[0] < s.end);
      if (span) return span.number;
    }
    return target.page ?? 1;
  }, [source, target, range]);

  const passageFor = useCallback(
    (page: number): string | null => {
      if (!source || !range) return null;
      const span = source.pageSpans.find((s) => s.number === page);
      if (!span) return source.pageSpans.length ? null : source.text.slice(range[0], range[1]);
      const s = Math.max(range[0], span.start);
      const e = Math.min(range[1], span.end);
      return e > s ? source.text.slice(s, e) : null;
    },
    [source, range],
  );

  const ocrFor = useCallback((page: number) => source?.pageSpans.find((s) => s.number === page)?.ocr ?? null, [source]);

  if (!target) return null;
  const isPdf = source?.kind === 'pdf';
  const run = (p: Promise<unknown>) => p.catch((err) => toast.push('error', errorMessage(err)));

  return (
    <aside
      className="source-panel"
      ref={panel}
      tabIndex={-1}
      aria-label={t('source.panelLabel', { file: fileName(target.path) })}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          close();
        }
      }}
    >
      <ResizeHandle />
      <header className="source-header">
        <div className="source-heading">
          <div className="source-title">
            {target.label && <span className="cite-chip is-static">{target.label.replace(/[[\]]/g, '')}</span>}
            <Icon name="fileText" />
            <h2 title={target.path}>{fileName(target.path)}</h2>
          </div>
          <div className="source-sub" title={target.path}>
            {ltrPath(dirName(target.path))}
          </div>
        </div>
        <IconButton icon="x" label={t('source.close')} onClick={close} />
      </header>
      <div className="source-actions">
        {isPdf && (
          <Segmented
            size="sm"
            label={t('source.viewLabel')}
            value={view}
            onChange={setView}
            options={[
              { value: 'page', label: t('source.viewPage'), icon: 'file' },
              { value: 'text', label: t('source.viewText'), icon: 'fileText' },
            ]}
          />
        )}
        <span className="grow" />
        <Button
          size="sm"
          variant="ghost"
          icon="external"
          onClick={() => run(api.call('library.openFile', { documentId: target.documentId }))}
        >
          {t('source.openDefault')}
        </Button>
        <IconButton
          icon="folderOpen"
          size="sm"
          label={t('library.showInFolder')}
          onClick={() => run(api.call('library.showInFolder', { documentId: target.documentId }))}
        />
      </div>
      <div className="source-body">
        {error && (
          <div className="callout callout-error" role="alert">
            <Icon name="alert" />
            <p>{error}</p>
          </div>
        )}
        {!error && !source && (
          <div className="page-loading">
            <span className="spinner" aria-hidden="true" />
          </div>
        )}
        {source && isPdf && view === 'page' && (
          <PdfView
            documentId={source.documentId}
            initialPage={initialPage}
            passageFor={passageFor}
            onShowText={() => setView('text')}
            ocrFor={ocrFor}
          />
        )}
        {source && (!isPdf || view === 'text') && <TextView source={source} range={range} />}
      </div>
    </aside>
  );
}
