// The empty conversation: with no folder, the way to add one; otherwise questions the user's own
// documents can answer (made and checked by the engine, see useStarters), each asked with one click.
import { Button } from '../../components/Button';
import { EmptyState } from '../../components/Controls';
import { Icon } from '../../components/Icon';
import { useStarters } from '../../hooks/useStarters';
import { useI18n } from '../../i18n';
import { navigate } from '../../lib/router';

export function ChatWelcome({
  noFolders,
  indexing,
  onExample,
}: {
  noFolders: boolean;
  indexing: boolean;
  onExample(q: string): void;
}) {
  const { t } = useI18n();
  if (noFolders) {
    return (
      <EmptyState
        icon="folderPlus"
        title={t('chat.welcomeNoDocsTitle')}
        actions={
          <Button variant="primary" icon="folderPlus" onClick={() => navigate('#/library')}>
            {t('chat.welcomeAddFolder')}
          </Button>
        }
      >
        <p>{t('chat.welcomeNoDocsText')}</p>
      </EmptyState>
    );
  }
  return (
    <EmptyState icon="sparkle" title={t('chat.welcomeTitle')}>
      <p>{indexing ? t('chat.welcomeIndexing') : t('chat.welcomeText')}</p>
      <StarterList onAsk={onExample} />
    </EmptyState>
  );
}

function StarterList({ onAsk }: { onAsk(q: string): void }) {
  const { t, lang } = useI18n();
  const starters = useStarters(lang);
  const questions = starters?.questions ?? [];
  if (questions.length === 0) {
    return starters?.pending ? (
      <p className="starters-pending" role="status">
        <span className="spinner" aria-hidden="true" />
        {t('chat.startersPending')}
      </p>
    ) : null;
  }
  return (
    <div className="examples" aria-busy={starters?.pending}>
      <p className="examples-label">{t('chat.startersLabel')}</p>
      {questions.map((q) => (
        <button key={q.text} type="button" className="example" onClick={() => onAsk(q.text)}>
          <Icon name="chevronRight" />
          {q.text}
        </button>
      ))}
    </div>
  );
}
