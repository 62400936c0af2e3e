// GgufEmbedder and GgufGenerator on the tiny generated models, with real node-llama-cpp in a real model
// process: header reading, embeddings (dimension, normalisation, determinism, batching, prefixes), streamed
// answers with cancellation, and every bad input the user can pick. One model process serves the whole
// file (as one serves the engine); each bad input is followed by requests that must still work.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GenerationEvent, GenerationRequest } from '../../types';
import { LlamaClient } from './client';
import { GgufEmbedder } from './embedder';
import { GgufError } from './errors';
import { GgufGenerator } from './generator';
import { type TinyModels, writeTinyModels } from './test-support/tiny-models';

let models: TinyModels;
let client: LlamaClient;

beforeAll(async () => {
  models = await writeTinyModels();
  client = new LlamaClient({ env: { LUCARNE_LLAMA_GPU: '0' } });
});

afterAll(async () => {
  await client?.dispose();
  models?.cleanup();
});

const embedder = (opts: Partial<Parameters<typeof GgufEmbedder.open>[0]> = {}) =>
  GgufEmbedder.open({
    modelPath: models.embed,
    queryPrefix: 'search_query: ',
    documentPrefix: 'search_document: ',
    threads: 1,
    client,
    ...opts,
  });

const generator = (opts: Partial<Parameters<typeof GgufGenerator.open>[0]> = {}) =>
  GgufGenerator.open({ modelPath: models.chat, threads: 1, client, maxOutputTokens: 24, ...opts });

const request = (prompt: string): GenerationRequest => ({
  question: prompt,
  history: [
    { role: 'user', text: 'the' },
    { role: 'assistant', text: 'a' },
  ],
  passages: [],
  system: 'Be brief.',
  prompt,
  language: 'en',
});

async function collect(stream: AsyncIterable<GenerationEvent>): Promise<GenerationEvent[]> {
  const events: GenerationEvent[] = [];
  for await (const ev of stream) events.push(ev);
  return events;
}

async function rejection(p: Promise<unknown>): Promise<GgufError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(GgufError);
  return err as GgufError;
}

const norm = (v: Float32Array) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));
const texts = (n: number) => Array.from({ length: n }, (_, i) => `text number ${i} of the library, le ${i * 7}`);

describe('GgufEmbedder', () => {
  it('reads the dimension from the header and names the model, its file and its prefixes in its id', async () => {
    const e = await embedder();
    expect(e.dim).toBe(64);
    expect(e.local).toBe(true);
    expect(e.id).toMatch(/^gguf:tiny-embed:[0-9a-f]{10}$/);
    expect(e.facts).toMatchObject({ architecture: 'llama', poolingType: 1, hasChatTemplate: false, contextSize: 512 });
    // Same file, same prefixes: same id (the cache survives a restart); other prefixes: another id.
    expect((await embedder()).id).toBe(e.id);
    expect((await embedder({ queryPrefix: 'query: ', documentPrefix: 'passage: ' })).id).not.toBe(e.id);
  });

  it('gives unit vectors of the right size, the same for the same text, different for different texts', async () => {
    const e = await embedder();
    const [a, b, again] = await e.embedDocuments(['the cat', 'le chien', 'the cat']);
    for (const v of [a, b, again]) {
      expect(v).toBeInstanceOf(Float32Array);
      expect(v.length).toBe(64);
      expect(norm(v)).toBeCloseTo(1, 5);
    }
    expect(Array.from(again)).toEqual(Array.from(a));
    expect(Array.from(b)).not.toEqual(Array.from(a));
    expect(Array.from((await e.embedDocuments(['the cat']))[0])).toEqual(Array.from(a));
    // An empty text still gets a vector (node-llama-cpp alone would return an empty one).
    const [empty] = await (await embedder({ documentPrefix: '' })).embedDocuments(['']);
    expect(empty.length).toBe(64);
  });

  it('embeds 50 texts in batches exactly as it embeds them one by one, reporting progress', async () => {
    const e = await embedder();
    const progress: [number, number][] = [];
    const batched = await e.embedDocuments(texts(50), { onProgress: (done, total) => progress.push([done, total]) });
    expect(batched).toHaveLength(50);
    expect(progress.at(-1)).toEqual([50, 50]);
    expect(progress.length).toBeGreaterThan(1);
    for (const [i, text] of texts(50).entries()) {
      const [single] = await e.embedDocuments([text]);
      expect(Array.from(batched[i]), text).toEqual(Array.from(single));
    }
  });

  it('keeps every text and its order when the batch size adapts to the model speed (300 texts, twice)', async () => {
    const e = await embedder();
    const many = Array.from(
      { length: 300 },
      (_, i) => `passage ${i}: ${'le budget de la mairie '.repeat(1 + (i % 4))}`,
    );
    for (let run = 0; run < 2; run++) {
      const sizes: number[] = [];
      let last = 0;
      const vectors = await e.embedDocuments(many, {
        onProgress: (done) => {
          sizes.push(done - last);
          last = done;
        },
      });
      expect(vectors).toHaveLength(300);
      expect(sizes.reduce((a, b) => a + b, 0)).toBe(300);
      for (const i of [0, 16, 17, 150, 299]) {
        const [single] = await e.embedDocuments([many[i]]);
        expect(Array.from(vectors[i]), many[i]).toEqual(Array.from(single));
      }
    }
  });

  it('applies the query and document prefixes: they change the vectors', async () => {
    const withPrefixes = await embedder();
    const without = await embedder({ queryPrefix: '', documentPrefix: '' });
    const q = await withPrefixes.embedQuery('bonjour');
    const d = (await withPrefixes.embedDocuments(['bonjour']))[0];
    expect(Array.from(q)).not.toEqual(Array.from(d));
    expect(Array.from(await without.embedQuery('bonjour'))).not.toEqual(Array.from(q));
    // Without prefixes, a query and a document of the same text are the same input.
    expect(Array.from(await without.embedQuery('bonjour'))).toEqual(
      Array.from((await without.embedDocuments(['bonjour']))[0]),
    );
  });

  it('stops between batches when cancelled', async () => {
    const e = await embedder();
    const controller = new AbortController();
    const run = e.embedDocuments(texts(200), {
      signal: controller.signal,
      onProgress: (done) => {
        if (done >= 16) controller.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect((await e.embedDocuments(['after the cancel']))[0].length).toBe(64);
  });

  it('accepts a chat model as the embedder (llama.cpp pools its last token)', async () => {
    const e = await embedder({ modelPath: models.chat });
    expect(e.id).toMatch(/^gguf:tiny-chat:/);
    const [v] = await e.embedDocuments(['a chat model can embed']);
    expect(norm(v)).toBeCloseTo(1, 5);
  });
});

describe('GgufGenerator', () => {
  it('uses the smaller of the trained context and the cap', async () => {
    expect((await generator()).contextWindow).toBe(512);
    expect((await generator({ contextSize: 256 })).contextWindow).toBe(256);
    const g = await generator();
    expect(g.id).toBe('gguf:tiny-chat');
    expect(g.local).toBe(true);
  });

  it('streams text, then how it ended with the token counts', async () => {
    const g = await generator();
    const events = await collect(g.generate(request('hello')));
    const done = events.at(-1);
    expect(done?.type).toBe('done');
    if (done?.type !== 'done') return;
    expect(['stop', 'max-tokens']).toContain(done.finishReason);
    expect(done.usage?.outputTokens).toBeGreaterThan(0);
    expect(done.usage?.outputTokens).toBeLessThanOrEqual(24);
    expect(done.usage?.promptTokens).toBeGreaterThan(0);
    expect(events.slice(0, -1).every((e) => e.type === 'text' && e.text.length > 0)).toBe(true);
    expect(events.length).toBeGreaterThan(1);
  });

  it('stops when cancelled after the first tokens, with the standard AbortError; the next answer works', async () => {
    const g = await generator({ maxOutputTokens: 128 });
    const controller = new AbortController();
    const seen: string[] = [];
    const run = (async () => {
      for await (const ev of g.generate(request('cancel me'), { signal: controller.signal })) {
        if (ev.type === 'text') seen.push(ev.text);
        if (seen.length === 2) controller.abort();
      }
    })();
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(seen).toHaveLength(2); // nothing after the abort reaches the caller
    const after = await collect(g.generate(request('and now?')));
    expect(after.at(-1)?.type).toBe('done');
  });

  it('stops the model when the caller leaves the stream early', async () => {
    const g = await generator({ maxOutputTokens: 128 });
    for await (const ev of g.generate(request('leave early'))) if (ev.type === 'text') break;
    const after = await collect(g.generate(request('still there?')));
    expect(after.at(-1)?.type).toBe('done');
  });
});

describe('bad input: a clear error, and the provider still works', () => {
  it('refuses a file that is not a GGUF, empty, missing or a folder', async () => {
    expect((await rejection(embedder({ modelPath: models.notGguf }))).code).toBe('not-gguf');
    expect((await rejection(generator({ modelPath: models.notGguf }))).message).toMatch(/not a GGUF model file/);
    expect((await rejection(embedder({ modelPath: models.empty }))).code).toBe('not-gguf');
    const missing = await rejection(generator({ modelPath: models.missing }));
    expect(missing.code).toBe('not-found');
    expect(missing.message).toMatch(/missing\.gguf.*no such file/);
    expect((await rejection(embedder({ modelPath: models.folder }))).code).toBe('not-found');
    expect((await (await embedder()).embedQuery('still works')).length).toBe(64);
  });

  it('refuses a truncated file, cut in its weights or in its header', async () => {
    const cut = await rejection(generator({ modelPath: models.truncated }));
    expect(cut.code).toBe('corrupt');
    expect(cut.message).toMatch(/incomplete or damaged.*download/);
    expect((await rejection(embedder({ modelPath: models.truncatedHeader }))).code).toBe('corrupt');
    expect((await collect((await generator()).generate(request('fine'))))?.at(-1)?.type).toBe('done');
  });

  it('refuses the embedding model as the chat model, saying what it is', async () => {
    const err = await rejection(generator({ modelPath: models.embed }));
    expect(err.code).toBe('not-a-chat-model');
    expect(err.message).toMatch(/embedding model.*pooling.*Choose a chat/);
  });

  it('refuses a prompt longer than the context instead of letting node-llama-cpp cut it silently', async () => {
    const g = await generator();
    const long = request('the river of stone '.repeat(200));
    const err = await collect(g.generate(long)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GgufError);
    expect((err as GgufError).code).toBe('prompt-too-long');
    expect((err as GgufError).message).toMatch(/\(\d+ tokens\) do not fit in the model's context of 512 tokens/);
    expect((await collect(g.generate(request('short')))).at(-1)?.type).toBe('done');
  });

  it('refuses a model too big for the free memory, before and between loads', async () => {
    const tooBig = await rejection(generator({ freeMemory: () => 10 * 2 ** 20 }));
    expect(tooBig.code).toBe('too-big');
    expect(tooBig.message).toMatch(/needs about \d+ MB of memory but only 10 MB is free/);
    // Enough memory when opened; less by the time the model must be loaded again.
    let free = 8 * 2 ** 30;
    const g = await generator({ freeMemory: () => free });
    await client.unload('chat');
    free = 2 ** 20;
    await expect(collect(g.generate(request('no room')))).rejects.toMatchObject({ code: 'too-big' });
    free = 8 * 2 ** 30;
    expect((await collect(g.generate(request('room again')))).at(-1)?.type).toBe('done');
  });
});
