import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeOllama, startFakeOllama, unitEmbedding } from '../../../../test-support/fake-ollama/server';
import { LocalOnlyError } from '../../answer/local-only';
import { LocalOnlyUrlError } from '../../net/loopback';
import { ProviderError } from '../../net/provider-error';
import { OllamaClient } from './client';
import { OllamaEmbedder, type OllamaEmbedderOptions } from './embedder';

const FAST = { baseDelayMs: 5, maxDelayMs: 20 };

let fake: FakeOllama;
beforeAll(async () => {
  fake = await startFakeOllama();
});
afterAll(() => fake.close());
beforeEach(async () => {
  await fake.up();
  fake.reset();
});

function open(extra: Partial<OllamaEmbedderOptions> = {}) {
  return OllamaEmbedder.open({ baseUrl: fake.url, model: 'nomic-embed-text', retry: FAST, ...extra });
}

async function failure(p: Promise<unknown>): Promise<ProviderError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ProviderError);
  return e as ProviderError;
}

function norm(v: Float32Array): number {
  return Math.sqrt(v.reduce((s, x) => s + x * x, 0));
}

type EmbedBody = { model: string; input: string[] };

describe('OllamaEmbedder', () => {
  it('probes the dimension once, and names itself by model and prefixes', async () => {
    const e = await open({ queryPrefix: 'search_query: ', documentPrefix: 'search_document: ' });
    expect(e.dim).toBe(768);
    expect(e.local).toBe(true);
    expect(e.model).toBe('nomic-embed-text:latest');
    expect(e.id).toMatch(/^ollama:nomic-embed-text:latest:[0-9a-f]{8}$/);
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0].path).toBe('/api/embed');
    // Same model and prefixes → same id whatever the spelling of the model or the address; other prefixes → other id.
    const again = await OllamaEmbedder.open({
      baseUrl: `localhost:${fake.port}/`,
      model: 'nomic-embed-text:latest',
      queryPrefix: 'search_query: ',
      documentPrefix: 'search_document: ',
    });
    expect(again.id).toBe(e.id);
    expect((await open()).id).not.toBe(e.id);
    expect((await open({ model: 'all-minilm' })).dim).toBe(384);
  });

  it('embeds in batches of 32, in order, unit length, with the document prefix and progress', async () => {
    const e = await open({ documentPrefix: 'passage: ' });
    fake.reset();
    const texts = Array.from({ length: 70 }, (_, i) => `passage ${i} about topic ${i % 5}`);
    const progress: [number, number][] = [];
    const vectors = await e.embedDocuments(texts, { onProgress: (d, t) => progress.push([d, t]) });
    expect(fake.requests.map((r) => (r.body as EmbedBody).input.length)).toEqual([32, 32, 6]);
    expect((fake.requests[2].body as EmbedBody).input[0]).toBe('passage: passage 64 about topic 4');
    expect(progress).toEqual([
      [32, 70],
      [64, 70],
      [70, 70],
    ]);
    expect(vectors).toHaveLength(70);
    for (const i of [0, 31, 32, 69]) {
      const expected = unitEmbedding(`passage: ${texts[i]}`, 768);
      expect(norm(vectors[i])).toBeCloseTo(1, 5);
      expect(vectors[i][7]).toBeCloseTo(expected[7], 5);
    }
    expect(await e.embedDocuments([])).toEqual([]);
  });

  it('embeds a query with the query prefix', async () => {
    const e = await open({ queryPrefix: 'search_query: ', batchSize: 8 });
    const v = await e.embedQuery('where is the cat?');
    expect((fake.requests[fake.requests.length - 1].body as EmbedBody).input).toEqual([
      'search_query: where is the cat?',
    ]);
    expect(v[3]).toBeCloseTo(unitEmbedding('search_query: where is the cat?', 768)[3], 5);
  });

  it('stops between batches when cancelled', async () => {
    const e = await open({ batchSize: 4 });
    fake.reset();
    const ac = new AbortController();
    const p = e.embedDocuments(
      Array.from({ length: 20 }, (_, i) => `t${i}`),
      { signal: ac.signal, onProgress: () => ac.abort() },
    );
    await expect(p).rejects.toMatchObject({ name: 'AbortError' });
    expect(fake.requests).toHaveLength(1);
  });

  it('says Ollama is not running when the port is closed, at once, and works again once it is back', async () => {
    const e = await open();
    await fake.down();
    const started = Date.now();
    const err = await failure(e.embedQuery('hello'));
    expect(Date.now() - started).toBeLessThan(1000);
    expect(err.code).toBe('not-running');
    expect(err.retryable).toBe(false);
    expect(err.message).toBe(`Ollama is not running at ${fake.url}: start it (ollama serve) or change the address.`);
    expect((await failure(open())).code).toBe('not-running');
    await fake.up();
    expect(await e.embedQuery('hello')).toHaveLength(768);
  });

  it('tells how to install a missing model', async () => {
    const err = await failure(open({ model: 'mxbai-embed-large' }));
    expect(err.code).toBe('model-missing');
    expect(err.status).toBe(404);
    expect(err.message).toContain('Model "mxbai-embed-large:latest" is not installed in Ollama');
    expect(err.message).toContain('run "ollama pull mxbai-embed-large:latest"');
  });

  it('refuses a chat model with the server’s reason', async () => {
    const err = await failure(open({ model: 'llama3.2' }));
    expect(err.code).toBe('rejected');
    expect(err.message).toContain('does not support embeddings');
  });

  it('retries a 500 and succeeds; gives up after 3 with the server’s message', async () => {
    const e = await open();
    fake.reset();
    fake.script([{ type: 'server-error', only: 'embed' }]);
    await e.embedQuery('x');
    expect(fake.requests.map((r) => r.status)).toEqual([500, 200]);
    fake.reset();
    fake.script(Array.from({ length: 3 }, () => ({ type: 'server-error' as const })));
    const err = await failure(e.embedQuery('x'));
    expect(err).toMatchObject({ code: 'server', status: 500 });
    expect(err.message).toContain('llama runner process has terminated');
    expect(fake.requests).toHaveLength(3);
    expect(await e.embedQuery('x')).toHaveLength(768);
  });

  it('points at memory when the server says so', async () => {
    const message = 'model requires more system memory (8.0 GiB) than is available (4.0 GiB)';
    fake.script(Array.from({ length: 3 }, () => ({ type: 'server-error' as const, message })));
    const err = await failure(open());
    expect(err.message).toContain(message);
    expect(err.message).toContain('more memory than is free');
  });

  it.each([
    ['garbage', { type: 'garbage' as const }, /not JSON/],
    ['a NaN', { type: 'bad-numbers' as const }, /not JSON/],
    ['a missing vector', { type: 'wrong-count' as const }, /2 embeddings for 3 texts/],
    [
      'a null',
      { type: 'http' as const, status: 200, body: { embeddings: [[...Array(767).fill(0.1), null]] } },
      /contains null/,
    ],
    ['another size', { type: 'http' as const, status: 200, body: { embeddings: [[1, 2, 3]] } }, /model changed/],
  ])('reports %s as malformed, without retrying, and stays usable', async (_name, behaviour, detail) => {
    const e = await open();
    fake.reset();
    fake.script([behaviour]);
    const err = await failure(behaviour.type === 'wrong-count' ? e.embedDocuments(['a', 'b', 'c']) : e.embedQuery('a'));
    expect(err.code).toBe('malformed');
    expect(err.message).toMatch(detail);
    expect(err.message).toContain(`Ollama at ${fake.url} sent an unusable answer to the embedding request`);
    expect(fake.requests).toHaveLength(1);
    expect(await e.embedQuery('a')).toHaveLength(768);
  });

  it('times out a request that never answers, and closes its connection', async () => {
    const e = await open({ requestTimeoutMs: 150 });
    fake.reset();
    fake.script([{ type: 'hang' }]);
    const err = await failure(e.embedQuery('x'));
    expect(err.code).toBe('timeout');
    expect(err.message).toContain('did not answer the embedding request within 0.2 s');
    await fake.waitFor((r) => r[0]?.clientClosedEarly === true);
  });

  it('retries a dropped connection', async () => {
    const e = await open();
    fake.reset();
    fake.script([{ type: 'cut' }]);
    await e.embedQuery('x');
    expect(fake.requests.map((r) => r.behaviour)).toEqual(['cut', 'ok']);
  });

  it('says when the address is not an Ollama server', async () => {
    fake.script([{ type: 'http', status: 404, body: 'not json' }]);
    const err = await failure(open());
    expect(err.code).toBe('rejected');
    expect(err.message).toContain('has no /api/embed endpoint');
  });
});

describe('local-only mode', () => {
  it('refuses a LAN address before any connection, and says what to do', async () => {
    let calls = 0;
    const spy: typeof fetch = (...args) => {
      calls++;
      return fetch(...args);
    };
    const e = await open({ baseUrl: 'http://192.168.1.5:11434', localOnly: true, fetchImpl: spy }).catch((x) => x);
    expect(e).toBeInstanceOf(LocalOnlyUrlError);
    expect(e).toBeInstanceOf(LocalOnlyError);
    expect(e.code).toBe('local-only');
    expect(e.message).toBe(
      'Local-only mode: http://192.168.1.5:11434 is not on this machine; use a 127.0.0.1/localhost address or turn local-only off.',
    );
    expect(calls).toBe(0);
  });

  it('allows a loopback address; a remote one is marked not local', async () => {
    expect((await open({ localOnly: true })).local).toBe(true);
    const viaLan: typeof fetch = (input, init) =>
      fetch(String(input).replace('http://192.168.1.5:11434', fake.url), init);
    const remote = await open({ baseUrl: 'http://192.168.1.5:11434', fetchImpl: viaLan });
    expect(remote.local).toBe(false);
  });
});

describe('OllamaClient', () => {
  it('reads the version and lists models with their role, size, family and context length', async () => {
    const client = new OllamaClient({ baseUrl: `${fake.url}/api/` });
    expect(await client.version()).toBe('0.6.8');
    const models = await client.listModels();
    expect(models).toEqual([
      expect.objectContaining({ name: 'nomic-embed-text:latest', role: 'embedding', family: 'nomic-bert' }),
      expect.objectContaining({
        name: 'all-minilm:latest',
        role: 'embedding',
        contextLength: 512,
        embeddingLength: 384,
      }),
      expect.objectContaining({ name: 'llama3.2:latest', role: 'chat', contextLength: 131072, bytes: 2019393189 }),
      expect.objectContaining({ name: 'qwen2.5:0.5b', role: 'chat', family: 'qwen2', quantization: 'Q4_K_M' }),
    ]);
    fake.reset();
    const quick = await client.listModels({ details: false });
    expect(fake.requests.map((r) => r.path)).toEqual(['/api/tags']);
    expect(quick.map((m) => m.role)).toEqual(['embedding', 'embedding', 'chat', 'chat']);
    expect(quick[2].contextLength).toBeUndefined();
  });

  it('keeps a model whose details fail, and reports a garbage model list', async () => {
    const client = new OllamaClient({ baseUrl: fake.url, retry: { maxAttempts: 1 } });
    fake.script([{ type: 'server-error', only: 'show' }]);
    const models = await client.listModels();
    expect(models).toHaveLength(4);
    expect(models[0]).toEqual(expect.objectContaining({ name: 'nomic-embed-text:latest', role: 'embedding' }));
    expect(models[0].contextLength).toBeUndefined();
    fake.script([{ type: 'garbage', only: 'models' }]);
    expect((await failure(client.listModels())).code).toBe('malformed');
  });
});
