// The "Test" button: one embedding and one short answer with the models chosen now, so the user learns at
// once whether they load and how fast they are, before indexing or asking anything. Each step says its
// timing and its result, or why it failed.
import { useState } from 'react';
import type { MethodResult } from '../../../../shared/api';
import { api } from '../../api';
import { Button } from '../../components/Button';
import { Field } from '../../components/Controls';
import { Icon } from '../../components/Icon';
import { useI18n } from '../../i18n';
import { errorMessage } from '../../lib/errors';

type TestResult = MethodResult<'models.test'>;

export function ModelTest() {
  const { t, fmt } = useI18n();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<TestResult | null>(null);
  const [error, setError] = useState<string | null>(null);

  const run = async () => {
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      setResult(await api.call('models.test', {}));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const ms = (n: number | null) => (n === null ? '—' : t('models.ms', { n: fmt.number(Math.round(n)) }));

  return (
    <Field label={t('models.test')} hint={t('models.testHint')}>
      {() => (
        <div className="model-test">
          <div>
            <Button size="sm" icon="play" busy={busy} onClick={() => void run()}>
              {t('models.testRun')}
            </Button>
          </div>
          {error && (
            <p className="test-result is-error" role="alert">
              <Icon name="alert" /> {t('models.testFailed', { reason: error })}
            </p>
          )}
          {result && (
            <ul className="model-test-steps" aria-label={t('models.testResults')}>
              <li className={result.embed.ok ? 'is-ok' : 'is-error'}>
                <Icon name={result.embed.ok ? 'check' : 'alert'} />
                <div>
                  <strong>{t('models.testEmbed')}</strong>
                  <span className="muted"> · {result.embed.model || '—'}</span>
                  <p>
                    {result.embed.ok
                      ? t('models.testEmbedOk', {
                          dim: result.embed.dim === null ? '—' : fmt.number(result.embed.dim),
                          time: ms(result.embed.ms),
                        })
                      : result.embed.detail}
                  </p>
                </div>
              </li>
              <li className={result.chat.ok ? 'is-ok' : 'is-error'}>
                <Icon name={result.chat.ok ? 'check' : 'alert'} />
                <div>
                  <strong>{t('models.testChat')}</strong>
                  <span className="muted"> · {result.chat.model || '—'}</span>
                  <p>
                    {result.chat.ok
                      ? t('models.testChatOk', { first: ms(result.chat.firstTokenMs), total: ms(result.chat.ms) })
                      : result.chat.detail}
                  </p>
                  {result.chat.ok && result.chat.detail && <blockquote>{result.chat.detail}</blockquote>}
                </div>
              </li>
            </ul>
          )}
        </div>
      )}
    </Field>
  );
}
