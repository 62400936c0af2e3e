// The provider wiring on its own: who answers (chooseProvider), what the settings ask to open (the specs),
// how a saved spec is read back, what the pool keeps, and the stand-in that keeps a library on its server's
// model while that server is not running (against the fake Ollama server, the real protocol on 127.0.0.1).
// Opening each kind for real is in open.test.ts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Settings } from '../../../shared/api';
import { type FakeOllama, startFakeOllama } from '../../../test-support/fake-ollama/server';
import { ModelProviders } from '../model-providers';
import { ProviderError } from '../net/provider-error';
import { defaultSettings } from '../settings';
import type { Embedder, Generator } from '../types';
import {
  chooseProvider,
  type EmbedderSpec,
  embedderSpecFor,
  type GeneratorSpec,
  generatorSpecFor,
  type OpenContext,
  parseEmbedderSpec,
  ProviderPool,
  type Secrets,
  StandbyEmbedder,
  serverAway,
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
    expect(specKey({ kind: 'gemini', model: 'm', dims: 64 })).not.toBe(
      specKey({ kind: 'gemini', model: 'm', dims: 768 }),
    );
  });
});

describe('parseEmbedderSpec', () => {
  const specs: EmbedderSpec[] = [
    { kind: 'offline' },
    { kind: 'gemini', model: 'gemini-embedding-001', dims: 768 },
    { kind: 'local', path: '/models/bge.gguf', queryPrefix: null, documentPrefix: 'passage: ' },
    {
      kind: 'ollama',
      baseUrl: 'http://127.0.0.1:11434',
      model: 'nomic-embed-text',
      queryPrefix: null,
      documentPrefix: null,
    },
    {
      kind: 'openai-compatible',
      baseUrl: 'http://localhost:1234/v1',
      model: 'e5',
      queryPrefix: 'query: ',
      documentPrefix: '',
    },
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

// ---- with a server ----

let ollama: FakeOllama;
let dataDir: string;
beforeAll(async () => {
  ollama = await startFakeOllama();
  dataDir = mkdtempSync(join(tmpdir(), 'lucarne-providers-'));
});
afterAll(async () => {
  await ollama?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const ctx = (): OpenContext => ({ secrets: NO_KEY, localOnly: false, idleMs: 60_000 });

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

describe('a recorded server model while its server is down', () => {
  const recorded = (): EmbedderSpec => ({
    kind: 'ollama',
    baseUrl: ollama.url,
    model: 'all-minilm',
    queryPrefix: '',
    documentPrefix: '',
  });

  function providers(): ModelProviders {
    const s = defaultSettings();
    return new ModelProviders({
      dataDir,
      settings: () => s,
      saveSettings: () => s,
      secrets: () => NO_KEY,
      emit: () => {},
    });
  }

  it('serverAway: a server away for now, not a model gone or refused', () => {
    expect(serverAway(new ProviderError('not-running', 'x'))).toBe(true);
    expect(serverAway(new ProviderError('timeout', 'x'))).toBe(true);
    expect(serverAway(new ProviderError('model-missing', 'x'))).toBe(false);
    expect(serverAway(new ProviderError('rejected', 'x'))).toBe(false);
    expect(serverAway(new Error('not-running'))).toBe(false);
  });

  it('the spec an opened server embedder records says what the server said; it is read back', async () => {
    const m = providers();
    const e = await m.fromSpec(recorded());
    expect(e?.spec).toEqual({ ...recorded(), known: { id: e?.id, dim: 384 } });
    const saved = JSON.parse(JSON.stringify(e?.spec));
    expect(parseEmbedderSpec(saved)).toEqual(saved);
    // What is not one is dropped, the rest of the spec kept; the key ignores it.
    expect(parseEmbedderSpec({ ...recorded(), known: { id: 'x', dim: -1 } })).toEqual(recorded());
    expect(parseEmbedderSpec({ ...recorded(), known: 'junk' })).toEqual(recorded());
    expect(specKey(saved)).toBe(specKey(recorded()));
    await m.close();
  });

  it('fromSpec: with the server down, a stand-in with the recorded id and size, working once it is back', async () => {
    const m = providers();
    const saved = (await m.fromSpec(recorded()))?.spec as EmbedderSpec;
    const real = await m.fromSpec(saved);
    await m.pool.dispose();
    await ollama.down();
    let standby: Embedder | null;
    try {
      standby = await m.fromSpec(saved);
      expect(standby).toBeInstanceOf(StandbyEmbedder);
      expect(standby).toMatchObject({ id: real?.id, dim: 384, local: true, spec: saved });
      await expect(standby?.embedQuery('river')).rejects.toThrow(/Ollama is not running/);
      // Without what the server said, the model cannot be kept: the error stands (the library falls back).
      await expect(m.fromSpec(recorded())).rejects.toThrow(/Ollama is not running/);
    } finally {
      await ollama.up();
    }
    const v = await standby?.embedQuery('river');
    expect(v).toHaveLength(384);
    expect([...(v ?? [])]).toEqual([...((await real?.embedQuery('river')) ?? [])]);
    await m.close();
  });

  it('fromSpec: a model the server no longer has is not stood in for', async () => {
    const m = providers();
    const saved = { ...recorded(), model: 'gone-model', known: { id: 'ollama:gone-model:latest:00000000', dim: 384 } };
    await expect(m.fromSpec(saved)).rejects.toMatchObject({ code: 'model-missing' });
    await m.close();
  });

  it('the stand-in refuses a server that now serves another model under that name', async () => {
    const spec = { ...recorded(), known: { id: 'ollama:all-minilm:latest:00000000', dim: 384 } } as EmbedderSpec & {
      known: { id: string; dim: number };
    };
    const pool = new ProviderPool(() => ctx());
    const s = new StandbyEmbedder(spec, true, () => pool.embedder(spec));
    await expect(s.embedQuery('x')).rejects.toThrow(
      /now serves ollama:all-minilm:latest:[0-9a-f]{8} \(384 dimensions\)/,
    );
    await pool.dispose();
  });
});
