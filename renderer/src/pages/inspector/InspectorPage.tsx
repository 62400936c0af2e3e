// "What the model saw": for the last answer (or a question typed here), the passages retrieved with their
// scores, the prompt section by section against the context budget, the text as tokens, and where the
// passages sit in embedding space.
import { type KeyboardEvent, useEffect, useRef, useState } from 'react';
import { api } from '../../api';
import { Button } from '../../components/Button';
import { EmptyState } from '../../components/Controls';
import { Icon, type IconName } from '../../components/Icon';
import { PageHeader } from '../../components/PageHeader';
import { useAppState } from '../../hooks/useAppState';
import { type MessageKey, useI18n } from '../../i18n';
import { getInspectTarget, type InspectTarget, setInspectTarget, useChatStoreVersion } from '../../lib/chatStore';
import { errorMessage } from '../../lib/errors';
import { CheckView } from './CheckView';
import { EmbeddingMap } from './EmbeddingMap';
import { HitsTable } from './HitsTable';
import { PromptView } from './PromptView';
import { type TokenSource, TokenView } from './TokenView';

type Tab = 'hits' | 'prompt' | 'check' | 'tokens' | 'map';
const TABS: { id: Tab; label: MessageKey; icon: IconName }[] = [
  { id: 'hits', label: 'inspector.tab.hits', icon: 'layers' },
  { id: 'prompt', label: 'inspector.tab.prompt', icon: 'fileText' },
  { id: 'check', label: 'inspector.tab.check', icon: 'check' },
  { id: 'tokens', label: 'inspector.tab.tokens', icon: 'hash' },
  { id: 'map', label: 'inspector.tab.map', icon: 'scatter' },
];

/** Without an answer in this session, the last answer of the most recent conversation. */
async function loadLatestTarget(): Promise<InspectTarget | null> {
  const list = await api.call('conversations.list', {});
  for (const c of list.slice(0, 3)) {
    const { messages } = await api.call('conversations.get', { conversationId: c.id });
    for (let i = messages.length - 1; i >= 0; i--) {
      const m = messages[i];
      if (m.role === 'assistant' && (m.report || m.hits.length)) {
        const q = messages
          .slice(0, i)
          .reverse()
          .find((x) => x.role === 'user');
        return {
          messageId: m.id,
          question: q?.text ?? '',
          hits: m.hits,
          report: m.report,
          check: m.citationCheck?.sentences ?? null,
        };
      }
    }
  }
  return null;
}

export function InspectorPage() {
  const { t } = useI18n();
  const { settings } = useAppState();
  useChatStoreVersion();
  const target = getInspectTarget();
  const [tab, setTab] = useState<Tab>('hits');
  const [question, setQuestion] = useState(target?.question ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [booting, setBooting] = useState(target === null);
  const [tokenSource, setTokenSource] = useState<TokenSource | null>(null);
  const tabRefs = useRef<Record<Tab, HTMLButtonElement | null>>({
    hits: null,
    prompt: null,
    check: null,
    tokens: null,
    map: null,
  });

  useEffect(() => {
    if (getInspectTarget()) return;
    loadLatestTarget()
      .then((tg) => {
        if (tg && !getInspectTarget()) {
          setInspectTarget(tg);
          setQuestion(tg.question);
        }
      })
      .catch(() => {})
      .finally(() => setBooting(false));
  }, []);

  useEffect(() => {
    if (target) setQuestion((q) => q || target.question);
  }, [target]);

  const run = async () => {
    const q = question.trim();
    if (!q) return;
    setBusy(true);
    setError(null);
    try {
      const [hits, report] = await Promise.all([
        api.call('search.query', { query: q, k: Math.max(settings.topK * 2, 10), mode: 'hybrid' }),
        api.call('inspect.promptPreview', { question: q }),
      ]);
      setInspectTarget({ messageId: null, question: q, hits, report });
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const showTokens = (source: TokenSource) => {
    setTokenSource(source);
    setTab('tokens');
  };

  const onTabKey = (e: KeyboardEvent) => {
    const i = TABS.findIndex((x) => x.id === tab);
    const next =
      e.key === 'ArrowRight'
        ? i + 1
        : e.key === 'ArrowLeft'
          ? i - 1
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? TABS.length - 1
              : null;
    if (next === null) return;
    e.preventDefault();
    const id = TABS[(next + TABS.length) % TABS.length].id;
    setTab(id);
    tabRefs.current[id]?.focus();
  };

  return (
    <div className="page inspector-page">
      <PageHeader title={t('nav.inspector')} subtitle={t('inspector.subtitle')} />
      <div className="inspector-body">
        <form
          className="inspector-query"
          onSubmit={(e) => {
            e.preventDefault();
            void run();
          }}
        >
          <div className="search-field search-field-lg">
            <Icon name="search" />
            <input
              className="input"
              value={question}
              maxLength={2000}
              onChange={(e) => setQuestion(e.target.value)}
              placeholder={t('inspector.queryPlaceholder')}
              aria-label={t('inspector.queryLabel')}
            />
          </div>
          <Button type="submit" variant="primary" busy={busy} disabled={!question.trim()}>
            {t('inspector.run')}
          </Button>
        </form>
        {target && (
          <p className="inspector-context">
            {target.messageId !== null ? t('inspector.fromAnswer') : t('inspector.fromSearch')}
            {target.question && <q>{target.question}</q>}
          </p>
        )}
        {error && (
          <div className="callout callout-error" role="alert">
            <Icon name="alert" />
            <p>{error}</p>
          </div>
        )}

        {!target && !booting ? (
          <EmptyState icon="inspector" title={t('inspector.emptyTitle')}>
            <p>{t('inspector.emptyText')}</p>
          </EmptyState>
        ) : (
          <>
            <div className="tabs" role="tablist" aria-label={t('inspector.tabsLabel')}>
              {TABS.map((x) => (
                <button
                  key={x.id}
                  ref={(el) => {
                    tabRefs.current[x.id] = el;
                  }}
                  type="button"
                  role="tab"
                  id={`tab-${x.id}`}
                  aria-selected={tab === x.id}
                  aria-controls={`panel-${x.id}`}
                  tabIndex={tab === x.id ? 0 : -1}
                  className={`tab${tab === x.id ? ' is-selected' : ''}`}
                  onClick={() => setTab(x.id)}
                  onKeyDown={onTabKey}
                >
                  <Icon name={x.icon} />
                  {t(x.label)}
                  {x.id === 'hits' && target && <span className="tab-count">{target.hits.length}</span>}
                </button>
              ))}
            </div>
            <div className="tab-panel" role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
              {booting && !target && <div className="page-loading" />}
              {target && tab === 'hits' && <HitsTable target={target} onTokens={showTokens} />}
              {target && tab === 'prompt' && <PromptView report={target.report} onTokens={showTokens} />}
              {target && tab === 'check' && <CheckView target={target} />}
              {target && tab === 'tokens' && (
                <TokenView target={target} source={tokenSource} onSource={setTokenSource} />
              )}
              {tab === 'map' && <EmbeddingMap query={target?.question ?? ''} hits={target?.hits ?? []} />}
            </div>
          </>
        )}
      </div>
    </div>
  );
}
