// Folders can be dropped anywhere on the window. Inside Electron the preload tells the dropped item's
// path and the folder is added at once; a browser hides paths, so the library page asks for it instead.
import { useEffect, useRef, useState } from 'react';
import { api } from '../api';
import { useI18n } from '../i18n';
import { errorMessage } from '../lib/errors';
import { requestPathEntry } from '../lib/libraryUi';
import { pathForDroppedFile } from '../lib/platform';
import { navigate } from '../lib/router';
import { Icon } from './Icon';
import { useToast } from './Toasts';

function carriesFiles(e: DragEvent): boolean {
  return Array.from(e.dataTransfer?.types ?? []).includes('Files');
}

export function DropOverlay() {
  const { t } = useI18n();
  const toast = useToast();
  const [active, setActive] = useState(false);
  const depth = useRef(0);

  useEffect(() => {
    const enter = (e: DragEvent) => {
      if (!carriesFiles(e)) return;
      e.preventDefault();
      depth.current++;
      setActive(true);
    };
    const over = (e: DragEvent) => {
      if (!carriesFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    };
    const leave = (e: DragEvent) => {
      if (!carriesFiles(e)) return;
      depth.current = Math.max(0, depth.current - 1);
      if (depth.current === 0) setActive(false);
    };
    const drop = (e: DragEvent) => {
      if (!carriesFiles(e)) return;
      e.preventDefault();
      depth.current = 0;
      setActive(false);
      const files = Array.from(e.dataTransfer?.files ?? []);
      const paths = files.map(pathForDroppedFile).filter((p): p is string => p !== null);
      navigate('#/library');
      if (paths.length === 0) {
        requestPathEntry({ names: files.map((f) => f.name) });
        return;
      }
      for (const path of paths) {
        api.call('library.addFolder', { path }).then(
          (folder) => toast.push('success', t('library.added', { path: folder.path })),
          (err) => toast.push('error', t('library.addFailed', { path, reason: errorMessage(err) })),
        );
      }
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  }, [t, toast]);

  if (!active) return null;
  return (
    <div className="drop-overlay" aria-hidden="true">
      <div className="drop-overlay-card">
        <Icon name="inbox" size={36} className="drop-icon" />
        <strong>{t('library.dropTitle')}</strong>
        <span>{t('library.dropHint')}</span>
      </div>
    </div>
  );
}
