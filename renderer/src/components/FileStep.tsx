// Long work inside the file being indexed (OCR of its scanned pages): "OCR : page 3 / 12" and a
// determinate bar for that file. Shown in the header's indexing status and in the file's details.
import { useIndexing } from '../hooks/useIndexing';
import type { IndexProgress } from '../hooks/useProgress';
import { useI18n } from '../i18n';
import { fileName } from '../lib/paths';

type Step = NonNullable<IndexProgress['fileStep']>;

/**
 * The page being read, 1-based: `done` pages are finished, so the next one is under way ("page 1 / 12" from
 * the start rather than "page 0 / 12"); once all are done, the last.
 */
export function pageInProgress(step: Step): number {
  const total = Math.max(0, step.total);
  return Math.min(total, Math.max(0, step.done) + 1);
}

/** The step under way in `path` if it is the file being indexed, else null. */
export function useFileStep(path: string): Step | null {
  const { progress } = useIndexing();
  return progress?.currentFile === path ? progress.fileStep : null;
}

export function FileStep({ step, file, className }: { step: Step; file: string | null; className?: string }) {
  const { t, fmt } = useI18n();
  const total = Math.max(0, step.total);
  const done = Math.max(0, Math.min(step.done, total));
  const text = t('indexing.ocrStep', { page: fmt.number(pageInProgress(step)), total: fmt.number(total) });
  return (
    <div className={`file-step${className ? ` ${className}` : ''}`}>
      <span className="file-step-text">{text}</span>
      <div
        className="progress file-step-bar"
        role="progressbar"
        aria-label={t('indexing.ocrStepLabel', { file: file ? fileName(file) : '…' })}
        aria-valuemin={0}
        aria-valuemax={total || undefined}
        aria-valuenow={total ? done : undefined}
        aria-valuetext={text}
      >
        <div className="progress-fill" style={{ width: `${total ? ((done / total) * 100).toFixed(1) : 0}%` }} />
      </div>
    </div>
  );
}
