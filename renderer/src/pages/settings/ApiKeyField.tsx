// The Gemini key: stored by the shell (OS keychain when it can), shown back only masked, and testable.
import { useEffect, useState } from 'react';
import type { MethodResult } from '../../../../shared/api';
import { api } from '../../api';
import { Button } from '../../components/Button';
import { Field } from '../../components/Controls';
import { Icon } from '../../components/Icon';
import { useToast } from '../../components/Toasts';
import { useI18n } from '../../i18n';
import { errorMessage } from '../../lib/errors';

type Status = MethodResult<'secrets.status'>;

export function ApiKeyField({ disabled }: { disabled: boolean }) {
  const { t } = useI18n();
  const toast = useToast();
  const [status, setStatus] = useState<Status | null>(null);
  const [key, setKey] = useState('');
  const [busy, setBusy] = useState<'save' | 'test' | 'remove' | null>(null);
  const [test, setTest] = useState<{ ok: boolean; message: string } | null>(null);

  useEffect(() => {
    api.call('secrets.status', {}).then(setStatus, () => setStatus(null));
  }, []);

  const save = async (value: string) => {
    setBusy(value ? 'save' : 'remove');
    setTest(null);
    try {
      setStatus(await api.call('secrets.setApiKey', { key: value }));
      setKey('');
      toast.push('success', value ? t('settings.keySaved') : t('settings.keyRemoved'));
    } catch (err) {
      toast.push('error', errorMessage(err));
    } finally {
      setBusy(null);
    }
  };

  const runTest = async () => {
    setBusy('test');
    setTest(null);
    try {
      setTest(await api.call('secrets.testKey', {}));
    } catch (err) {
      setTest({ ok: false, message: errorMessage(err) });
    } finally {
      setBusy(null);
    }
  };

  const statusText = !status
    ? '…'
    : status.hasKey
      ? t('settings.keyStatus', {
          masked: status.masked ?? '••••',
          source: t(`settings.keySource.${status.source}`),
          encryption: t(`settings.keyEncryption.${status.encryption}`),
        })
      : t('settings.noKey');

  return (
    <Field label={t('settings.apiKey')} hint={disabled ? t('settings.geminiBlocked') : statusText}>
      {(id, describedBy) => (
        <div className="api-key">
          <form
            className="input-row"
            onSubmit={(e) => {
              e.preventDefault();
              if (key.trim()) void save(key.trim());
            }}
          >
            <input
              id={id}
              className="input mono"
              type="password"
              autoComplete="off"
              spellCheck={false}
              placeholder={status?.hasKey ? t('settings.replaceKey') : 'AIza…'}
              value={key}
              disabled={disabled}
              aria-describedby={describedBy}
              onChange={(e) => setKey(e.target.value)}
            />
            <Button type="submit" variant="primary" size="sm" busy={busy === 'save'} disabled={disabled || !key.trim()}>
              {t('common.save')}
            </Button>
            <Button
              size="sm"
              busy={busy === 'test'}
              disabled={disabled || !status?.hasKey}
              onClick={() => void runTest()}
            >
              {t('settings.testKey')}
            </Button>
            {status?.hasKey && status.source === 'settings' && (
              <Button size="sm" variant="ghost" busy={busy === 'remove'} onClick={() => void save('')}>
                {t('settings.removeKey')}
              </Button>
            )}
          </form>
          {test && (
            <p className={test.ok ? 'test-result is-ok' : 'test-result is-error'} role="status">
              <Icon name={test.ok ? 'check' : 'alert'} /> {test.message}
            </p>
          )}
        </div>
      )}
    </Field>
  );
}
