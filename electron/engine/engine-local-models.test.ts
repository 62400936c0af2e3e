// Issue #13 end to end through the Engine's contract: a library on the offline vectors moves to a tiny GGUF
// embedding model (the background re-embed, then vector search with it), answers with a tiny GGUF chat
// model (streamed, stoppable, its uncited answer flagged and stored so), lists and tests its models, then
// moves to the fake Ollama and OpenAI-compatible servers (their answers cite [1]). A server that is not
// running leaves the library on the model it has and says why, also after a restart.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type EventName, type EventPayload, events as eventSchemas, type Settings } from '../../shared/api';
import { type FakeOllama, startFakeOllama } from '../../test-support/fake-ollama/server';
import { type FakeOpenAI, startFakeOpenAI } from '../../test-support/fake-openai/server';
import { Engine } from './index';
import { writeTinyModel } from './models/test-support/tiny-models';
import { dispatch } from './rpc';

type Reembed = EventPayload<'library.reembed'>;
type Done = EventPayload<'chat.done'>;
type LocalModels = Settings['localModels'];

let root: string;
let dataDir: string;
let embedPath: string;
let chatPath: string;
let ollama: FakeOllama;
let openai: FakeOpenAI;
let engine: Engine;
let events: { name: EventName; payload: unknown }[] = [];

const call = async <T = unknown>(method: string, args: unknown = {}): Promise<T> => {
  const r = await dispatch(method, args, { engine: engine.handle });
  if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
  return r.value as T;
};

async function until<T>(what: string, check: () => Promise<T | undefined> | T | undefined, ms = 60_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() - started > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

function seen<E extends EventName>(name: E): EventPayload<E>[] {
  // Every event is checked against the contract's schema, as the hosts' dispatch does.
  return events.filter((e) => e.name === name).map((e) => eventSchemas[name].parse(e.payload) as EventPayload<E>);
}

async function openEngine(): Promise<Engine> {
  const e = await Engine.open({ dataDir, env: {} });
  e.onEvent((name, payload) => events.push({ name, payload }));
  return e;
}

/** Sets the local models (over the saved ones) and the provider; resolves once the change is under way. */
async function choose(provider: Settings['provider'], patch: (m: LocalModels) => void): Promise<void> {
  const localModels = structuredClone((await call<Settings>('settings.get')).localModels);
  patch(localModels);
  await call('settings.set', { provider, localModels });
}

/** Waits for the re-embed toward `targetPrefix` to end (done or failed) and returns its last status. */
function reembedEnd(targetPrefix: string): Promise<Reembed> {
  return until(`the re-embed to ${targetPrefix}`, () =>
    seen('library.reembed').find((s) => s.targetId.startsWith(targetPrefix) && ['done', 'failed'].includes(s.state)),
  );
}

/** Asks a question and returns its streamed text and chat.done; `onFirstDelta` runs once text arrives. */
async function ask(question: string, onFirstDelta?: (messageId: number) => Promise<void>) {
  const { conversationId, messageId } = await call<{ conversationId: number; messageId: number }>('chat.ask', {
    conversationId: null,
    question,
  });
  if (onFirstDelta) {
    await until('the first delta', () =>
      seen('chat.delta').some((d) => d.messageId === messageId) ? true : undefined,
    );
    await onFirstDelta(messageId);
  }
  const done = await until<Done>('chat.done', () => seen('chat.done').find((d) => d.messageId === messageId), 90_000);
  const deltas = seen('chat.delta').filter((d) => d.messageId === messageId);
  const stored = await call<{ messages: { id: number; text: string; status: string; citationCheck: unknown }[] }>(
    'conversations.get',
    { conversationId },
  );
  return { done, deltas, text: deltas.map((d) => d.text).join(''), stored: stored.messages.at(-1) };
}

const vectorSearch = (query: string) =>
  call<{ chunk: { path: string } }[]>('search.query', { query, k: 3, mode: 'vector' });

/** A port where nothing listens (taken, then given back). */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const { port } = s.address() as { port: number };
  await new Promise((r) => s.close(r));
  return port;
}

const TOPICS = [
  'The river flows past the old mill, where the miller grinds wheat into flour every morning.',
  'Tomatoes need full sun and regular watering during the summer months in the garden.',
  'The lease notice period is three months for the tenant; the deposit is 1 200 euros.',
  'The telescope on the mountain observes distant galaxies on clear winter nights.',
  'Bread dough rises faster in a warm kitchen; bake it until the crust is golden brown.',
  'The committee approved the 2024 budget of 120 000 euros for the new library building.',
];

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'lucarne-engine-local-'));
  dataDir = join(root, 'data');
  const docs = join(root, 'docs');
  mkdirSync(docs);
  for (const [i, t] of TOPICS.entries()) writeFileSync(join(docs, `note-${i}.txt`), `${t}\n\n${t}\n`);
  const models = join(root, 'models');
  embedPath = writeTinyModel(join(models, 'tiny-embed.gguf'), { embedding: true });
  chatPath = writeTinyModel(join(models, 'tiny-chat-4k.gguf'), { context: 4096, name: 'tiny-chat-4k' });
  vi.stubEnv('LUCARNE_MODEL_DIRS', models);
  [ollama, openai] = await Promise.all([startFakeOllama(), startFakeOpenAI()]);
  engine = await openEngine();
  await call('library.addFolder', { path: docs });
  await until('indexing', async () => {
    const { total } = await call<{ total: number }>('library.listDocuments', { statuses: ['indexed'] });
    return total === TOPICS.length ? true : undefined;
  });
  await engine.whenIdle();
});

afterAll(async () => {
  await engine?.close();
  await Promise.all([ollama?.close(), openai?.close()]);
  vi.unstubAllEnvs();
  rmSync(root, { recursive: true, force: true });
});

describe('Engine with an in-process GGUF model', () => {
  it('choosing a GGUF embedding model re-embeds the library, then searches with it', async () => {
    expect(engine.activeEmbedderId()).toMatch(/^offline:/);
    await choose('local', (m) => {
      m.gguf.embedModel = embedPath;
    });
    const end = await reembedEnd('gguf:');
    expect(end, end.error ?? '').toMatchObject({ state: 'done', activeId: expect.stringMatching(/^offline:/) });
    expect(end.total).toBeGreaterThanOrEqual(TOPICS.length);
    expect(seen('library.reembed').some((s) => s.state === 'running' && s.targetId === end.targetId)).toBe(true);
    expect(engine.activeEmbedderId()).toMatch(/^gguf:tiny-embed:/);
    expect(engine.activeEmbedderId()).toBe(end.targetId);
    const hits = await vectorSearch('bread dough crust');
    expect(hits).toHaveLength(3);
  });

  it('a GGUF chat model streams its answer; it cites nothing, which is flagged and stored', async () => {
    await choose('local', (m) => {
      m.gguf.chatModel = chatPath;
    });
    // Choosing a chat model does not touch the embedding model.
    expect(engine.activeEmbedderId()).toMatch(/^gguf:tiny-embed:/);
    const r = await ask('What was the 2024 budget?');
    expect(r.done, r.done.error ?? '').toMatchObject({ status: 'done', citations: [] });
    expect(r.deltas.length).toBeGreaterThan(0);
    expect(r.done.citationCheck).toMatchObject({ invalid: [], uncited: true });
    // Checked sentence by sentence all the same (#16): random words are supported by nothing.
    expect(r.done.citationCheck?.sentences?.some((x) => x.support === 'supported')).toBe(false);
    expect(r.stored).toMatchObject({ status: 'done', citationCheck: { invalid: [], uncited: true } });
    expect(r.stored?.text.trim()).toBe(r.text.trim());
    expect(r.text.trim().length).toBeGreaterThan(0);
  });

  it('chat.stop while the model writes ends the answer as stopped', async () => {
    const r = await ask('Tell me everything about the river and the mill.', async (messageId) => {
      await call('chat.stop', { messageId });
    });
    expect(r.done.status).toBe('stopped');
    expect(r.stored?.status).toBe('stopped');
  });

  it('models.list shows the tiny models; models.test embeds (64 dims) and answers (time to first token)', async () => {
    const list = await call<{ models: { name: string; role: string | null; path: string }[] }>('models.list', {
      refresh: true,
    });
    const byName = Object.fromEntries(list.models.map((m) => [m.name, m]));
    expect(byName['tiny-embed']).toMatchObject({ role: 'embedding', path: embedPath });
    expect(byName['tiny-chat-4k']).toMatchObject({ role: 'chat', path: chatPath });
    const t = await call<{
      provider: string;
      embed: { ok: boolean; dim: number | null; model: string; detail: string };
      chat: { ok: boolean; firstTokenMs: number | null; model: string; detail: string };
    }>('models.test');
    expect(t.provider).toBe('local');
    expect(t.embed, t.embed.detail).toMatchObject({ ok: true, dim: 64, detail: '64 dimensions' });
    expect(t.embed.model).toMatch(/^gguf:tiny-embed:/);
    expect(t.chat, t.chat.detail).toMatchObject({ ok: true, model: 'gguf:tiny-chat-4k' });
    expect(t.chat.firstTokenMs).toBeGreaterThanOrEqual(0);
  });
});

describe('Engine with local model servers', () => {
  it('Ollama: re-embeds with its model, searches, answers citing [1]', async () => {
    await choose('ollama', (m) => {
      m.ollama = { baseUrl: ollama.url, chatModel: 'llama3.2', embedModel: 'all-minilm' };
    });
    const end = await reembedEnd('ollama:');
    expect(end, end.error ?? '').toMatchObject({ state: 'done' });
    expect(engine.activeEmbedderId()).toMatch(/^ollama:all-minilm/);
    ollama.reset();
    expect(await vectorSearch('telescope galaxies')).toHaveLength(3);
    expect(ollama.requests.filter((q) => q.kind === 'embed')).toHaveLength(1);
    const r = await ask('What does the telescope observe?');
    expect(r.done, r.done.error ?? '').toMatchObject({ status: 'done' });
    expect(r.done.citations.length).toBeGreaterThan(0);
    expect(r.done.citationCheck).toMatchObject({ invalid: [], uncited: false });
    // The fake copies a sentence of passage [1]: the check finds it there (#16).
    expect(r.done.citationCheck?.sentences?.map((x) => x.support)).toContain('supported');
    expect(r.stored).toMatchObject({ status: 'done', citationCheck: { uncited: false } });
    expect(ollama.requests.some((q) => q.kind === 'chat')).toBe(true);
    const t = await call<{ embed: { ok: boolean; dim: number }; chat: { ok: boolean } }>('models.test');
    expect(t).toMatchObject({ embed: { ok: true, dim: 384 }, chat: { ok: true } });
  });

  it('OpenAI-compatible: re-embeds with its model, searches, answers citing [1]', async () => {
    await choose('openai-compatible', (m) => {
      m.openai = {
        ...m.openai,
        baseUrl: `${openai.url}/v1`,
        chatModel: 'qwen2.5-7b-instruct',
        embedModel: 'text-embedding-bge-small-en-v1.5',
      };
    });
    const end = await reembedEnd('openai-compatible:');
    expect(end, end.error ?? '').toMatchObject({ state: 'done' });
    expect(engine.activeEmbedderId()).toMatch(/^openai-compatible:text-embedding-bge-small-en-v1\.5/);
    expect(await vectorSearch('lease deposit tenant')).toHaveLength(3);
    const r = await ask('How long is the notice period?');
    expect(r.done, r.done.error ?? '').toMatchObject({ status: 'done' });
    expect(r.done.citations.length).toBeGreaterThan(0);
    expect(r.done.citationCheck).toMatchObject({ invalid: [], uncited: false });
    expect(r.done.citationCheck?.sentences?.map((x) => x.support)).toContain('supported');
  });

  it('an Ollama model on a closed port: the library keeps its model and says why', async () => {
    const active = engine.activeEmbedderId();
    const port = await closedPort();
    events = [];
    await choose('ollama', (m) => {
      m.ollama = { baseUrl: `http://127.0.0.1:${port}`, chatModel: 'llama3.2', embedModel: 'nomic-embed-text' };
    });
    const failed = seen('library.reembed').at(-1);
    expect(failed).toMatchObject({ state: 'failed', activeId: active, targetId: '' });
    expect(failed?.error).toMatch(/^Ollama is not running at http:\/\/127\.0\.0\.1:\d+: start it \(ollama serve\)/);
    expect(failed?.error).toContain(`Search keeps using ${active}.`);
    expect(engine.embedderProblem).toMatch(/Ollama is not running/);
    expect(engine.activeEmbedderId()).toBe(active);
    expect(await vectorSearch('river mill')).toHaveLength(3);
  });

  // The embedder problem comes first: after an earlier re-embed in this run, the failure must not read as that 'done'.
  it('library.reembedStatus reports that failure, even after an earlier re-embed', async () => {
    expect(await call('library.reembedStatus')).toMatchObject({
      state: 'failed',
      error: expect.stringMatching(/Ollama is not running/),
    });
  });

  it('reopened while that server is still down, the engine keeps the recorded model', async () => {
    const active = engine.activeEmbedderId();
    await engine.close();
    events = [];
    engine = await openEngine();
    expect(engine.activeEmbedderId()).toBe(active);
    expect(engine.embedderProblem).toMatch(/Ollama is not running/);
    // The code survives the open, so the page can say it in its language.
    expect(await call('library.reembedStatus')).toMatchObject({
      state: 'failed',
      activeId: active,
      errorCode: 'not-running',
    });
    expect(await vectorSearch('bread crust')).toHaveLength(3);
  });

  it('reopened while the active model’s own server is down, the engine still keeps it (no switch to offline)', async () => {
    await choose('ollama', (m) => {
      m.ollama = { baseUrl: ollama.url, chatModel: 'llama3.2', embedModel: 'all-minilm' };
    });
    // all-minilm's vectors are in the embedding cache: switching back embeds nothing again.
    await reembedEnd('ollama:all-minilm');
    const active = engine.activeEmbedderId();
    expect(active).toMatch(/^ollama:all-minilm/);
    await engine.close();
    await ollama.down();
    try {
      events = [];
      engine = await openEngine();
      expect(engine.activeEmbedderId()).toBe(active);
      expect(engine.embedderProblem).toMatch(/Ollama is not running/);
    } finally {
      await ollama.up();
    }
    // Back up: vector search embeds the query with the recorded model again.
    expect(await vectorSearch('galaxies')).toHaveLength(3);
  });
});
