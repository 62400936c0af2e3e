import { useState } from 'react';
import { api } from '../../api';
import { Dialog } from '../../components/Dialog';
import { Icon } from '../../components/Icon';
import { useToast } from '../../components/Toasts';
import { useT } from '../../i18n';
import { errorMessage } from '../../lib/errors';
import { fileName } from '../../lib/paths';
import type { DocumentInfo } from './DocumentTable';

/** Asks for an encrypted file's password; the engine retries the file with it ('library.setPassword'). */
export function PasswordDialog({ doc, onClose }: { doc: DocumentInfo | null; onClose(): void }) {
  const t = useT();
  const toast = useToast();
  const [password, setPassword] = useState('');
  const [visible, setVisible] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const close = () => {
    setPassword('');
    setError(null);
    setVisible(false);
    onClose();
  };

  const submit = async () => {
    if (!doc || !password || busy) return;
    setBusy(true);
    try {
      await api.call('library.setPassword', { documentId: doc.id, password });
      toast.push('success', t('library.passwordSaved', { file: fileName(doc.path) }));
      close();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      open={doc !== null}
      title={t('library.passwordTitle')}
      description={doc ? t('library.passwordText', { file: fileName(doc.path) }) : undefined}
      onClose={close}
      onSubmit={() => void submit()}
      width={440}
      footer={
        <>
          <button type="button" className="btn btn-secondary btn-md" onClick={close}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="btn btn-primary btn-md" disabled={!password || busy} aria-busy={busy}>
            {t('library.unlock')}
          </button>
        </>
      }
    >
      {doc?.status === 'wrong-password' && !error && <p className="field-error">{t('library.wrongPassword')}</p>}
      <div className="password-field">
        <label htmlFor="doc-password" className="field-label">
          {t('library.password')}
        </label>
        <div className="input-with-button">
          <input
            id="doc-password"
            className="input"
            type={visible ? 'text' : 'password'}
            autoComplete="off"
            data-autofocus
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'doc-password-error' : undefined}
          />
          <button
            type="button"
            className="icon-btn icon-btn-md"
            aria-label={visible ? t('common.hide') : t('common.show')}
            aria-pressed={visible}
            onClick={() => setVisible((v) => !v)}
          >
            <Icon name={visible ? 'eyeOff' : 'eye'} />
          </button>
        </div>
        {error && (
          <p id="doc-password-error" className="field-error" role="alert">
            {error}
          </p>
        )}
        <p className="field-hint">{t('library.passwordPrivacy')}</p>
      </div>
    </Dialog>
  );
}
