// Opening every kind for real through openEmbedder and openGenerator: the offline pair, the tiny GGUF models
// in the shared model process, the fake Ollama and OpenAI-compatible servers (the real protocols on
// 127.0.0.1) and Gemini's fake. Every embedder carries its spec (the library records it). Local-only mode
// must refuse a non-loopback server before a single request is sent: a fake on every interface counts what
// reaches it, and a control run without local-only shows that the address does reach it.
import { execFileSync } from 'node:child_process';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeGemini, startFakeGemini } from '../../../test-support/fake-gemini/server';
import { type FakeOllama, startFakeOllama } from '../../../test-support/fake-ollama/server';
import { type FakeOpenAI, startFakeOpenAI } from '../../../test-support/fake-openai/server';
import { GgufEmbedder } from '../local/gguf/embedder';
import { closeSharedLlamaClient } from '../local/gguf/shared-client';
import { MAKE_TINY_GGUF } from '../models/test-support/tiny-models';
import { type TinyModels, writeTinyModels } from '../local/gguf/test-support/tiny-models';
import { LocalOnlyUrlError } from '../net/loopback';
import type { Embedder, GenerationRequest, Generator } from '../types';
import {
  type EmbedderSpec,
  type OpenContext,
  offlineEmbedder,
  openEmbedder,
  openGenerator,
  type Secrets,
} from './index';

const NO_KEY: Secrets = { geminiKey: null, env: {} };
const KEY = 'AIzaProvidersTestKey';

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
    startFakeGemini({ apiKey: KEY }),
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
  // A server's embedder also records what the server said (the library keeps it while the server is down).
  const server = spec.kind === 'ollama' || spec.kind === 'openai-compatible';
  expect(e.spec).toEqual(server ? { ...spec, known: { id: e.id, dim: e.dim } } : spec);
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

  it('gguf: a file named by its hash takes its family prefixes from its header name', async () => {
    // As Ollama stores models: blobs/sha256-…, the name only in the header.
    const blob = join(tiny.dir, 'sha256-0123abcd');
    execFileSync(process.execPath, [MAKE_TINY_GGUF, blob, '--embedding', '--name', 'nomic-embed-text-v1.5']);
    const e = await openEmbedder({ kind: 'local', path: blob, queryPrefix: null, documentPrefix: null }, ctx());
    const nomic = await GgufEmbedder.open({
      modelPath: blob,
      queryPrefix: 'search_query: ',
      documentPrefix: 'search_document: ',
    });
    const bare = await GgufEmbedder.open({ modelPath: blob, queryPrefix: '', documentPrefix: '' });
    expect(e.id).toBe(nomic.id);
    expect(e.id).not.toBe(bare.id);
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
    const secrets: Secrets = { geminiKey: KEY, env: { GEMINI_BASE_URL: gemini.url } };
    const e = await openEmbedder(spec, ctx({ secrets }));
    await embedsOk(e, spec);
    const g = await openGenerator({ kind: 'gemini', model: 'gemini-2.5-flash' }, ctx({ secrets }));
    expect(await answer(g)).toContain('[1]');
  });

  it.skipIf(!outward)('control: without local-only, the non-loopback address reaches the server', async () => {
    exposed.reset();
    const url = `http://${outward}:${exposed.port}`;
    const spec: EmbedderSpec = {
      kind: 'ollama',
      baseUrl: url,
      model: 'all-minilm',
      queryPrefix: '',
      documentPrefix: '',
    };
    await openEmbedder(spec, ctx());
    expect(exposed.requests.length).toBeGreaterThan(0);
  });

  it.skipIf(!outward)('local-only refuses a non-loopback server before any request reaches it', async () => {
    exposed.reset();
    const ollamaUrl = `http://${outward}:${exposed.port}`;
    const on = ctx({ localOnly: true });
    const attempts: Promise<unknown>[] = [
      openEmbedder(
        { kind: 'ollama', baseUrl: ollamaUrl, model: 'all-minilm', queryPrefix: '', documentPrefix: '' },
        on,
      ),
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
      {
        kind: 'ollama',
        baseUrl: `http://127.0.0.1:${exposed.port}`,
        model: 'all-minilm',
        queryPrefix: '',
        documentPrefix: '',
      },
      on,
    );
    expect(ok.dim).toBe(384);
  });
});
