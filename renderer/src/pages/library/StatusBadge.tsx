import type { DocStatus } from '../../../../shared/types';
import { Icon } from '../../components/Icon';
import { useT } from '../../i18n';
import { STATUS_LOOK } from '../../lib/docStatus';

/** A document's status as a coloured badge; hovering shows why (the engine's message) and any warnings. */
export function StatusBadge({
  status,
  message,
  flags,
}: {
  status: DocStatus;
  message?: string | null;
  flags?: string[];
}) {
  const t = useT();
  const look = STATUS_LOOK[status];
  const warnings = (flags ?? []).filter((f) => f !== '');
  const tip = [t(`status.${status}.help`), message, ...warnings.map((f) => flagText(t, f))].filter(Boolean).join('\n');
  return (
    <span className={`badge badge-${look.tone}${status === 'indexing' ? ' is-spinning' : ''}`} title={tip}>
      <Icon name={look.icon} />
      {t(`status.${status}`)}
      {status === 'indexed' && warnings.length > 0 && (
        <>
          <span className="badge-dot" aria-hidden="true" />
          <span className="sr-only">{t('library.hasWarnings')}</span>
        </>
      )}
    </span>
  );
}

export function flagText(t: ReturnType<typeof useT>, flag: string): string {
  switch (flag) {
    case 'no-text-layer-pages':
      return t('flag.noTextLayerPages');
    case 'garbage-pages':
      return t('flag.garbagePages');
    case 'truncated':
      return t('flag.truncated');
    case 'encoding-guessed':
      return t('flag.encodingGuessed');
    default:
      return flag;
  }
}
