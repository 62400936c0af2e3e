// Under an answer: what the engine's citation check found. A badge counts the sentences the cited passages
// support (a written answer is checked sentence by sentence; the marks are on the sentences themselves); a note
// says when the model cited passage numbers it was never given, or none at all, rather than show an answer that
// only looks grounded.
import { Icon } from '../../components/Icon';
import { useI18n } from '../../i18n';
import type { Message } from '../../lib/chatStore';
import { checkCounts } from '../../lib/checkText';

export function CitationCheckNote({ check }: { check: Message['citationCheck'] }) {
  const { t } = useI18n();
  if (!check) return null;
  const counts = check.sentences ? checkCounts(check.sentences) : null;
  const warn = check.uncited || check.invalid.length > 0;
  if (!warn && (!counts || counts.total === 0)) return null;
  const all = counts !== null && counts.supported === counts.total;
  return (
    <>
      {counts && counts.total > 0 && (
        <div className="check-line">
          <span
            className={`badge check-badge ${all ? 'badge-success' : 'badge-warning'}`}
            title={t('check.badgeTitle')}
          >
            <Icon name={all ? 'check' : 'alert'} />
            {t('check.badge', counts)}
          </span>
        </div>
      )}
      {warn && (
        <div className="msg-note msg-note-warn" role="note">
          <Icon name="info" />
          <span>
            {check.uncited && t('chat.uncited')}
            {check.uncited && check.invalid.length > 0 && ' '}
            {check.invalid.length > 0 &&
              t('chat.invalidCitations', { numbers: check.invalid.map((n) => `[${n}]`).join(', ') })}
          </span>
        </div>
      )}
    </>
  );
}
