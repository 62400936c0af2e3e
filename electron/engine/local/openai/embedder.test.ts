import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeOpenAI, fakeEmbedding, startFakeOpenAI } from '../../../../test-support/fake-openai/server';
import { LocalOnlyUrlError } from '../../net/loopback';
import { ProviderError } from '../../net/provider-error';
import { OpenAICompatClient, openAiBaseUrl } from './client';
import { OpenAICompatEmbedder, type OpenAICompatEmbedderOptions } from './embedder';

const FAST = { baseDelayMs: 5, maxDelayMs: 20 };
const MODEL = 'text-embedding-nomic-embed-text-v1.5';
const KEY = 'sk-local-secret-0123456789';

let fake: FakeOpenAI;
let keyed: FakeOpenAI;
beforeAll(async () => {
  fake = await startFakeOpenAI();
  keyed = await startFakeOpenAI({ apiKey: KEY });
});
afterAll(async () => {
  await fake.close();
  await keyed.close();
});
beforeEach(async () => {
  await fake.up();
  fake.reset();
});

function open(extra: Partial<OpenAICompatEmbedderOptions> = {}) {
  return OpenAICompatEmbedder.open({ baseUrl: `${fake.url}/v1`, model: MODEL, retry: FAST, ...extra });
}

async function failure(p: Promise<unknown>): Promise<ProviderError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ProviderError);
  return e as ProviderError;
}

function unit(v: number[]): number[] {
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
}

type EmbedBody = { model: string; input: string[] };

describe('OpenAICompatEmbedder', () => {
  it('probes the dimension, and names itself by model and prefixes', async () => {
    const e = await open({ queryPrefix: 'query: ', documentPrefix: 'passage: ' });
    expect(e.dim).toBe(768);
    expect(e.local).toBe(true);
    expect(e.id).toMatch(/^openai-compatible:text-embedding-nomic-embed-text-v1\.5:[0-9a-f]{8}$/);
    expect(fake.requests.map((r) => r.path)).toEqual(['/v1/embeddings']);
    expect(fake.requests[0].headers.authorization).toBeUndefined();
    expect((await open({ model: 'text-embedding-bge-small-en-v1.5' })).dim).toBe(384);
  });

  it('embeds in batches, normalises, and puts vectors back in input order by index', async () => {
    const e = await open({ batchSize: 16, documentPrefix: 'passage: ' });
    fake.reset();
    fake.script([{ type: 'reversed', only: 'embed' }]);
    const texts = Array.from({ length: 40 }, (_, i) => `document ${i} on subject ${i % 3}`);
    const progress: number[] = [];
    const vectors = await e.embedDocuments(texts, { onProgress: (done) => progress.push(done) });
    expect(fake.requests.map((r) => (r.body as EmbedBody).input.length)).toEqual([16, 16, 8]);
    expect(fake.requests[0].behaviour).toBe('reversed');
    expect(progress).toEqual([16, 32, 40]);
    for (const i of [0, 1, 15, 16, 39]) {
      const expected = unit(fakeEmbedding(`passage: ${texts[i]}`, 768));
      expect(vectors[i][5]).toBeCloseTo(expected[5], 5);
      expect(vectors[i][100]).toBeCloseTo(expected[100], 5);
    }
  });

  it('sends the API key as a Bearer token and keeps it out of messages', async () => {
    const e = await OpenAICompatEmbedder.open({ baseUrl: `${keyed.url}/v1`, model: MODEL, apiKey: KEY });
    expect(keyed.requests[0].headers.authorization).toBe(`Bearer ${KEY}`);
    expect(await e.embedQuery('x')).toHaveLength(768);
    const wrong = 'sk-wrong-key-9876543210';
    const err = await failure(OpenAICompatEmbedder.open({ baseUrl: `${keyed.url}/v1`, model: MODEL, apiKey: wrong }));
    expect(err.code).toBe('bad-key');
    expect(err.message).toContain('LUCARNE_OPENAI_API_KEY');
    expect(err.message).toContain('Incorrect API key provided');
    expect(err.message).not.toContain(wrong);
    expect(JSON.stringify(err)).not.toContain(wrong);
  });

  it('says the server is not running, and works again once it is back', async () => {
    const e = await open();
    await fake.down();
    const err = await failure(e.embedQuery('x'));
    expect(err.code).toBe('not-running');
    expect(err.message).toMatch(
      new RegExp(`^The OpenAI-compatible server is not running at ${fake.url}/v1: start it \\(LM Studio`),
    );
    await fake.up();
    expect(await e.embedQuery('x')).toHaveLength(768);
  });

  it('reports an unknown model as missing, and a chat model with the server’s reason', async () => {
    const missing = await failure(open({ model: 'nomic-embed-text-v2' }));
    expect(missing.code).toBe('model-missing');
    expect(missing.message).toContain('does not have the model "nomic-embed-text-v2" loaded');
    expect(missing.message).toContain('The model `nomic-embed-text-v2` does not exist.');
    const chat = await failure(open({ model: 'qwen2.5-7b-instruct' }));
    expect(chat.code).toBe('rejected');
    expect(chat.message).toContain("Model 'qwen2.5-7b-instruct' is not an embedding model.");
  });

  it.each([
    ['garbage', { type: 'garbage' as const }, /not JSON/],
    ['a NaN', { type: 'bad-numbers' as const }, /not JSON/],
    ['a missing vector', { type: 'wrong-count' as const }, /1 embeddings for 2 texts/],
    [
      'a duplicate index',
      {
        type: 'http' as const,
        status: 200,
        body: {
          data: [
            { embedding: [1], index: 0 },
            { embedding: [1], index: 0 },
          ],
        },
      },
      /wrong index/,
    ],
    ['no data', { type: 'http' as const, status: 200, body: { object: 'list' } }, /no "data" list/],
  ])('reports %s as malformed and stays usable', async (_name, behaviour, detail) => {
    const e = await open();
    fake.reset();
    fake.script([behaviour]);
    const err = await failure(e.embedDocuments(['a', 'b']));
    expect(err.code).toBe('malformed');
    expect(err.message).toMatch(detail);
    expect(fake.requests).toHaveLength(1);
    expect(await e.embedDocuments(['a', 'b'])).toHaveLength(2);
  });

  it('retries 5xx, then reports it', async () => {
    const e = await open();
    fake.reset();
    fake.script(Array.from({ length: 3 }, () => ({ type: 'server-error' as const, status: 503 })));
    const err = await failure(e.embedQuery('x'));
    expect(err).toMatchObject({ code: 'server', status: 503 });
    expect(err.message).toContain('failed during the embedding request (503: Internal server error)');
    expect(fake.requests).toHaveLength(3);
  });

  it('refuses a non-loopback address in local-only mode before connecting', async () => {
    const e = await open({ baseUrl: 'https://lmstudio.example.org/v1', localOnly: true }).catch((x) => x);
    expect(e).toBeInstanceOf(LocalOnlyUrlError);
    expect(e.message).toBe(
      'Local-only mode: https://lmstudio.example.org/v1 is not on this machine; use a 127.0.0.1/localhost address or turn local-only off.',
    );
    expect(fake.requests).toHaveLength(0);
  });
});

describe('OpenAICompatClient', () => {
  it('adds /v1 to a bare address and drops a pasted endpoint', () => {
    expect(openAiBaseUrl(undefined)).toBe('http://127.0.0.1:1234/v1');
    expect(openAiBaseUrl('localhost:8080')).toBe('http://localhost:8080/v1');
    expect(openAiBaseUrl('http://127.0.0.1:1337/v1/')).toBe('http://127.0.0.1:1337/v1');
    expect(openAiBaseUrl('http://127.0.0.1:8000/v1/chat/completions')).toBe('http://127.0.0.1:8000/v1');
    expect(() => openAiBaseUrl('ftp://127.0.0.1/v1')).toThrow(/not an http\(s\) address/);
    expect(() => openAiBaseUrl('http://user:pw@127.0.0.1/v1')).toThrow(/user name or password/);
  });

  it('lists models with roles from the server’s type, its context fields, or the name', async () => {
    const rich = await startFakeOpenAI({
      models: [
        { id: 'qwen2.5-7b-instruct', role: 'chat', extra: { type: 'llm', max_context_length: 32768 } },
        { id: 'my-encoder', role: 'embedding', extra: { type: 'embeddings' } },
        { id: 'Qwen/Qwen2.5-1.5B-Instruct', role: 'chat', extra: { max_model_len: 16384 } },
        { id: 'bge-m3', role: 'embedding', extra: { meta: { n_ctx_train: 8192, n_embd: 1024 } } },
        { id: 'mystery', role: 'chat' },
      ],
    });
    try {
      const models = await new OpenAICompatClient({ baseUrl: rich.url }).listModels();
      expect(models).toEqual([
        { name: 'qwen2.5-7b-instruct', role: 'chat', contextLength: 32768 },
        { name: 'my-encoder', role: 'embedding' },
        { name: 'Qwen/Qwen2.5-1.5B-Instruct', role: 'unknown', contextLength: 16384 },
        { name: 'bge-m3', role: 'embedding', contextLength: 8192, embeddingLength: 1024 },
        { name: 'mystery', role: 'unknown' },
      ]);
      expect(rich.requests[0].path).toBe('/v1/models');
    } finally {
      await rich.close();
    }
    const plain = await new OpenAICompatClient({ baseUrl: `${fake.url}/v1` }).listModels();
    expect(plain.map((m) => [m.name, m.role])).toEqual([
      ['text-embedding-nomic-embed-text-v1.5', 'embedding'],
      ['text-embedding-bge-small-en-v1.5', 'embedding'],
      ['qwen2.5-7b-instruct', 'unknown'],
    ]);
  });

  it('says when the address lacks the /v1 endpoints', async () => {
    const err = await failure(new OpenAICompatClient({ baseUrl: `${fake.url}/api` }).listModels());
    expect(err.code).toBe('rejected');
    expect(err.message).toContain('has no /models endpoint');
    expect(err.message).toContain('usually end in /v1');
  });
});
