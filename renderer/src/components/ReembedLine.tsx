// The re-embedding in the page header, next to the indexer: a short label, the count and a small bar while
// the library's vectors are recomputed for a new embedding model, or a red line when that failed. It links
// to the model settings, where the full progress and the reason of a failure are.
import { type ReembedStatus, reembedActive, useReembed } from '../hooks/useReembed';
import { useI18n } from '../i18n';
import { Icon } from './Icon';

export function ReembedBar({ status, compact }: { status: ReembedStatus; compact?: boolean }) {
  const { t, fmt } = useI18n();
  const known = status.total > 0 && status.state === 'running';
  const ratio = known ? Math.min(1, status.done / status.total) : 0;
  return (
    <div
      className={`progress${known ? '' : ' is-indeterminate'}${compact ? ' progress-compact' : ''}`}
      role="progressbar"
      aria-label={t('reembed.progressLabel')}
      aria-valuemin={0}
      aria-valuemax={status.total || undefined}
      aria-valuenow={known ? status.done : undefined}
      aria-valuetext={t('reembed.count', { done: fmt.number(status.done), total: fmt.number(status.total) })}
    >
      <div className="progress-fill" style={known ? { width: `${(ratio * 100).toFixed(1)}%` } : undefined} />
    </div>
  );
}

export function ReembedLine() {
  const { t, fmt } = useI18n();
  const { status } = useReembed();
  if (reembedActive(status))
    return (
      <a className="indexing reembed-line" href="#/settings/model" title={t('reembed.searchKeepsOld')}>
        <span className="indexing-text">
          <span className="indexing-label">{t('reembed.short')}</span>
          <span className="indexing-count">
            {t('reembed.count', { done: fmt.number(status.done), total: fmt.number(status.total) })}
          </span>
          {status.etaSeconds !== null && status.etaSeconds > 0 && (
            <span className="indexing-eta">{t('indexing.eta', { time: fmt.duration(status.etaSeconds) })}</span>
          )}
        </span>
        <ReembedBar status={status} compact />
      </a>
    );
  if (status?.state === 'failed')
    return (
      <a className="indexing reembed-line is-failed" href="#/settings/model" title={status.error}>
        <Icon name="alert" />
        <span>{t('reembed.failedShort')}</span>
      </a>
    );
  return null;
}
