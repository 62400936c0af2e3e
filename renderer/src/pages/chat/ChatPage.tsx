// The conversation: the thread of questions and streamed answers, and the box to ask the next one.
// A question without a conversation starts one; follow-ups go to the same conversation.
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { api } from '../../api';
import { Button } from '../../components/Button';
import { ConversationMenu, exportConversation, RenameInput } from '../../components/ConversationMenu';
import { Icon } from '../../components/Icon';
import { PageHeader } from '../../components/PageHeader';
import { useToast } from '../../components/Toasts';
import { useApiEvent } from '../../hooks/useApiEvent';
import { type Conversation, useConversations } from '../../hooks/useConversations';
import { useFolders } from '../../hooks/useFolders';
import { useIndexing } from '../../hooks/useIndexing';
import { useI18n } from '../../i18n';
import { type Message, noteQuestion, setInspectTarget, useChatStoreVersion, withLive } from '../../lib/chatStore';
import { errorMessage } from '../../lib/errors';
import { navigate } from '../../lib/router';
import { ChatWelcome } from './ChatWelcome';
import { Composer, type ComposerHandle } from './Composer';
import { AssistantMessage, UserMessage } from './MessageView';

/** The question asked just before an assistant message. */
function questionBefore(messages: Message[], index: number): string {
  for (let i = index - 1; i >= 0; i--) if (messages[i].role === 'user') return messages[i].text;
  return '';
}

export function inspectMessage(messages: Message[], message: Message): void {
  const index = messages.findIndex((m) => m.id === message.id);
  setInspectTarget({
    messageId: message.id,
    question: questionBefore(messages, index),
    hits: message.hits,
    report: message.report,
    check: message.citationCheck?.sentences ?? null,
  });
  navigate('#/inspector');
}

export function ChatPage({ conversationId }: { conversationId: number | null }) {
  const { t } = useI18n();
  const toast = useToast();
  const { conversations, refresh } = useConversations();
  const { folders } = useFolders();
  const { progress } = useIndexing();
  useChatStoreVersion();

  const [conversation, setConversation] = useState<Conversation | null>(null);
  const [messages, setMessages] = useState<Message[]>([]);
  const [loading, setLoading] = useState(false);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [renaming, setRenaming] = useState(false);
  const composer = useRef<ComposerHandle>(null);
  const thread = useRef<HTMLDivElement>(null);
  const stick = useRef(true);
  // The conversation this page itself just created: keep its optimistic messages when the route catches up.
  const created = useRef<number | null>(null);

  const load = useCallback(async (id: number) => {
    try {
      const r = await api.call('conversations.get', { conversationId: id });
      setConversation(r.conversation);
      setMessages(r.messages);
      r.messages.forEach((m, i) => {
        if (m.role === 'assistant') noteQuestion(m.id, questionBefore(r.messages, i));
      });
      setLoadError(null);
    } catch (err) {
      setLoadError(errorMessage(err));
    }
  }, []);

  useEffect(() => {
    setRenaming(false);
    if (conversationId === null) {
      created.current = null;
      setConversation(null);
      setMessages([]);
      setLoadError(null);
      composer.current?.focus();
      return;
    }
    if (created.current === conversationId) return;
    stick.current = true;
    setLoading(true);
    setMessages([]);
    load(conversationId).finally(() => setLoading(false));
  }, [conversationId, load]);

  useEffect(() => {
    const focus = () => composer.current?.focus();
    window.addEventListener('lucarne:focus-composer', focus);
    return () => window.removeEventListener('lucarne:focus-composer', focus);
  }, []);

  // The sidebar's copy of this conversation is the fresher one after a rename.
  const listed = conversations?.find((c) => c.id === conversationId) ?? null;
  const current = listed ?? conversation;

  useApiEvent('chat.done', ({ messageId }) => {
    if (conversationId !== null && messages.some((m) => m.id === messageId)) void load(conversationId);
  });

  const shown = messages.map(withLive);
  const streamingMessage = shown.find((m) => m.role === 'assistant' && m.status === 'streaming') ?? null;

  // Follow the answer as it grows, unless the reader has scrolled up.
  const lastText = shown[shown.length - 1]?.text;
  // biome-ignore lint/correctness/useExhaustiveDependencies: scroll when the thread's content changes
  useLayoutEffect(() => {
    const el = thread.current;
    if (el && stick.current) el.scrollTop = el.scrollHeight;
  }, [shown.length, lastText]);

  const ask = async (question: string): Promise<boolean> => {
    stick.current = true;
    const optimistic: Message = {
      id: -Date.now(),
      conversationId: conversationId ?? -1,
      role: 'user',
      text: question,
      createdAt: new Date().toISOString(),
      citations: [],
      hits: [],
      report: null,
      provider: null,
      status: 'done',
      error: null,
      citationCheck: null,
    };
    setMessages((ms) => [...ms, optimistic]);
    try {
      const r = await api.call('chat.ask', { conversationId, question });
      noteQuestion(r.messageId, question);
      const placeholder: Message = {
        ...optimistic,
        id: r.messageId,
        conversationId: r.conversationId,
        role: 'assistant',
        text: '',
        status: 'streaming',
      };
      setMessages((ms) => [...ms, placeholder]);
      if (conversationId === null) {
        created.current = r.conversationId;
        navigate(`#/chat/${r.conversationId}`, { replace: true });
      }
      refresh();
      void load(r.conversationId);
      return true;
    } catch (err) {
      setMessages((ms) => ms.filter((m) => m.id !== optimistic.id));
      toast.push('error', t('chat.askFailed', { reason: errorMessage(err) }));
      return false;
    }
  };

  const stop = () => {
    if (streamingMessage) api.call('chat.stop', { messageId: streamingMessage.id }).catch(() => {});
  };

  const noFolders = folders !== null && folders.length === 0;
  const indexedChunks = folders?.reduce((n, f) => n + f.chunks, 0) ?? 0;
  const stillIndexing = progress && progress.state !== 'idle';

  return (
    <div className="page chat-page">
      <PageHeader
        title={
          renaming && current ? (
            <RenameInput conversation={current} onDone={() => setRenaming(false)} className="title-input" />
          ) : current ? (
            <button type="button" className="title-button" onClick={() => setRenaming(true)} title={t('chat.rename')}>
              {current.title}
            </button>
          ) : (
            t('chat.newTitle')
          )
        }
      >
        {current && (
          <>
            <Button
              size="sm"
              variant="ghost"
              icon="download"
              onClick={() =>
                exportConversation(current.id).then(
                  (filename) => toast.push('success', t('chat.exported', { filename })),
                  (err) => toast.push('error', errorMessage(err)),
                )
              }
            >
              {t('chat.exportShort')}
            </Button>
            <ConversationMenu conversation={current} onRename={() => setRenaming(true)} />
          </>
        )}
      </PageHeader>

      <div
        className="thread"
        ref={thread}
        onScroll={(e) => {
          const el = e.currentTarget;
          stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 80;
        }}
      >
        <div
          className="thread-inner"
          role="log"
          aria-live="polite"
          aria-relevant="additions"
          aria-label={t('chat.threadLabel')}
        >
          {loadError && (
            <div className="callout callout-error" role="alert">
              <Icon name="alert" />
              <div>
                <p>{loadError}</p>
                <Button size="sm" onClick={() => conversationId !== null && void load(conversationId)}>
                  {t('common.retry')}
                </Button>
              </div>
            </div>
          )}
          {!loading && shown.length === 0 && !loadError && (
            <ChatWelcome
              noFolders={noFolders}
              indexing={Boolean(stillIndexing) && indexedChunks === 0}
              onExample={(q) => void ask(q)}
            />
          )}
          {loading && shown.length === 0 && (
            <div className="thread-loading">
              <span className="spinner" aria-hidden="true" />
            </div>
          )}
          {shown.map((m) =>
            m.role === 'user' ? (
              <UserMessage key={m.id} text={m.text} />
            ) : (
              <AssistantMessage key={m.id} message={m} onInspect={(msg) => inspectMessage(shown, msg)} />
            ),
          )}
        </div>
      </div>

      <div className="composer-dock">
        <Composer
          ref={composer}
          onSend={ask}
          onStop={stop}
          streaming={streamingMessage !== null}
          placeholder={current ? t('chat.followUpPlaceholder') : undefined}
        />
      </div>
    </div>
  );
}
