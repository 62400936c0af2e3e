// The library's vectors being recomputed for a new embedding model, in the model settings: a bar with the
// passages done, the speed and the time left, and a reminder that search keeps the old model until the
// switch. A failure says why and that nothing was lost; a finish seen here says the new model is in use.
import { Icon } from '../../components/Icon';
import { reembedActive, useReembed } from '../../hooks/useReembed';
import { type MessageKey, useI18n } from '../../i18n';
import { ReembedBar } from '../../components/ReembedLine';

/** The engine's failure codes this page can say in its own words. */
const KNOWN_CODES = {
  'local-only': 'reembed.code.local-only',
  'not-running': 'reembed.code.not-running',
  'model-missing': 'reembed.code.model-missing',
  'not-found': 'reembed.code.not-found',
  'not-gguf': 'reembed.code.not-gguf',
  corrupt: 'reembed.code.corrupt',
  truncated: 'reembed.code.corrupt',
  'too-big': 'reembed.code.too-big',
} as const satisfies Record<string, MessageKey>;

export function ReembedProgress() {
  const { t, fmt } = useI18n();
  const { status, seenRunning } = useReembed();
  if (!status) return null;

  if (reembedActive(status))
    return (
      <div className="callout callout-info reembed-callout" role="status">
        <Icon name="refresh" />
        <div className="reembed-body">
          <p>
            <strong>{status.state === 'switching' ? t('reembed.switching') : t('reembed.running')}</strong>
          </p>
          <p className="muted">{t('reembed.searchKeepsOld')}</p>
          <ReembedBar status={status} />
          <p className="reembed-figures">
            {[
              t('reembed.count', { done: fmt.number(status.done), total: fmt.number(status.total) }),
              status.rate > 0 ? t('indexing.speed', { rate: fmt.number(Math.round(status.rate)) }) : null,
              status.etaSeconds !== null && status.etaSeconds > 0
                ? t('indexing.eta', { time: fmt.duration(status.etaSeconds) })
                : null,
            ]
              .filter(Boolean)
              .join(' · ')}
          </p>
        </div>
      </div>
    );

  // A failure with a code the page knows is said in the page's language; the engine's words follow as detail.
  const known = status.errorCode ? KNOWN_CODES[status.errorCode as keyof typeof KNOWN_CODES] : undefined;
  if (status.state === 'failed')
    return (
      <div className="callout callout-error reembed-callout" role="alert">
        <Icon name="alert" />
        <div>
          <p>
            <strong>{t('reembed.failed')}</strong>
          </p>
          {known ? (
            <>
              <p>{t(known)}</p>
              {status.error && <p className="muted">{t('reembed.detail', { detail: status.error })}</p>}
            </>
          ) : (
            <p>{status.error ?? t('chat.errorUnknown')}</p>
          )}
          <p className="muted">{t('reembed.failedKept')}</p>
        </div>
      </div>
    );

  if (!seenRunning) return null;
  if (status.state === 'done')
    return (
      <div className="callout callout-success reembed-callout" role="status">
        <Icon name="check" />
        <p>{t('reembed.done', { total: fmt.number(status.total) })}</p>
      </div>
    );
  return (
    <div className="callout reembed-callout" role="status">
      <Icon name="info" />
      <p>{t('reembed.cancelled')}</p>
    </div>
  );
}
