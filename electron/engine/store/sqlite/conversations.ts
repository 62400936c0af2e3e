// Conversations and their messages (citations, hits and the prompt report are kept as JSON: they are
// snapshots of what the user saw, not live references — a re-indexed chunk must not rewrite history).
import type { z } from 'zod';
import type { ConversationSchema, MessageSchema } from '../../../../shared/api';
import type { Sql } from '../open-database';

export type Conversation = z.output<typeof ConversationSchema>;
export type Message = z.output<typeof MessageSchema>;
export type MessageRole = Message['role'];
export type MessageStatus = Message['status'];

export interface NewMessage {
  conversationId: number;
  role: MessageRole;
  text?: string;
  citations?: Message['citations'];
  hits?: Message['hits'];
  report?: Message['report'];
  provider?: string | null;
  status?: MessageStatus;
  error?: string | null;
}

export type MessagePatch = Partial<
  Pick<Message, 'text' | 'citations' | 'hits' | 'report' | 'provider' | 'status' | 'error' | 'citationCheck'>
>;

interface ConversationRow {
  id: number;
  title: string;
  created_at: string;
  updated_at: string;
  messages: number;
}

interface MessageRow {
  id: number;
  conversation_id: number;
  role: MessageRole;
  text: string;
  created_at: string;
  citations_json: string;
  hits_json: string;
  report_json: string | null;
  provider: string | null;
  status: MessageStatus;
  error: string | null;
  citation_check_json: string | null;
}

const CONVERSATION_SELECT = `SELECT c.id, c.title, c.created_at, c.updated_at,
  (SELECT count(*) FROM messages m WHERE m.conversation_id = c.id) AS messages FROM conversations c`;

function toConversation(r: ConversationRow): Conversation {
  return { id: r.id, title: r.title, createdAt: r.created_at, updatedAt: r.updated_at, messages: r.messages };
}

function toMessage(r: MessageRow): Message {
  return {
    id: r.id,
    conversationId: r.conversation_id,
    role: r.role,
    text: r.text,
    createdAt: r.created_at,
    citations: JSON.parse(r.citations_json),
    hits: JSON.parse(r.hits_json),
    report: r.report_json === null ? null : JSON.parse(r.report_json),
    provider: r.provider,
    status: r.status,
    error: r.error,
    citationCheck: r.citation_check_json === null ? null : JSON.parse(r.citation_check_json),
  };
}

const now = () => new Date().toISOString();

export class ConversationRepo {
  constructor(private readonly sql: Sql) {}

  create(title: string): number {
    const t = now();
    return Number(
      this.sql.run('INSERT INTO conversations(title, created_at, updated_at) VALUES (?, ?, ?)', title, t, t)
        .lastInsertRowid,
    );
  }

  list(): Conversation[] {
    return this.sql
      .all<ConversationRow>(`${CONVERSATION_SELECT} ORDER BY c.updated_at DESC, c.id DESC`)
      .map(toConversation);
  }

  get(id: number): Conversation | null {
    const row = this.sql.get<ConversationRow>(`${CONVERSATION_SELECT} WHERE c.id = ?`, id);
    return row ? toConversation(row) : null;
  }

  rename(id: number, title: string): void {
    this.sql.run('UPDATE conversations SET title = ?, updated_at = ? WHERE id = ?', title, now(), id);
  }

  delete(id: number): void {
    this.sql.run('DELETE FROM conversations WHERE id = ?', id);
  }

  addMessage(m: NewMessage): number {
    const t = now();
    return this.sql.db.transaction(() => {
      const info = this.sql.run(
        `INSERT INTO messages(conversation_id, role, text, created_at, citations_json, hits_json, report_json, provider, status, error)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        m.conversationId,
        m.role,
        m.text ?? '',
        t,
        JSON.stringify(m.citations ?? []),
        JSON.stringify(m.hits ?? []),
        m.report == null ? null : JSON.stringify(m.report),
        m.provider ?? null,
        m.status ?? 'done',
        m.error ?? null,
      );
      this.sql.run('UPDATE conversations SET updated_at = ? WHERE id = ?', t, m.conversationId);
      return Number(info.lastInsertRowid);
    })();
  }

  updateMessage(id: number, patch: MessagePatch): void {
    const sets: string[] = [];
    const params: unknown[] = [];
    const set = (column: string, value: unknown) => {
      sets.push(`${column} = ?`);
      params.push(value);
    };
    if (patch.text !== undefined) set('text', patch.text);
    if (patch.citations !== undefined) set('citations_json', JSON.stringify(patch.citations));
    if (patch.hits !== undefined) set('hits_json', JSON.stringify(patch.hits));
    if (patch.report !== undefined) set('report_json', patch.report === null ? null : JSON.stringify(patch.report));
    if (patch.provider !== undefined) set('provider', patch.provider);
    if (patch.status !== undefined) set('status', patch.status);
    if (patch.error !== undefined) set('error', patch.error);
    if (patch.citationCheck !== undefined) {
      set('citation_check_json', patch.citationCheck === null ? null : JSON.stringify(patch.citationCheck));
    }
    if (sets.length === 0) return;
    this.sql.db.transaction(() => {
      this.sql.run(`UPDATE messages SET ${sets.join(', ')} WHERE id = ?`, ...params, id);
      this.sql.run(
        'UPDATE conversations SET updated_at = ? WHERE id = (SELECT conversation_id FROM messages WHERE id = ?)',
        now(),
        id,
      );
    })();
  }

  getMessage(id: number): Message | null {
    const row = this.sql.get<MessageRow>('SELECT * FROM messages WHERE id = ?', id);
    return row ? toMessage(row) : null;
  }

  listMessages(conversationId: number): Message[] {
    return this.sql
      .all<MessageRow>('SELECT * FROM messages WHERE conversation_id = ? ORDER BY id', conversationId)
      .map(toMessage);
  }
}
