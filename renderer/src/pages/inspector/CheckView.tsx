// The inspector's "Check" tab: the citation check of the answer, sentence by sentence — its label, what it
// cites, what was not found, the span of the passage that says it, and any citation the engine corrected.
import { useI18n } from '../../i18n';
import type { InspectTarget } from '../../lib/chatStore';
import { checkReason, isFlagged, type SentenceCheck } from '../../lib/checkText';

const BADGE: Record<SentenceCheck['support'], string> = {
  supported: 'badge-success',
  'partly-supported': 'badge-warning',
  'not-supported': 'badge-danger',
  'no-claim': 'badge-neutral',
};

const cites = (ns: number[]) => ns.map((n) => `[${n}]`).join(', ');

export function CheckView({ target }: { target: InspectTarget }) {
  const { t } = useI18n();
  const sentences = target.check ?? [];
  if (sentences.length === 0) return <p className="muted">{t('inspector.checkEmpty')}</p>;
  /** The words of passage [n] the span covers (the passage as the prompt numbered it). */
  const spanText = (s: SentenceCheck): string | null => {
    if (!s.span || !target.report) return null;
    const chunkId = target.report.usedChunkIds[s.span.n - 1];
    const chunk = target.hits.find((h) => h.chunk.id === chunkId)?.chunk;
    return chunk ? chunk.text.slice(s.span.start, s.span.end).trim() : null;
  };
  return (
    <ol className="check-list" aria-label={t('inspector.checkLabel')}>
      {sentences.map((s) => {
        const said = s.support === 'no-claim' ? null : spanText(s);
        return (
          <li key={s.start} className={`check-item is-${s.support}`}>
            <span className={`badge ${BADGE[s.support]}`}>{t(`check.support.${s.support}`)}</span>
            <p className="check-item-text">{s.text}</p>
            {isFlagged(s) && <p className="check-item-detail">{checkReason(t, s)}</p>}
            {s.repaired && (
              <p className="check-item-detail">
                {s.repaired.from.length
                  ? t('inspector.checkRepaired', { from: cites(s.repaired.from), to: cites(s.repaired.to) })
                  : t('inspector.checkAdded', { to: cites(s.repaired.to) })}
              </p>
            )}
            {said && s.span && (
              <blockquote className="check-item-span">
                <strong>
                  {t(s.support === 'supported' ? 'inspector.checkSpan' : 'inspector.checkNearest', { n: s.span.n })}
                </strong>{' '}
                {said}
              </blockquote>
            )}
          </li>
        );
      })}
    </ol>
  );
}
