// The library: the watched folders, every file with its status, and the ways to fix the ones that did
// not index (retry, password). With no folder yet, the whole page is a drop target with a path field.
import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../../api';
import { Button } from '../../components/Button';
import { EmptyState, Segmented } from '../../components/Controls';
import { Icon } from '../../components/Icon';
import { PageHeader } from '../../components/PageHeader';
import { useToast } from '../../components/Toasts';
import { useApiEvent } from '../../hooks/useApiEvent';
import { useFolders } from '../../hooks/useFolders';
import { useThrottledCallback } from '../../hooks/useThrottledCallback';
import { useI18n } from '../../i18n';
import { type DocFilter, FILTER_STATUSES } from '../../lib/docStatus';
import { errorMessage } from '../../lib/errors';
import { onPathRequest } from '../../lib/libraryUi';
import { fileName } from '../../lib/paths';
import { AddFolder, type AddFolderHandle } from './AddFolder';
import { DocumentDetails } from './DocumentDetails';
import { type DocumentInfo, DocumentTable } from './DocumentTable';
import { FolderList } from './FolderList';
import { PasswordDialog } from './PasswordDialog';

const FILTERS: DocFilter[] = ['all', 'indexed', 'pending', 'failed', 'password', 'noText'];

export function LibraryPage() {
  const { t, fmt } = useI18n();
  const toast = useToast();
  const { folders, refresh } = useFolders();
  const [folderId, setFolderId] = useState<number | undefined>(undefined);
  const [filter, setFilter] = useState<DocFilter>('all');
  const [query, setQuery] = useState('');
  const [debounced, setDebounced] = useState('');
  const [selected, setSelected] = useState<DocumentInfo | null>(null);
  const [passwordFor, setPasswordFor] = useState<DocumentInfo | null>(null);
  const [counts, setCounts] = useState<Partial<Record<DocFilter, number>>>({});
  const [dropHint, setDropHint] = useState<string | null>(null);
  const [showAdd, setShowAdd] = useState(false);
  const addRef = useRef<AddFolderHandle>(null);

  useEffect(() => {
    const h = window.setTimeout(() => setDebounced(query), 200);
    return () => window.clearTimeout(h);
  }, [query]);

  // A drop the browser would not give a path for: ask for it.
  useEffect(
    () =>
      onPathRequest(({ names }) => {
        setShowAdd(true);
        setDropHint(names.length ? t('library.dropNoPathNamed', { names: names.join(', ') }) : t('library.dropNoPath'));
        window.setTimeout(() => addRef.current?.focusPath(), 50);
      }),
    [t],
  );

  const loadCounts = useCallback(() => {
    for (const f of FILTERS) {
      api
        .call('library.listDocuments', {
          folderId,
          statuses: FILTER_STATUSES[f],
          query: debounced.trim() || undefined,
          offset: 0,
          limit: 1,
        })
        .then(
          (r) => setCounts((c) => ({ ...c, [f]: r.total })),
          () => {},
        );
    }
  }, [folderId, debounced]);
  useEffect(loadCounts, [loadCounts]);
  const throttledCounts = useThrottledCallback(loadCounts, 1500);
  useApiEvent('library.changed', throttledCounts);

  // Keep the details panel in step with the file's latest state.
  const refreshSelected = useThrottledCallback(() => {
    if (!selected) return;
    api
      .call('library.listDocuments', { folderId: selected.folderId, query: selected.relPath, offset: 0, limit: 20 })
      .then(
        (r) => {
          const fresh = r.items.find((d) => d.id === selected.id);
          if (fresh) setSelected(fresh);
        },
        () => {},
      );
  }, 1000);
  useApiEvent('library.changed', refreshSelected);

  const retry = (doc: DocumentInfo) =>
    api.call('library.retry', { documentId: doc.id }).then(
      () => toast.push('info', t('library.retrying', { file: fileName(doc.path) })),
      (err) => toast.push('error', errorMessage(err)),
    );

  if (folders === null) return <div className="page page-loading" />;

  if (folders.length === 0) {
    return (
      <div className="page library-page">
        <PageHeader title={t('nav.library')} />
        <div className="library-empty">
          <EmptyState icon="inbox" title={t('library.emptyTitle')} className="drop-target">
            <p>{t('library.emptyText')}</p>
            <AddFolder ref={addRef} layout="hero" hint={dropHint} onAdded={() => refresh()} />
            <p className="empty-state-fine">{t('library.formats')}</p>
          </EmptyState>
        </div>
      </div>
    );
  }

  const totalDocs = folders.reduce((n, f) => n + f.documents, 0);
  const totalChunks = folders.reduce((n, f) => n + f.chunks, 0);

  return (
    <div className="page library-page">
      <PageHeader
        title={t('nav.library')}
        subtitle={t('library.headerStats', {
          docs: fmt.number(totalDocs),
          chunks: fmt.number(totalChunks),
          count: totalDocs,
        })}
      >
        <Button
          size="sm"
          variant={showAdd ? 'secondary' : 'primary'}
          icon="folderPlus"
          aria-expanded={showAdd}
          onClick={() => {
            setShowAdd((s) => !s);
            if (!showAdd) window.setTimeout(() => addRef.current?.focusPath(), 30);
          }}
        >
          {t('library.addFolder')}
        </Button>
        <Button
          size="sm"
          variant="ghost"
          icon="refresh"
          onClick={() => refresh()}
          aria-label={t('common.refresh')}
          title={t('common.refresh')}
        />
      </PageHeader>

      <div className="library-body">
        {showAdd && (
          <div className="add-folder-panel">
            <AddFolder
              ref={addRef}
              hint={dropHint}
              onAdded={() => {
                setDropHint(null);
                setShowAdd(false);
                refresh();
              }}
            />
          </div>
        )}

        <FolderList folders={folders} selected={folderId} onSelect={setFolderId} onRemoved={refresh} />

        <div className="library-toolbar">
          <Segmented
            size="sm"
            label={t('library.filterLabel')}
            value={filter}
            onChange={(f) => {
              setFilter(f);
              setSelected(null);
            }}
            options={FILTERS.map((f) => ({ value: f, label: t(`library.filter.${f}`), count: counts[f] ?? null }))}
          />
          <div className="search-field">
            <Icon name="search" />
            <input
              type="search"
              className="input input-sm"
              placeholder={t('library.searchPlaceholder')}
              aria-label={t('library.searchPlaceholder')}
              value={query}
              onChange={(e) => setQuery(e.target.value)}
            />
          </div>
        </div>

        <div className={`library-table-wrap${selected ? ' has-details' : ''}`}>
          <DocumentTable
            folderId={folderId}
            statuses={FILTER_STATUSES[filter]}
            query={debounced}
            selectedId={selected?.id ?? null}
            onSelect={setSelected}
            onRetry={retry}
            onPassword={setPasswordFor}
          />
          {selected && (
            <DocumentDetails
              doc={selected}
              onClose={() => setSelected(null)}
              onRetry={retry}
              onPassword={setPasswordFor}
            />
          )}
        </div>
      </div>

      <PasswordDialog doc={passwordFor} onClose={() => setPasswordFor(null)} />
    </div>
  );
}
