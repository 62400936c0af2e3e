// The provider wiring on its own: who answers (chooseProvider), what the settings ask to open (the specs),
// how a saved spec is read back, what the pool keeps, and opening every kind for real: the offline pair,
// the tiny GGUF models in the shared model process, the fake Ollama and OpenAI-compatible servers (the real
// protocols on 127.0.0.1), and Gemini's fake. Local-only mode must refuse a non-loopback server before a
// single request is sent: the fakes count what reaches them.
import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Settings } from '../../../shared/api';
import { type FakeGemini, startFakeGemini } from '../../../test-support/fake-gemini/server';
import { type FakeOllama, startFakeOllama } from '../../../test-support/fake-ollama/server';
import { type FakeOpenAI, startFakeOpenAI } from '../../../test-support/fake-openai/server';
import { LocalOnlyUrlError } from '../net/loopback';
import { closeSharedLlamaClient } from '../local/gguf/shared-client';
import { type TinyModels, writeTinyModels } from '../local/gguf/test-support/tiny-models';
import { defaultSettings } from '../settings';
import type { Embedder, GenerationRequest, Generator } from '../types';
import {
  chooseProvider,
  type EmbedderSpec,
  embedderSpecFor,
  type GeneratorSpec,
  generatorSpecFor,
  type OpenContext,
  offlineEmbedder,
  openEmbedder,
  openGenerator,
  parseEmbedderSpec,
  ProviderPool,
  type Secrets,
  specKey,
} from './index';

const NO_KEY: Secrets = { geminiKey: null, env: {} };
const WITH_KEY: Secrets = { geminiKey: 'AIzaProvidersTestKey', env: {} };

function settings(patch: Partial<Settings> = {}, models: Partial<Record<'gguf' | 'ollama' | 'openai', object>> = {}) {
  const s = defaultSettings();
  const m = s.localModels;
  return {
    ...s,
    ...patch,
    localModels: {
      ...m,
      gguf: { ...m.gguf, ...models.gguf },
      ollama: { ...m.ollama, ...models.ollama },
      openai: { ...m.openai, ...models.openai },
    },
  } as Settings;
}

describe('chooseProvider', () => {
  const chat = { gguf: { chatModel: '/m/chat.gguf' }, ollama: { chatModel: 'llama3.2' }, openai: { chatModel: 'q' } };

  it('offline when chosen', () => {
    expect(chooseProvider('offline', settings(), WITH_KEY)).toEqual({ provider: 'offline', because: 'chosen' });
  });

  it('Gemini only with a key and outside local-only mode', () => {
    expect(chooseProvider('gemini', settings(), WITH_KEY)).toEqual({ provider: 'gemini' });
    expect(chooseProvider('gemini', settings(), { geminiKey: null, env: { GEMINI_API_KEY: 'k' } })).toEqual({
      provider: 'gemini',
    });
    expect(chooseProvider('gemini', settings(), NO_KEY)).toEqual({ provider: 'offline', because: 'no-key' });
    expect(chooseProvider('gemini', settings({ localOnly: true }), WITH_KEY)).toEqual({
      provider: 'offline',
      because: 'local-only',
    });
  });

  it.each(['local', 'ollama', 'openai-compatible'] as const)('%s answers only once a chat model is set', (kind) => {
    expect(chooseProvider(kind, settings(), NO_KEY)).toEqual({ provider: 'offline', because: 'no-model' });
    expect(chooseProvider(kind, settings({}, chat), NO_KEY)).toEqual({ provider: kind });
    // Local-only allows the local kinds (a server's address is checked when it is opened).
    expect(chooseProvider(kind, settings({ localOnly: true }, chat), NO_KEY)).toEqual({ provider: kind });
  });
});

describe('specs from the settings', () => {
  const models = {
    gguf: { chatModel: '/m/chat.gguf', embedModel: '/m/embed.gguf', contextSize: 2048 },
    ollama: { baseUrl: 'http://127.0.0.1:9', chatModel: 'llama3.2', embedModel: 'nomic-embed-text' },
    openai: { baseUrl: 'http://127.0.0.1:8/v1', chatModel: 'qwen', embedModel: 'bge', contextWindow: 8192 },
  };
  const noPrefix = { queryPrefix: null, documentPrefix: null };

  it('embedderSpecFor: the provider’s embedding model, else the offline one', () => {
    expect(embedderSpecFor(settings(), NO_KEY)).toEqual({ kind: 'offline' });
    expect(embedderSpecFor(settings({ provider: 'gemini', geminiDimensions: 256 }), WITH_KEY)).toEqual({
      kind: 'gemini',
      model: 'gemini-embedding-001',
      dims: 256,
    });
    expect(embedderSpecFor(settings({ provider: 'gemini' }), NO_KEY)).toEqual({ kind: 'offline' });
    expect(embedderSpecFor(settings({ provider: 'local' }, models), NO_KEY)).toEqual({
      kind: 'local',
      path: '/m/embed.gguf',
      ...noPrefix,
    });
    expect(embedderSpecFor(settings({ provider: 'ollama' }, models), NO_KEY)).toEqual({
      kind: 'ollama',
      baseUrl: 'http://127.0.0.1:9',
      model: 'nomic-embed-text',
      ...noPrefix,
    });
    const custom = settings({ provider: 'openai-compatible' }, models);
    custom.localModels.queryPrefix = 'q: ';
    custom.localModels.documentPrefix = '';
    expect(embedderSpecFor(custom, NO_KEY)).toEqual({
      kind: 'openai-compatible',
      baseUrl: 'http://127.0.0.1:8/v1',
      model: 'bge',
      queryPrefix: 'q: ',
      documentPrefix: '',
    });
    // A chat model alone leaves search with the offline vectors.
    expect(embedderSpecFor(settings({ provider: 'local' }, { gguf: { chatModel: '/m/c.gguf' } }), NO_KEY)).toEqual({
      kind: 'offline',
    });
  });

  it('generatorSpecFor: after chooseProvider, for the saved provider or the one asked for', () => {
    const s = settings({ provider: 'local' }, models);
    expect(generatorSpecFor(s, NO_KEY)).toEqual({ kind: 'local', path: '/m/chat.gguf', contextSize: 2048 });
    expect(generatorSpecFor(s, NO_KEY, 'ollama')).toEqual({
      kind: 'ollama',
      baseUrl: 'http://127.0.0.1:9',
      model: 'llama3.2',
    });
    expect(generatorSpecFor(s, NO_KEY, 'openai-compatible')).toEqual({
      kind: 'openai-compatible',
      baseUrl: 'http://127.0.0.1:8/v1',
      model: 'qwen',
      contextWindow: 8192,
    });
    expect(generatorSpecFor(s, WITH_KEY, 'gemini')).toEqual({ kind: 'gemini', model: 'gemini-2.5-flash' });
    expect(generatorSpecFor(s, NO_KEY, 'gemini')).toEqual({ kind: 'offline' });
    expect(generatorSpecFor(settings({ provider: 'local' }), NO_KEY)).toEqual({ kind: 'offline' });
  });

  it('specKey does not depend on the order of the keys', () => {
    expect(specKey({ kind: 'local', path: '/a', queryPrefix: null, documentPrefix: '' })).toBe(
      specKey({ documentPrefix: '', queryPrefix: null, path: '/a', kind: 'local' } as EmbedderSpec),
    );
    expect(specKey({ kind: 'gemini', model: 'm', dims: 64 })).not.toBe(specKey({ kind: 'gemini', model: 'm', dims: 768 }));
  });
});

describe('parseEmbedderSpec', () => {
  const specs: EmbedderSpec[] = [
    { kind: 'offline' },
    { kind: 'gemini', model: 'gemini-embedding-001', dims: 768 },
    { kind: 'local', path: '/models/bge.gguf', queryPrefix: null, documentPrefix: 'passage: ' },
    { kind: 'ollama', baseUrl: 'http://127.0.0.1:11434', model: 'nomic-embed-text', queryPrefix: null, documentPrefix: null },
    { kind: 'openai-compatible', baseUrl: 'http://localhost:1234/v1', model: 'e5', queryPrefix: 'query: ', documentPrefix: '' },
  ];

  it.each(specs.map((s) => [s.kind, s]))('reads back a saved %s spec', (_kind, spec) => {
    expect(parseEmbedderSpec(JSON.parse(JSON.stringify(spec)))).toEqual(spec);
  });

  it.each([
    ['null', null],
    ['a string', 'offline'],
    ['an array', [{ kind: 'offline' }]],
    ['an unknown kind', { kind: 'word2vec', path: '/x' }],
    ['a kind not a string', { kind: 1 }],
    ['gemini without dims', { kind: 'gemini', model: 'm' }],
    ['a local spec without its path', { kind: 'local', queryPrefix: null, documentPrefix: null }],
    ['a local spec with a number for a prefix', { kind: 'local', path: '/a', queryPrefix: 3, documentPrefix: null }],
    ['a local spec missing its prefixes (an older value)', { kind: 'local', path: '/a' }],
    ['a server spec without its address', { kind: 'ollama', model: 'm', queryPrefix: null, documentPrefix: null }],
    ['a server spec with a number for a model', { kind: 'openai-compatible', baseUrl: 'http://h', model: 7 }],
  ])('rejects %s', (_what, value) => {
    expect(parseEmbedderSpec(value)).toBeNull();
  });
});

// ---- opening for real ----

let tiny: TinyModels;
let ollama: FakeOllama;
let openai: FakeOpenAI;
let gemini: FakeGemini;
/** A fake on every interface, reached through this machine's non-loopback address (the local-only checks). */
let exposed: FakeOllama;
const outward = Object.values(networkInterfaces())
  .flat()
  .find((a) => a && !a.internal && a.family === 'IPv4')?.address;

const ctx = (over: Partial<OpenContext> = {}): OpenContext => ({
  secrets: NO_KEY,
  localOnly: false,
  idleMs: 60_000,
  ...over,
});

beforeAll(async () => {
  [tiny, ollama, openai, gemini, exposed] = await Promise.all([
    writeTinyModels(),
    startFakeOllama(),
    startFakeOpenAI(),
    startFakeGemini({ apiKey: WITH_KEY.geminiKey as string }),
    startFakeOllama({ host: '0.0.0.0' }),
  ]);
});
afterAll(async () => {
  await closeSharedLlamaClient();
  await Promise.all([ollama?.close(), openai?.close(), gemini?.close(), exposed?.close()]);
  tiny?.cleanup();
});

const passage = 'The 2024 budget is 120 000 euros.';
const request: GenerationRequest = {
  question: 'What is the budget?',
  history: [],
  passages: [
    {
      n: 1,
      chunkId: 1,
      documentId: 1,
      path: 'budget.txt',
      pageStart: null,
      pageEnd: null,
      pageLabel: null,
      charStart: 0,
      charEnd: passage.length,
      text: passage,
    },
  ],
  system: 'Answer briefly and cite [1].',
  prompt: `[1] ${passage}\n\nQuestion: What is the budget?`,
  language: 'en',
};

async function answer(g: Generator): Promise<string> {
  let text = '';
  for await (const ev of g.generate(request)) if (ev.type === 'text') text += ev.text;
  return text;
}

async function embedsOk(e: Embedder, spec: EmbedderSpec): Promise<void> {
  expect(e.spec).toEqual(spec);
  const [doc] = await e.embedDocuments([passage]);
  const q = await e.embedQuery('budget');
  expect(doc.length).toBe(e.dim);
  expect(q.length).toBe(e.dim);
  expect([...q].every(Number.isFinite)).toBe(true);
}

describe('openEmbedder and openGenerator', () => {
  it('offline: the one shared embedder carries its spec, and can be given it again', async () => {
    const spec: EmbedderSpec = { kind: 'offline' };
    const a = await openEmbedder(spec, ctx());
    const b = await openEmbedder({ kind: 'offline' }, ctx());
    expect(b).toBe(a);
    expect(a).toBe(offlineEmbedder());
    await embedsOk(a, spec);
    expect(a.id).toMatch(/^offline:/);
    const g = await openGenerator({ kind: 'offline' }, ctx());
    expect(g.id).toBe('extractive-v1');
    expect(await answer(g)).toContain('120 000');
  });

  it('gguf: the tiny models open in the shared model process, embed and answer', async () => {
    const spec: EmbedderSpec = { kind: 'local', path: tiny.embed, queryPrefix: null, documentPrefix: null };
    const e = await openEmbedder(spec, ctx());
    expect(e.id).toMatch(/^gguf:tiny-embed:/);
    expect(e.dim).toBe(64);
    await embedsOk(e, spec);
    const g = await openGenerator({ kind: 'local', path: tiny.chat, contextSize: 512 }, ctx());
    expect(g.id).toBe('gguf:tiny-chat');
    expect(g.contextWindow).toBe(512);
    expect((await answer(g)).length).toBeGreaterThan(0);
  });

  it('gguf: a file that is not a model is refused with its reason', async () => {
    const spec: EmbedderSpec = { kind: 'local', path: tiny.notGguf, queryPrefix: null, documentPrefix: null };
    await expect(openEmbedder(spec, ctx())).rejects.toThrow(/notes\.gguf/);
  });

  it('ollama: the fake server’s model, with its known prefixes', async () => {
    ollama.reset();
    const spec: EmbedderSpec = {
      kind: 'ollama',
      baseUrl: ollama.url,
      model: 'nomic-embed-text',
      queryPrefix: null,
      documentPrefix: null,
    };
    const e = await openEmbedder(spec, ctx());
    expect(e.id).toMatch(/^ollama:nomic-embed-text/);
    expect(e.dim).toBe(768);
    await embedsOk(e, spec);
    // nomic's prefixes come from the family table when none is saved.
    const inputs = ollama.requests
      .filter((r) => r.kind === 'embed')
      .flatMap((r) => (r.body as { input: string[] }).input);
    expect(inputs).toContain(`search_document: ${passage}`);
    expect(inputs).toContain('search_query: budget');
    const g = await openGenerator({ kind: 'ollama', baseUrl: ollama.url, model: 'llama3.2' }, ctx());
    expect(await answer(g)).toContain('[1]');
  });

  it('openai-compatible: the fake server’s model', async () => {
    const base = `${openai.url}/v1`;
    const spec: EmbedderSpec = {
      kind: 'openai-compatible',
      baseUrl: base,
      model: 'text-embedding-bge-small-en-v1.5',
      queryPrefix: '',
      documentPrefix: '',
    };
    const e = await openEmbedder(spec, ctx());
    expect(e.dim).toBe(384);
    await embedsOk(e, spec);
    const g = await openGenerator(
      { kind: 'openai-compatible', baseUrl: base, model: 'qwen2.5-7b-instruct', contextWindow: 4096 },
      ctx(),
    );
    expect(g.contextWindow).toBe(4096);
    expect(await answer(g)).toContain('[1]');
  });

  it('gemini: needs a key; with one, the fake server answers', async () => {
    const spec: EmbedderSpec = { kind: 'gemini', model: 'gemini-embedding-001', dims: 64 };
    await expect(openEmbedder(spec, ctx())).rejects.toThrow(/API key/);
    await expect(openGenerator({ kind: 'gemini', model: 'gemini-2.5-flash' }, ctx())).rejects.toThrow(/API key/);
    const secrets: Secrets = { geminiKey: WITH_KEY.geminiKey, env: { GEMINI_BASE_URL: gemini.url } };
    const e = await openEmbedder(spec, ctx({ secrets }));
    await embedsOk(e, spec);
    const g = await openGenerator({ kind: 'gemini', model: 'gemini-2.5-flash' }, ctx({ secrets }));
    expect(await answer(g)).toContain('[1]');
  });

  it.skipIf(!outward)('control: without local-only, the non-loopback address reaches the server', async () => {
    exposed.reset();
    const url = `http://${outward}:${exposed.port}`;
    const spec: EmbedderSpec = { kind: 'ollama', baseUrl: url, model: 'all-minilm', queryPrefix: '', documentPrefix: '' };
    await openEmbedder(spec, ctx());
    expect(exposed.requests.length).toBeGreaterThan(0);
  });

  it.skipIf(!outward)('local-only refuses a non-loopback server before any request reaches it', async () => {
    exposed.reset();
    const ollamaUrl = `http://${outward}:${exposed.port}`;
    const on = ctx({ localOnly: true });
    const attempts: Promise<unknown>[] = [
      openEmbedder({ kind: 'ollama', baseUrl: ollamaUrl, model: 'all-minilm', queryPrefix: '', documentPrefix: '' }, on),
      openGenerator({ kind: 'ollama', baseUrl: ollamaUrl, model: 'llama3.2' }, on),
      openEmbedder(
        { kind: 'openai-compatible', baseUrl: `${ollamaUrl}/v1`, model: 'e', queryPrefix: '', documentPrefix: '' },
        on,
      ),
      openGenerator({ kind: 'openai-compatible', baseUrl: `${ollamaUrl}/v1`, model: 'q', contextWindow: 4096 }, on),
    ];
    for (const p of attempts) {
      const err = await p.then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(LocalOnlyUrlError);
      expect((err as Error).message).toMatch(/^Local-only mode: .* is not on this machine/);
    }
    expect(exposed.requests).toEqual([]);
    // The same server at its loopback address is allowed.
    const ok = await openEmbedder(
      { kind: 'ollama', baseUrl: `http://127.0.0.1:${exposed.port}`, model: 'all-minilm', queryPrefix: '', documentPrefix: '' },
      on,
    );
    expect(ok.dim).toBe(384);
  });
});

describe('ProviderPool', () => {
  const spec = (): EmbedderSpec => ({
    kind: 'ollama',
    baseUrl: ollama.url,
    model: 'all-minilm',
    queryPrefix: '',
    documentPrefix: '',
  });

  it('gives the same instance for the same spec, however it is spelled', async () => {
    const pool = new ProviderPool(() => ctx());
    const a = await pool.embedder(spec());
    const { documentPrefix, queryPrefix, model, baseUrl, kind } = spec() as Extract<EmbedderSpec, { kind: 'ollama' }>;
    const b = await pool.embedder({ documentPrefix, queryPrefix, model, baseUrl, kind } as EmbedderSpec);
    expect(b).toBe(a);
    const other = await pool.embedder({ ...spec(), queryPrefix: 'q: ' } as EmbedderSpec);
    expect(other).not.toBe(a);
    const g1 = await pool.generator({ kind: 'ollama', baseUrl: ollama.url, model: 'llama3.2' });
    expect(await pool.generator({ kind: 'ollama', baseUrl: ollama.url, model: 'llama3.2' })).toBe(g1);
    await pool.dispose();
  });

  it('does not keep a failed open: the next call tries again', async () => {
    const pool = new ProviderPool(() => ctx());
    await ollama.down();
    try {
      await expect(pool.embedder(spec())).rejects.toThrow(/Ollama is not running/);
    } finally {
      await ollama.up();
    }
    const e = await pool.embedder(spec());
    expect(e.dim).toBe(384);
    await pool.dispose();
  });

  it('prune disposes what is not kept; what is kept stays until the pool is disposed', async () => {
    const pool = new ProviderPool(() => ctx());
    const gSpec: GeneratorSpec = { kind: 'ollama', baseUrl: ollama.url, model: 'llama3.2' };
    type Spied = { dispose?: () => void };
    const kept = (await pool.embedder(spec())) as Embedder & Spied;
    const dropped = (await pool.embedder({ ...spec(), documentPrefix: 'd: ' } as EmbedderSpec)) as Embedder & Spied;
    const gen = (await pool.generator(gSpec)) as Generator & Spied;
    const disposed: string[] = [];
    kept.dispose = () => void disposed.push('kept');
    dropped.dispose = () => void disposed.push('dropped');
    gen.dispose = () => void disposed.push('generator');
    await pool.prune([spec()]);
    expect(disposed.sort()).toEqual(['dropped', 'generator']);
    expect(await pool.embedder(spec())).toBe(kept);
    expect(await pool.generator(gSpec)).not.toBe(gen);
    await pool.dispose();
    expect(disposed).toContain('kept');
  });
});
