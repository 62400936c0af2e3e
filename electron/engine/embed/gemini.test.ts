import { inspect } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeEmbedding, type FakeGemini, startFakeGemini } from '../../../test-support/fake-gemini/server';
import { ProviderError } from '../net/provider-error';
import { GeminiEmbedder, testGeminiKey } from './gemini';

const KEY = 'AIzaFAKE-test-key-0123456789abcdefghijkl';
const FAST = { baseDelayMs: 5, maxDelayMs: 20 };

let fake: FakeGemini;
beforeAll(async () => {
  fake = await startFakeGemini({ apiKey: KEY });
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

function embedder(extra: Partial<ConstructorParameters<typeof GeminiEmbedder>[0]> = {}) {
  return new GeminiEmbedder({ apiKey: KEY, baseUrl: fake.url, retry: FAST, ...extra });
}

function norm(v: Float32Array): number {
  return Math.sqrt(v.reduce((s, x) => s + x * x, 0));
}

async function failure(p: Promise<unknown>): Promise<ProviderError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ProviderError);
  return e as ProviderError;
}

interface BatchBody {
  requests: { content: { parts: { text: string }[] }; taskType: string; outputDimensionality: number; model: string }[];
}

describe('GeminiEmbedder', () => {
  it('embeds 250 texts in 3 requests of at most 100, in order, normalised', async () => {
    const texts = Array.from({ length: 250 }, (_, i) => `passage number ${i} about topic ${i % 7}`);
    const progress: number[] = [];
    const e = embedder();
    const vectors = await e.embedDocuments(texts, { onProgress: (done) => progress.push(done) });
    expect(e.id).toBe('gemini:gemini-embedding-001@768');
    expect(e.local).toBe(false);
    expect(vectors).toHaveLength(250);
    const sizes = fake.requests.map((r) => (r.body as BatchBody).requests.length).sort((a, b) => b - a);
    expect(sizes).toEqual([100, 100, 50]);
    for (const r of fake.requests) {
      expect(r.path).toBe('/v1beta/models/gemini-embedding-001:batchEmbedContents');
      for (const q of (r.body as BatchBody).requests) {
        expect(q.taskType).toBe('RETRIEVAL_DOCUMENT');
        expect(q.outputDimensionality).toBe(768);
        expect(q.model).toBe('models/gemini-embedding-001');
      }
    }
    // The fake's vectors are not unit length; ours must be, and in the caller's order.
    for (const i of [0, 99, 100, 249]) {
      const expected = fakeEmbedding(texts[i], 768);
      const n = Math.hypot(...expected);
      expect(Math.abs(n - 1)).toBeGreaterThan(1e-3);
      expect(vectors[i]).toHaveLength(768);
      expect(norm(vectors[i])).toBeCloseTo(1, 5);
      expect(vectors[i][3]).toBeCloseTo(expected[3] / n, 5);
    }
    expect(progress.at(-1)).toBe(250);
  });

  it('sends RETRIEVAL_QUERY and the configured dimension for queries', async () => {
    const v = await embedder({ outputDimensionality: 256, model: 'my-embedder' }).embedQuery('what is a cat?');
    expect(v).toHaveLength(256);
    const [r] = fake.requests;
    expect(r.path).toBe('/v1beta/models/my-embedder:batchEmbedContents');
    const body = r.body as BatchBody;
    expect(body.requests).toHaveLength(1);
    expect(body.requests[0].taskType).toBe('RETRIEVAL_QUERY');
    expect(body.requests[0].outputDimensionality).toBe(256);
    expect(body.requests[0].content.parts[0].text).toBe('what is a cat?');
  });

  it('keeps at most `concurrency` requests in flight', async () => {
    const slow = await startFakeGemini({ apiKey: KEY, responseDelayMs: 80 });
    try {
      const e = new GeminiEmbedder({ apiKey: KEY, baseUrl: slow.url, batchSize: 10, concurrency: 2 });
      await e.embedDocuments(Array.from({ length: 60 }, (_, i) => `t${i}`));
      expect(slow.requests).toHaveLength(6);
      let maxInFlight = 0;
      for (const r of slow.requests) {
        const overlapping = slow.requests.filter(
          (o) => o.receivedAt <= r.receivedAt && (o.closedAt ?? Number.POSITIVE_INFINITY) > r.receivedAt,
        ).length;
        maxInFlight = Math.max(maxInFlight, overlapping);
      }
      expect(maxInFlight).toBe(2);
    } finally {
      await slow.close();
    }
  });

  it('waits at least Retry-After seconds after a 429, then succeeds', async () => {
    fake.script([{ type: 'rate-limit', retryAfterSeconds: 1 }]);
    const delays: number[] = [];
    const v = await embedder({ onRetry: (n) => delays.push(n.delayMs) }).embedQuery('hello');
    expect(norm(v)).toBeCloseTo(1, 5);
    expect(fake.requests.map((r) => r.status)).toEqual([429, 200]);
    expect(delays[0]).toBeGreaterThanOrEqual(1000);
    expect(fake.requests[1].receivedAt - fake.requests[0].receivedAt).toBeGreaterThanOrEqual(990);
  });

  it('honours google.rpc.RetryInfo retryDelay when there is no Retry-After header', async () => {
    fake.script([{ type: 'rate-limit', retryDelaySeconds: 1 }]);
    const delays: number[] = [];
    await embedder({ onRetry: (n) => delays.push(n.delayMs) }).embedQuery('hello');
    expect(delays[0]).toBeGreaterThanOrEqual(1000);
    expect(fake.requests).toHaveLength(2);
  });

  it('retries 500 and 503, then succeeds', async () => {
    fake.script([
      { type: 'server-error', status: 500 },
      { type: 'server-error', status: 503 },
    ]);
    await embedder().embedDocuments(['a', 'b']);
    expect(fake.requests.map((r) => r.status)).toEqual([500, 503, 200]);
  });

  it('retries a dropped connection', async () => {
    fake.script([{ type: 'drop' }]);
    await embedder().embedQuery('x');
    expect(fake.requests.map((r) => r.behaviour)).toEqual(['drop', 'ok']);
  });

  it("gives up after 5 attempts of 500 with code 'server'", async () => {
    fake.script(Array.from({ length: 5 }, () => ({ type: 'server-error' as const })));
    const e = await failure(embedder().embedQuery('x'));
    expect(e.code).toBe('server');
    expect(e.status).toBe(500);
    expect(e.message).toMatch(/Gemini failed on its side/);
    expect(fake.requests).toHaveLength(5);
  });

  it("reports an exhausted quota as 'quota' after retries", async () => {
    fake.script(Array.from({ length: 3 }, () => ({ type: 'rate-limit' as const })));
    const e = await failure(embedder({ retry: { ...FAST, maxAttempts: 3 } }).embedQuery('x'));
    expect(e.code).toBe('quota');
    expect(e.message).toContain('quota exhausted; wait or check your plan');
    expect(fake.requests).toHaveLength(3);
  });

  it('does not retry when the server asks for a longer wait than allowed', async () => {
    fake.script([{ type: 'rate-limit', retryAfterSeconds: 3600 }]);
    const e = await failure(embedder().embedQuery('x'));
    expect(e.code).toBe('quota');
    expect(e.retryAfterMs).toBe(3_600_000);
    expect(fake.requests).toHaveLength(1);
  });

  it("reports a wrong key as 'bad-key', without retrying and without the key anywhere", async () => {
    const wrong = 'AIzaWRONG-key-9876543210zyxwvutsrqponmlk';
    const e = await failure(new GeminiEmbedder({ apiKey: wrong, baseUrl: fake.url, retry: FAST }).embedQuery('x'));
    expect(e.code).toBe('bad-key');
    expect(e.status).toBe(400);
    expect(e.message).toMatch(/API key/);
    for (const text of [e.message, String(e), e.stack ?? '', inspect(e, { depth: 10 }), JSON.stringify(e)])
      expect(text).not.toContain(wrong);
    expect(fake.requests).toHaveLength(1);
    expect(JSON.stringify(fake.requests)).not.toContain(wrong);
  });

  it("maps 403 PERMISSION_DENIED to 'bad-key'", async () => {
    fake.script([
      {
        type: 'http',
        status: 403,
        body: { error: { code: 403, message: 'Permission denied', status: 'PERMISSION_DENIED' } },
      },
    ]);
    expect((await failure(embedder().embedQuery('x'))).code).toBe('bad-key');
  });

  it("maps a 404 (unknown model) to 'rejected' without retrying", async () => {
    fake.script([
      {
        type: 'http',
        status: 404,
        body: { error: { code: 404, message: 'models/nope is not found', status: 'NOT_FOUND' } },
      },
    ]);
    const e = await failure(embedder().embedQuery('x'));
    expect(e.code).toBe('rejected');
    expect(e.message).toContain('models/nope is not found');
    expect(fake.requests).toHaveLength(1);
  });

  it("reports unparseable JSON and missing embeddings as 'malformed'", async () => {
    fake.script([{ type: 'malformed' }]);
    expect((await failure(embedder().embedQuery('x'))).code).toBe('malformed');
    fake.script([{ type: 'empty' }]);
    expect((await failure(embedder().embedQuery('x'))).code).toBe('malformed');
    fake.script([{ type: 'http', status: 200, body: { embeddings: [{ values: [0.1, 0.2] }] } }]);
    const e = await failure(embedder().embedQuery('x'));
    expect(e.code).toBe('malformed');
    expect(e.message).toMatch(/2 dimensions, expected 768/);
  });

  it("times out a request that never answers with 'timeout', closing the connection", async () => {
    fake.script([{ type: 'hang' }]);
    const e = await failure(embedder({ requestTimeoutMs: 300 }).embedQuery('x'));
    expect(e.code).toBe('timeout');
    expect(e.message).toMatch(/within 0\.3 s/);
    await fake.waitFor((rs) => rs[0]?.clientClosedEarly === true);
  });

  it("reports an unreachable server as 'network'", async () => {
    const gone = await startFakeGemini({ apiKey: KEY });
    const url = gone.url;
    await gone.close();
    const e = await failure(
      new GeminiEmbedder({ apiKey: KEY, baseUrl: url, retry: { ...FAST, maxAttempts: 2 } }).embedQuery('x'),
    );
    expect(e.code).toBe('network');
    expect(e.message).toMatch(/Could not reach Gemini/);
  });

  it('aborts with an AbortError, not a ProviderError, and closes the connection', async () => {
    fake.script([{ type: 'hang' }]);
    const ac = new AbortController();
    const p = embedder().embedDocuments(['x'], { signal: ac.signal });
    await fake.waitFor((rs) => rs.length === 1);
    ac.abort();
    const e = await p.then(
      () => null,
      (err: unknown) => err,
    );
    expect(e).not.toBeInstanceOf(ProviderError);
    expect((e as Error).name).toBe('AbortError');
    await fake.waitFor((rs) => rs[0].clientClosedEarly);
  });

  it('stops the other batches when one fails', async () => {
    const slow = await startFakeGemini({ apiKey: KEY, responseDelayMs: 50 });
    try {
      slow.script([
        { type: 'http', status: 400, body: { error: { code: 400, message: 'bad', status: 'INVALID_ARGUMENT' } } },
      ]);
      const e = new GeminiEmbedder({ apiKey: KEY, baseUrl: slow.url, batchSize: 1, concurrency: 2, retry: FAST });
      const err = await failure(e.embedDocuments(Array.from({ length: 20 }, (_, i) => `t${i}`)));
      expect(err.code).toBe('rejected');
      expect(slow.requests.length).toBeLessThan(20);
    } finally {
      await slow.close();
    }
  });
});

describe('testGeminiKey', () => {
  it('accepts a good key and names the model', async () => {
    const r = await testGeminiKey(KEY, { baseUrl: fake.url });
    expect(r.ok).toBe(true);
    expect(r.message).toContain('gemini-embedding-001');
    expect(fake.requests[0].path).toBe('/v1beta/models/gemini-embedding-001');
  });

  it('rejects a wrong key without echoing it, and a missing key without calling', async () => {
    const r = await testGeminiKey('AIzaNOPE-0000000000000000000000000000000', { baseUrl: fake.url });
    expect(r.ok).toBe(false);
    expect(r.message).toMatch(/API key/);
    expect(r.message).not.toContain('AIzaNOPE');
    const none = await testGeminiKey(null, { baseUrl: fake.url });
    expect(none.ok).toBe(false);
    expect(fake.requests).toHaveLength(1);
  });

  it('says when the key works but the model does not exist', async () => {
    fake.script([
      { type: 'http', status: 404, body: { error: { code: 404, message: 'not found', status: 'NOT_FOUND' } } },
    ]);
    const r = await testGeminiKey(KEY, { baseUrl: fake.url, model: 'gemini-nope' });
    expect(r.ok).toBe(false);
    expect(r.message).toContain('has no model named "gemini-nope"');
  });
});
