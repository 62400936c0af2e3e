// Chat turns: persisted conversations, one streamed answer per question, stoppable; events carry the
// retrieval, the text deltas and the final citations to every window.
import type { EventName, EventPayload, MethodResult, Settings } from '../../../shared/api';
import { errorMessage } from '../../../shared/errors';
import type { OpenLibrary } from '../library/open-library';
import type { Secrets } from '../providers';
import type { GeneratorFor } from './run-answer';
import { UserError } from '../rpc';
import type { ChatTurn } from '../types';
import { exportConversationMarkdown } from './export-markdown';
import type { RunAnswer } from './run-answer';

type Emit = <E extends EventName>(name: E, payload: EventPayload<E>) => void;

/** How many earlier turns go to the model: enough for follow-ups, cheap on tokens. */
const HISTORY_TURNS = 6;

export class ConversationService {
  private running = new Map<number, AbortController>();

  constructor(
    private lib: () => OpenLibrary,
    private settings: () => Settings,
    private secrets: () => Secrets,
    private generatorFor: GeneratorFor,
    private emit: Emit,
  ) {}

  private get conversations() {
    return this.lib().store.conversations;
  }

  list(): MethodResult<'conversations.list'> {
    return this.conversations.list();
  }

  get(conversationId: number): MethodResult<'conversations.get'> {
    const conversation = this.conversations.get(conversationId);
    if (!conversation) throw new UserError('This conversation no longer exists.', 'invalid-arguments');
    return { conversation, messages: this.conversations.listMessages(conversationId) };
  }

  rename(conversationId: number, title: string): void {
    this.get(conversationId);
    this.conversations.rename(conversationId, title.trim());
  }

  remove(conversationId: number): void {
    for (const m of this.conversations.listMessages(conversationId)) this.stop(m.id);
    this.conversations.delete(conversationId);
  }

  exportMarkdown(conversationId: number): MethodResult<'conversations.export'> {
    const { conversation, messages } = this.get(conversationId);
    return exportConversationMarkdown(conversation, messages);
  }

  ask(conversationId: number | null, question: string, run: RunAnswer): MethodResult<'chat.ask'> {
    const q = question.trim();
    if (!q) throw new UserError('The question is empty.', 'invalid-arguments');
    const id = conversationId ?? this.conversations.create(q.length > 60 ? `${q.slice(0, 57)}…` : q);
    if (conversationId !== null) this.get(conversationId);
    const history: ChatTurn[] = this.conversations
      .listMessages(id)
      .filter((m) => m.status === 'done' && m.text)
      .slice(-HISTORY_TURNS)
      .map((m) => ({ role: m.role, text: m.text }));
    this.conversations.addMessage({ conversationId: id, role: 'user', text: q, status: 'done' });
    const messageId = this.conversations.addMessage({
      conversationId: id,
      role: 'assistant',
      text: '',
      status: 'streaming',
    });
    const controller = new AbortController();
    this.running.set(messageId, controller);
    void this.stream(messageId, q, history, controller, run);
    return { conversationId: id, messageId };
  }

  private async stream(
    messageId: number,
    question: string,
    history: ChatTurn[],
    controller: AbortController,
    run: RunAnswer,
  ) {
    let text = '';
    try {
      const result = await run(
        {
          lib: this.lib(),
          settings: this.settings(),
          secrets: this.secrets(),
          generatorFor: this.generatorFor,
          question,
          history,
          signal: controller.signal,
        },
        (e) => {
          if (e.type === 'retrieved') {
            this.conversations.updateMessage(messageId, { hits: e.hits, report: e.report });
            this.emit('chat.retrieved', { messageId, hits: e.hits, report: e.report });
          } else if (e.type === 'delta') {
            text += e.text;
            this.emit('chat.delta', { messageId, text: e.text });
          }
        },
      );
      const status = result.stopped ? 'stopped' : 'done';
      const citationCheck = {
        invalid: result.invalid,
        uncited: result.uncited,
        ...(result.sentences ? { sentences: result.sentences } : {}),
      };
      this.conversations.updateMessage(messageId, {
        text: result.text,
        citations: result.citations,
        provider: result.provider,
        status,
        citationCheck,
      });
      this.emit('chat.done', { messageId, status, citations: result.citations, error: null, citationCheck });
    } catch (err) {
      const stopped = controller.signal.aborted;
      const message = stopped ? null : errorMessage(err);
      this.conversations.updateMessage(messageId, { text, status: stopped ? 'stopped' : 'error', error: message });
      this.emit('chat.done', {
        messageId,
        status: stopped ? 'stopped' : 'error',
        citations: [],
        error: message,
        citationCheck: null,
      });
    } finally {
      this.running.delete(messageId);
    }
  }

  stop(messageId: number): void {
    this.running.get(messageId)?.abort();
  }

  stopAll(): void {
    for (const c of this.running.values()) c.abort();
  }
}
