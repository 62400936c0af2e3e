// Under an answer: what the engine found wrong with its citations. A small local model may cite passage
// numbers it was never given, or none at all; the reader is told, rather than shown an answer that only
// looks grounded.
import type { Message } from '../../lib/chatStore';
import { Icon } from '../../components/Icon';
import { useI18n } from '../../i18n';

export function CitationCheckNote({ check }: { check: Message['citationCheck'] }) {
  const { t } = useI18n();
  if (!check || (!check.uncited && check.invalid.length === 0)) return null;
  return (
    <div className="msg-note msg-note-warn" role="note">
      <Icon name="info" />
      <span>
        {check.uncited && t('chat.uncited')}
        {check.uncited && check.invalid.length > 0 && ' '}
        {check.invalid.length > 0 &&
          t('chat.invalidCitations', { numbers: check.invalid.map((n) => `[${n}]`).join(', ') })}
      </span>
    </div>
  );
}
