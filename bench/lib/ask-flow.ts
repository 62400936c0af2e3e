// What the memory-by-kind benchmark has the engine do before its memory is read, through the engine's
// public API only (the built host over its WebSocket, or the Engine in a child process from source): choose
// a provider kind in the settings, index a small folder with its embedding model, answer one question with
// its chat model. The same steps for every kind, so their memory compares.
import type { Settings } from '../../shared/api';
import { waitIdle } from '../children/wait-idle';

export type ProviderKind = 'offline' | 'local' | 'ollama' | 'openai-compatible';
export const PROVIDER_KINDS: ProviderKind[] = ['offline', 'local', 'ollama', 'openai-compatible'];

/** The engine as the flow sees it: the contract's methods and its events. */
export interface EngineApi {
  call(method: string, args?: unknown): Promise<unknown>;
  onEvent(listener: (name: string, payload: unknown) => void): () => void;
}

/** Where each kind's models are: the tiny GGUF files, the fake servers' URLs. */
export interface KindTargets {
  gguf: { chat: string; embed: string };
  ollamaUrl: string;
  openaiUrl: string;
}

export const QUESTION = 'What do the documents say about cell growth and tumour treatment?';

/** The settings patch that makes `kind` answer and embed (the fake servers' models, the tiny GGUF files). */
export function settingsFor(kind: ProviderKind, t: KindTargets, base: Settings['localModels']): Partial<Settings> {
  // Two passages of 150 tokens: the tiny chat model's byte-level vocabulary makes a prompt ~4× longer in
  // tokens than a real model's, and its 4,096-token context must still hold it. The same for every kind.
  const common = { provider: kind, topK: 2, chunkTokens: 150, chunkOverlap: 0 } as const;
  if (kind === 'offline') return common;
  if (kind === 'local')
    return {
      ...common,
      localModels: { ...base, gguf: { chatModel: t.gguf.chat, embedModel: t.gguf.embed, contextSize: 4096 } },
    };
  if (kind === 'ollama')
    return {
      ...common,
      localModels: {
        ...base,
        ollama: { baseUrl: t.ollamaUrl, chatModel: 'qwen2.5:0.5b', embedModel: 'all-minilm:latest' },
      },
    };
  return {
    ...common,
    localModels: {
      ...base,
      openai: {
        baseUrl: t.openaiUrl,
        chatModel: 'qwen2.5-7b-instruct',
        embedModel: 'text-embedding-bge-small-en-v1.5',
        contextWindow: 4096,
      },
    },
  };
}

async function until<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface AskFlowResult {
  chunks: number;
  embedder: string | null;
  answerChars: number;
  indexMs: number;
  askMs: number;
}

/** Chooses `kind`, indexes `folder`, asks one question; throws when any step fails (a figure would lie). */
export async function openIndexAsk(api: EngineApi, kind: ProviderKind, folder: string, t: KindTargets) {
  const saved = (await api.call('settings.get')) as Settings;
  await api.call('settings.set', settingsFor(kind, t, saved.localModels));
  // A new embedding model re-embeds the (still empty) library and switches: wait for it to settle.
  const status = await until('the embedding model to switch', async () => {
    const s = (await api.call('library.reembedStatus')) as { state: string; targetId: string; error?: string } | null;
    return s === null || !['running', 'switching'].includes(s.state) ? { s } : undefined;
  });
  if (status.s && status.s.state !== 'done') throw new Error(`${kind}: ${status.s.error ?? status.s.state}`);

  const t0 = performance.now();
  await api.call('library.addFolder', { path: folder });
  await waitIdle((name, args) => api.call(name, args), { timeoutMs: 10 * 60_000 });
  const indexMs = performance.now() - t0;
  const docs = (await api.call('library.listDocuments', { offset: 0, limit: 1000 })) as {
    items: { chunks: number }[];
  };
  const chunks = docs.items.reduce((n, d) => n + d.chunks, 0);

  const t1 = performance.now();
  let text = '';
  let messageId: number | null = null;
  const done = new Promise<{ status: string; error: string | null }>((resolve) => {
    const off = api.onEvent((name, payload) => {
      const p = payload as { messageId: number; text?: string; status?: string; error?: string | null };
      if (messageId !== null && p.messageId !== messageId) return;
      if (name === 'chat.delta') text += p.text ?? '';
      if (name === 'chat.done') {
        off();
        resolve({ status: p.status ?? '', error: p.error ?? null });
      }
    });
  });
  messageId = ((await api.call('chat.ask', { conversationId: null, question: QUESTION })) as { messageId: number })
    .messageId;
  const end = await done;
  if (end.status !== 'done') throw new Error(`${kind}: the answer ended with ${end.status}: ${end.error}`);
  const reembed = (await api.call('library.reembedStatus')) as { targetId: string } | null;
  return {
    chunks,
    embedder: reembed?.targetId ?? null,
    answerChars: text.length,
    indexMs,
    askMs: performance.now() - t1,
  } satisfies AskFlowResult;
}
