// What the fake local servers say: the same deterministic embeddings (hashed bag of words: texts sharing words
// are close) and the same default answer (a sentence of passage [1], cited "[1]") as the fake Gemini server,
// so retrieval and citation checks behave alike whichever provider a test uses.
import { chunkAnswer, defaultAnswer } from '../fake-gemini/fake-answer';
import { fakeEmbedding } from '../fake-gemini/fake-vectors';

export { chunkAnswer, defaultAnswer, fakeEmbedding };

export interface FakeChatMessage {
  role: string;
  content: string;
}

/** The chat messages of a request body, tolerating anything malformed. */
export function chatMessages(body: unknown): FakeChatMessage[] {
  const list = (body as { messages?: unknown } | null)?.messages;
  if (!Array.isArray(list)) return [];
  return list.map((m) => ({
    role: typeof m?.role === 'string' ? m.role : 'user',
    content: typeof m?.content === 'string' ? m.content : '',
  }));
}

/** The last user message: where the prompt builder puts the numbered passages. */
export function lastUserText(messages: FakeChatMessage[]): string {
  return [...messages].reverse().find((m) => m.role === 'user')?.content ?? '';
}

/** `fakeEmbedding` scaled to unit length (Ollama normalises its vectors). */
export function unitEmbedding(text: string, dim: number): number[] {
  const v = fakeEmbedding(text, dim);
  const n = Math.hypot(...v) || 1;
  return v.map((x) => x / n);
}

/** Inputs of an embedding request: a string or a list of strings; null when neither. */
export function embeddingInputs(body: unknown): string[] | null {
  const input = (body as { input?: unknown } | null)?.input;
  if (typeof input === 'string') return [input];
  if (Array.isArray(input) && input.every((t) => typeof t === 'string')) return input as string[];
  return null;
}

/** A rough token count for usage figures. */
export function tokenCount(text: string): number {
  return Math.ceil(text.length / 4);
}
