// Adding a GGUF file Lucarne did not find by itself: dropped on the local-models section, picked with the
// system's file dialog (desktop app), or typed as a path (the browser host, where pages cannot learn a
// file's path). The engine reads the header before keeping it, so a wrong file is refused with a reason.
import { type DragEvent, type ReactNode, useCallback, useRef, useState } from 'react';
import { api } from '../../api';
import { Button } from '../../components/Button';
import { Field } from '../../components/Controls';
import { Icon } from '../../components/Icon';
import { useToast } from '../../components/Toasts';
import { useAppState } from '../../hooks/useAppState';
import { useI18n } from '../../i18n';
import { errorMessage } from '../../lib/errors';
import { pathForDroppedFile } from '../../lib/platform';
import { modelErrorText } from './modelText';

export interface Adder {
  busy: boolean;
  error: string | null;
  /** A browser drop: the file's name is known, its path is not; the path field asks for it. */
  askPathFor: string | null;
  add(path: string): Promise<boolean>;
  refuse(error: string): void;
  askPath(name: string): void;
}

export function useAddModel(onAdded: (path: string) => void): Adder {
  const { t } = useI18n();
  const toast = useToast();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [askPathFor, setAskPathFor] = useState<string | null>(null);

  const add = useCallback(
    async (path: string) => {
      setBusy(true);
      setError(null);
      try {
        const model = await api.call('models.add', { path });
        onAdded(model.path);
        setAskPathFor(null);
        if (model.error) setError(t('models.addedBroken', { reason: modelErrorText(t, model.error) }));
        else toast.push('success', t('models.added', { name: model.name }));
        return true;
      } catch (err) {
        setError(t('models.addFailed', { reason: errorMessage(err) }));
        return false;
      } finally {
        setBusy(false);
      }
    },
    [onAdded, t, toast],
  );
  const refuse = useCallback((message: string) => setError(message), []);
  const askPath = useCallback((name: string) => {
    setError(null);
    setAskPathFor(name);
  }, []);
  return { busy, error, askPathFor, add, refuse, askPath };
}

const isGguf = (name: string) => /\.gguf$/i.test(name);
const carriesFiles = (e: DragEvent) => Array.from(e.dataTransfer.types).includes('Files');

/**
 * Takes file drops over its children. The window-wide drop (DropOverlay) adds folders to the library: the
 * events stop here so a model file dropped on this section is not mistaken for a folder of documents.
 */
export function ModelDropZone({ adder, children }: { adder: Adder; children: ReactNode }) {
  const { t } = useI18n();
  const [over, setOver] = useState(false);
  const depth = useRef(0);
  const stop = (e: DragEvent) => {
    if (!carriesFiles(e)) return false;
    e.preventDefault();
    e.stopPropagation();
    return true;
  };
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: dropping is a pointer shortcut; the file picker and the path field do the same from the keyboard
    <div
      className={`model-drop${over ? ' is-over' : ''}`}
      onDragEnter={(e) => {
        if (!stop(e)) return;
        depth.current++;
        setOver(true);
      }}
      onDragOver={(e) => {
        if (stop(e)) e.dataTransfer.dropEffect = 'copy';
      }}
      onDragLeave={(e) => {
        if (!stop(e)) return;
        depth.current = Math.max(0, depth.current - 1);
        if (depth.current === 0) setOver(false);
      }}
      onDrop={(e) => {
        if (!stop(e)) return;
        depth.current = 0;
        setOver(false);
        const file = e.dataTransfer.files[0];
        if (!file) return;
        if (!isGguf(file.name)) {
          adder.refuse(t('models.dropNotGguf', { name: file.name }));
          return;
        }
        const path = pathForDroppedFile(file);
        if (path) void adder.add(path);
        else adder.askPath(file.name);
      }}
    >
      {children}
      {over && (
        <div className="model-drop-hint" aria-hidden="true">
          <Icon name="download" size={28} />
          <strong>{t('models.dropHere')}</strong>
        </div>
      )}
    </div>
  );
}

/** The picker button (desktop) or the path field (browser), the drop hint, and the last refusal. */
export function AddModel({ adder }: { adder: Adder }) {
  const { t } = useI18n();
  const { info } = useAppState();
  const [path, setPath] = useState('');
  const browser = info.host === 'browser';

  const pick = async () => {
    try {
      const chosen = await api.call('models.chooseFile', {});
      if (chosen) await adder.add(chosen);
    } catch (err) {
      adder.refuse(t('models.addFailed', { reason: errorMessage(err) }));
    }
  };

  return (
    <Field
      label={t('models.addLabel')}
      hint={adder.askPathFor ? t('models.browserNoPath', { name: adder.askPathFor }) : t('models.dropHint')}
    >
      {(id, describedBy) => (
        <div className="model-add">
          {browser ? (
            <form
              className="input-row"
              onSubmit={(e) => {
                e.preventDefault();
                const p = path.trim();
                if (p) void adder.add(p).then((ok) => ok && setPath(''));
              }}
            >
              <input
                id={id}
                className="input mono"
                value={path}
                spellCheck={false}
                aria-describedby={describedBy}
                placeholder={
                  adder.askPathFor ? t('models.pathFor', { name: adder.askPathFor }) : t('models.pathPlaceholder')
                }
                onChange={(e) => setPath(e.target.value)}
              />
              <Button type="submit" size="sm" icon="plus" busy={adder.busy} disabled={!path.trim()}>
                {t('models.add')}
              </Button>
            </form>
          ) : (
            <div>
              <Button
                size="sm"
                icon="folderOpen"
                busy={adder.busy}
                aria-describedby={describedBy}
                onClick={() => void pick()}
              >
                {t('models.chooseFile')}
              </Button>
            </div>
          )}
          {adder.error && (
            <div className="callout callout-error" role="alert">
              <Icon name="alert" />
              <p>{adder.error}</p>
            </div>
          )}
        </div>
      )}
    </Field>
  );
}
