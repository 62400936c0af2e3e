import type { DocStatus } from '../../../../shared/types';
import { pageInProgress, useFileStep } from '../../components/FileStep';
import { Icon } from '../../components/Icon';
import { useI18n, useT } from '../../i18n';
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
  const notes = (flags ?? []).filter((f) => f !== '');
  // Text read by OCR is a fact, not a warning: it has its own tag (OcrTag), not the warning dot.
  const warnings = notes.filter((f) => !INFO_FLAGS.has(f));
  const tip = [t(`status.${status}.help`), message, ...notes.map((f) => flagText(t, f))].filter(Boolean).join('\n');
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

/** Flags that inform rather than warn. */
export const INFO_FLAGS = new Set(['ocr-pages']);

/**
 * A small "OCR" tag beside a status: the file being read by OCR right now ("OCR 3/12"), or an indexed file
 * some of whose pages were read by OCR.
 */
export function OcrTag({ path, status, flags }: { path: string; status: DocStatus; flags: string[] }) {
  if (status === 'indexing') return <OcrStepTag path={path} />;
  if (status !== 'indexed' || !flags.includes('ocr-pages')) return null;
  return <OcrFlagTag />;
}

function OcrFlagTag() {
  const t = useT();
  return (
    <span className="ocr-tag" title={t('flag.ocrPages')}>
      OCR<span className="sr-only"> : {t('flag.ocrPages')}</span>
    </span>
  );
}

function OcrStepTag({ path }: { path: string }) {
  const { t, fmt } = useI18n();
  const step = useFileStep(path);
  if (!step) return null;
  const page = fmt.number(pageInProgress(step));
  const text = t('indexing.ocrStep', { page, total: fmt.number(step.total) });
  return (
    <span className="ocr-tag is-live" title={text}>
      OCR {page}/{fmt.number(step.total)}
      <span className="sr-only">{text}</span>
    </span>
  );
}

export function flagText(t: ReturnType<typeof useT>, flag: string): string {
  switch (flag) {
    case 'no-text-layer-pages':
      return t('flag.noTextLayerPages');
    case 'garbage-pages':
      return t('flag.garbagePages');
    case 'ocr-pages':
      return t('flag.ocrPages');
    case 'truncated':
      return t('flag.truncated');
    case 'encoding-guessed':
      return t('flag.encodingGuessed');
    case 'set-aside':
      return t('flag.setAside');
    case 'update-failed':
      return t('flag.updateFailed');
    default:
      return flag;
  }
}
