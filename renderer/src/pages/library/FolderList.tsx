import { useState } from 'react';
import { api } from '../../api';
import { ConfirmDialog } from '../../components/Dialog';
import { Icon } from '../../components/Icon';
import { Menu } from '../../components/Menu';
import { useToast } from '../../components/Toasts';
import type { FolderInfo } from '../../hooks/useFolders';
import { useI18n } from '../../i18n';
import { errorMessage } from '../../lib/errors';
import { fileName, ltrPath } from '../../lib/paths';

/** The watched folders as selectable cards with their counts; selecting one filters the table. */
export function FolderList({
  folders,
  selected,
  onSelect,
  onRemoved,
}: {
  folders: FolderInfo[];
  selected: number | undefined;
  onSelect(id: number | undefined): void;
  onRemoved(): void;
}) {
  const { t, fmt } = useI18n();
  const toast = useToast();
  const [removing, setRemoving] = useState<FolderInfo | null>(null);

  return (
    <>
      <ul className="folder-list" aria-label={t('library.folders')}>
        {folders.map((f) => {
          const ratio = f.documents ? f.indexed / f.documents : 0;
          const isSelected = selected === f.id;
          return (
            <li key={f.id} className={`folder-card${isSelected ? ' is-selected' : ''}`}>
              <button
                type="button"
                className="folder-card-main"
                aria-pressed={isSelected}
                title={isSelected ? t('library.showAllFolders') : t('library.filterFolder')}
                onClick={() => onSelect(isSelected ? undefined : f.id)}
              >
                <span className="folder-card-title">
                  <Icon name="folder" />
                  <span className="folder-name">{fileName(f.path)}</span>
                </span>
                <span className="folder-path">{ltrPath(f.path)}</span>
                <span className="folder-stats">
                  <span>{t('library.docCount', { count: f.documents, n: fmt.number(f.documents) })}</span>
                  <span>{t('library.chunkCount', { count: f.chunks, n: fmt.number(f.chunks) })}</span>
                  {f.failed > 0 && (
                    <span className="text-danger">
                      {t('library.failedCount', { count: f.failed, n: fmt.number(f.failed) })}
                    </span>
                  )}
                </span>
                <span className="folder-meter" aria-hidden="true">
                  <span style={{ width: `${Math.round(ratio * 100)}%` }} />
                </span>
              </button>
              <Menu
                label={t('library.folderActions', { name: fileName(f.path) })}
                className="folder-card-menu"
                items={[
                  { label: t('library.removeFolder'), icon: 'trash', danger: true, onSelect: () => setRemoving(f) },
                ]}
              />
            </li>
          );
        })}
      </ul>
      <ConfirmDialog
        open={removing !== null}
        title={t('library.removeTitle')}
        message={removing ? t('library.removeMessage', { path: removing.path }) : ''}
        confirmLabel={t('library.removeFolder')}
        danger
        onClose={() => setRemoving(null)}
        onConfirm={() => {
          const f = removing;
          if (!f) return;
          api.call('library.removeFolder', { folderId: f.id }).then(
            () => {
              if (selected === f.id) onSelect(undefined);
              onRemoved();
              toast.push('success', t('library.removed', { path: f.path }));
            },
            (err) => toast.push('error', errorMessage(err)),
          );
        }}
      />
    </>
  );
}
