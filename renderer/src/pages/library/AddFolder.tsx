// Two ways to add a folder: the system picker ('library.chooseFolder'), or typing its path — the only
// way in a browser tab, which neither opens a native picker nor tells a dropped folder's path.
import { forwardRef, useImperativeHandle, useRef, useState } from 'react';
import { api } from '../../api';
import { Button } from '../../components/Button';
import { useToast } from '../../components/Toasts';
import { useAppState } from '../../hooks/useAppState';
import { useT } from '../../i18n';
import { errorMessage } from '../../lib/errors';

export interface AddFolderHandle {
  focusPath(): void;
  choose(): void;
}

interface Props {
  onAdded?(path: string): void;
  hint?: string | null;
  layout?: 'hero' | 'bar';
}

export const AddFolder = forwardRef<AddFolderHandle, Props>(function AddFolder({ onAdded, hint, layout = 'bar' }, ref) {
  const t = useT();
  const toast = useToast();
  const { info } = useAppState();
  const [path, setPath] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pickerHint, setPickerHint] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  const add = async (p: string) => {
    const value = p.trim();
    if (!value) return;
    setBusy(true);
    setError(null);
    try {
      const folder = await api.call('library.addFolder', { path: value });
      setPath('');
      setPickerHint(false);
      toast.push('success', t('library.added', { path: folder.path }));
      onAdded?.(folder.path);
    } catch (err) {
      setError(errorMessage(err));
      input.current?.focus();
    } finally {
      setBusy(false);
    }
  };

  const choose = async () => {
    try {
      const chosen = await api.call('library.chooseFolder', {});
      if (chosen) return void add(chosen);
      if (info.host === 'browser') {
        setPickerHint(true);
        input.current?.focus();
      }
    } catch {
      // No picker here: typing the path is the way.
      setPickerHint(true);
      input.current?.focus();
    }
  };

  useImperativeHandle(ref, () => ({ focusPath: () => input.current?.focus(), choose: () => void choose() }));

  const message = error ?? hint ?? (pickerHint ? t('library.browserPickerHint') : null);

  return (
    <form
      className={`add-folder add-folder-${layout}`}
      onSubmit={(e) => {
        e.preventDefault();
        void add(path);
      }}
    >
      <Button variant={layout === 'hero' ? 'primary' : 'secondary'} icon="folderOpen" onClick={() => void choose()}>
        {t('library.choose')}
      </Button>
      <span className="add-folder-or">{t('common.or')}</span>
      <div className="add-folder-path">
        <label htmlFor="folder-path" className="sr-only">
          {t('library.pathLabel')}
        </label>
        <input
          ref={input}
          id="folder-path"
          className="input"
          placeholder={t('library.pathLabel')}
          value={path}
          spellCheck={false}
          autoComplete="off"
          onChange={(e) => setPath(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={message ? 'folder-path-msg' : undefined}
        />
        <Button type="submit" variant={layout === 'hero' ? 'secondary' : 'primary'} busy={busy} disabled={!path.trim()}>
          {t('library.add')}
        </Button>
      </div>
      {message && (
        <p
          id="folder-path-msg"
          className={error ? 'field-error add-folder-msg' : 'field-hint add-folder-msg'}
          role={error ? 'alert' : undefined}
        >
          {message}
        </p>
      )}
    </form>
  );
});
