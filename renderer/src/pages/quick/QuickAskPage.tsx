// The quick-ask window (global shortcut): one question box, the answer streaming with its citations, and
// "Continue in Lucarne" to carry the conversation into the main window.
import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { api } from '../../api';
import { AnswerText } from '../../components/AnswerText';
import { Button } from '../../components/Button';
import { Icon } from '../../components/Icon';
import { useToast } from '../../components/Toasts';
import { useAppState } from '../../hooks/useAppState';
import { citationTarget, useSource } from '../../hooks/useSource';
import { useI18n } from '../../i18n';
import {
  type Citation,
  getLiveAnswer,
  type Message,
  noteQuestion,
  useChatStoreVersion,
  withLive,
} from '../../lib/chatStore';
import { errorMessage } from '../../lib/errors';
import { navigate } from '../../lib/router';
import { Composer, type ComposerHandle } from '../chat/Composer';
import { citationResolver, SourcesList } from '../chat/MessageView';

const SourcePanel = lazy(() => import('../source/SourcePanel').then((m) => ({ default: m.SourcePanel })));

interface Asked {
  conversationId: number;
  messageId: number;
  question: string;
}

export function QuickAskPage() {
  const { t } = useI18n();
  const toast = useToast();
  const { info } = useAppState();
  const source = useSource();
  useChatStoreVersion();
  const [asked, setAsked] = useState<Asked | null>(null);
  const [persisted, setPersisted] = useState<Message | null>(null);
  const composer = useRef<ComposerHandle>(null);

  useEffect(() => {
    document.body.classList.add('is-quick');
    composer.current?.focus();
    return () => document.body.classList.remove('is-quick');
  }, []);

  const live = asked ? getLiveAnswer(asked.messageId) : undefined;
  const message: Message | null = asked
    ? withLive(
        persisted ?? {
          id: asked.messageId,
          conversationId: asked.conversationId,
          role: 'assistant',
          text: '',
          createdAt: new Date().toISOString(),
          citations: [],
          hits: [],
          report: null,
          provider: null,
          status: 'streaming',
          error: null,
          citationCheck: null,
        },
      )
    : null;

  // Once done, read the stored message (final text and citations).
  useEffect(() => {
    if (!asked || !live || live.status === 'streaming') return;
    api.call('conversations.get', { conversationId: asked.conversationId }).then(
      (r) => setPersisted(r.messages.find((m) => m.id === asked.messageId) ?? null),
      () => {},
    );
  }, [asked, live?.status, live]);

  const ask = async (question: string) => {
    try {
      const r = await api.call('chat.ask', { conversationId: asked?.conversationId ?? null, question });
      noteQuestion(r.messageId, question);
      setPersisted(null);
      setAsked({ ...r, question });
      return true;
    } catch (err) {
      toast.push('error', t('chat.askFailed', { reason: errorMessage(err) }));
      return false;
    }
  };

  const continueInApp = async () => {
    if (!asked) return;
    try {
      await api.call('quickAsk.continue', { conversationId: asked.conversationId });
    } catch {
      // The browser host has no second window: continue right here.
    }
    if (info.host === 'browser') navigate(`#/chat/${asked.conversationId}`);
  };

  const openCitation = (c: Citation) => source.open(citationTarget(c));
  const streaming = message?.status === 'streaming';

  return (
    <div className="quick">
      <div className="quick-head">
        <span className="brand-mark" aria-hidden="true">
          <Icon name="logo" />
        </span>
        <h1 className="sr-only">{t('quick.title')}</h1>
        <Composer
          ref={composer}
          compact
          onSend={ask}
          onStop={() => message && void api.call('chat.stop', { messageId: message.id }).catch(() => {})}
          streaming={streaming}
          placeholder={asked ? t('chat.followUpPlaceholder') : t('quick.placeholder')}
        />
      </div>
      <div className="quick-body" aria-live="polite">
        {!asked && <p className="quick-hint">{t('quick.hint')}</p>}
        {asked && message && (
          <div className="quick-answer">
            <p className="quick-question">{asked.question}</p>
            {streaming && !message.text && (
              <div className="msg-status" role="status">
                <span className="spinner" aria-hidden="true" />
                {t('chat.searching')}
              </div>
            )}
            {message.text && (
              <AnswerText
                text={message.text}
                resolve={citationResolver(message)}
                onCite={openCitation}
                streaming={streaming}
                check={streaming ? undefined : message.citationCheck?.sentences}
              />
            )}
            {message.status === 'error' && (
              <div className="callout callout-error" role="alert">
                <Icon name="alert" />
                <p>{message.error ?? t('chat.errorUnknown')}</p>
              </div>
            )}
            {!streaming && message.citations.length > 0 && (
              <SourcesList citations={message.citations} onOpen={openCitation} />
            )}
          </div>
        )}
      </div>
      <footer className="quick-foot">
        <span className="muted">{t('quick.footHint')}</span>
        <Button
          size="sm"
          variant={asked ? 'primary' : 'secondary'}
          icon="arrowUpRight"
          disabled={!asked}
          onClick={() => void continueInApp()}
        >
          {t('quick.continue')}
        </Button>
      </footer>
      {source.target && (
        <div className="quick-source">
          <Suspense fallback={null}>
            <SourcePanel />
          </Suspense>
        </div>
      )}
    </div>
  );
}
