import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { defaultAnswer, type FakeGemini, fakeEmbedding, NO_ANSWER, startFakeGemini } from './server';

const KEY = 'fake-server-key';
let fake: FakeGemini;
beforeAll(async () => {
  fake = await startFakeGemini({ apiKey: KEY, defaultDimensions: 16 });
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

function post(path: string, body: unknown, headers: Record<string, string> = { 'x-goog-api-key': KEY }) {
  return fetch(`${fake.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

const embedRequest = (text: string, extra: Record<string, unknown> = {}) => ({
  model: 'models/gemini-embedding-001',
  content: { parts: [{ text }] },
  ...extra,
});

describe('fake Gemini server', () => {
  it('answers batchEmbedContents with deterministic, bag-of-words vectors honouring outputDimensionality', async () => {
    const res = await post('/v1beta/models/gemini-embedding-001:batchEmbedContents', {
      requests: [embedRequest('the cat sat', { outputDimensionality: 64 }), embedRequest('the cat sat down')],
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { embeddings: { values: number[] }[] };
    expect(body.embeddings[0].values).toEqual(fakeEmbedding('the cat sat', 64));
    expect(body.embeddings[1].values).toHaveLength(16);
    const cos = (a: number[], b: number[]) =>
      a.reduce((s, x, i) => s + x * b[i], 0) / Math.hypot(...a) / Math.hypot(...b);
    const cat = fakeEmbedding('the cat sat on the mat', 256);
    expect(cos(cat, fakeEmbedding('a cat sat on a mat', 256))).toBeGreaterThan(
      cos(cat, fakeEmbedding('quarterly revenue rose', 256)) + 0.3,
    );
  });

  it('rejects more than 100 requests per batch, like the real API', async () => {
    const res = await post('/v1beta/models/gemini-embedding-001:batchEmbedContents', {
      requests: Array.from({ length: 101 }, (_, i) => embedRequest(`t${i}`)),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { status: string } }).error.status).toBe('INVALID_ARGUMENT');
  });

  it('answers embedContent and generateContent, and accepts the key as a query parameter', async () => {
    const one = await post(`/v1beta/models/gemini-embedding-001:embedContent?key=${KEY}`, embedRequest('x'), {});
    expect(((await one.json()) as { embedding: { values: number[] } }).embedding.values).toHaveLength(16);
    expect(fake.requests[0].keySentVia).toBe('query');
    expect(fake.requests[0].query).toEqual({});
    const gen = await post('/v1beta/models/gemini-2.5-flash:generateContent', {
      contents: [{ role: 'user', parts: [{ text: 'Q?\n[1] The sky is blue in the day. Yes.' }] }],
    });
    const body = (await gen.json()) as {
      candidates: { content: { parts: { text: string }[] }; finishReason: string }[];
    };
    expect(body.candidates[0].content.parts[0].text).toBe('The sky is blue in the day [1].');
    expect(body.candidates[0].finishReason).toBe('STOP');
  });

  it('streams SSE chunks ending with finishReason and usageMetadata', async () => {
    const res = await post('/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse', {
      contents: [{ role: 'user', parts: [{ text: 'no passages here' }] }],
    });
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const raw = await res.text();
    const events = raw.split('\r\n\r\n').filter(Boolean);
    expect(events.every((e) => e.startsWith('data: '))).toBe(true);
    const chunks = events.map((e) => JSON.parse(e.slice(6)));
    expect(chunks.map((c) => c.candidates[0].content.parts[0].text).join('')).toBe(NO_ANSWER);
    expect(chunks.at(-1).candidates[0].finishReason).toBe('STOP');
    expect(chunks.at(-1).usageMetadata.totalTokenCount).toBeGreaterThan(0);
    expect(chunks[0].candidates[0].finishReason).toBeUndefined();
  });

  it('checks the key: wrong → 400 API_KEY_INVALID, missing → 403, and never records it', async () => {
    const wrong = await post('/v1beta/models', {}, { 'x-goog-api-key': 'nope' });
    expect(wrong.status).toBe(400);
    const body = (await wrong.json()) as { error: { details: { reason: string }[]; message: string } };
    expect(body.error.details[0].reason).toBe('API_KEY_INVALID');
    expect(body.error.message).toBe('API key not valid. Please pass a valid API key.');
    expect((await post('/v1beta/models', {}, {})).status).toBe(403);
    expect(JSON.stringify(fake.requests)).not.toContain('nope');
    await post('/v1beta/models/m:embedContent', embedRequest('x'));
    expect(JSON.stringify(fake.requests)).not.toContain(KEY);
  });

  it('plays scripted behaviours in order, each restricted to its kind of request', async () => {
    fake.script([
      { type: 'server-error', status: 503, only: 'generate' },
      { type: 'rate-limit', retryAfterSeconds: 7, retryDelaySeconds: 9 },
    ]);
    const first = await post('/v1beta/models/m:embedContent', embedRequest('x'));
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('7');
    expect(JSON.stringify(await first.json())).toContain('"retryDelay":"9s"');
    expect((await post('/v1beta/models/m:embedContent', embedRequest('x'))).status).toBe(200);
    expect((await post('/v1beta/models/m:generateContent', { contents: [] })).status).toBe(503);
    expect(fake.pending()).toEqual([]);
    expect(fake.requests.map((r) => r.behaviour)).toEqual(['rate-limit', 'ok', 'server-error']);
  });

  it('uses a custom answer function', async () => {
    const custom = await startFakeGemini({ apiKey: null, answer: (ctx) => `echo: ${ctx.system} / ${ctx.prompt}` });
    try {
      const res = await fetch(`${custom.url}/v1beta/models/m:generateContent`, {
        method: 'POST',
        body: JSON.stringify({
          systemInstruction: { parts: [{ text: 'S' }] },
          contents: [{ role: 'user', parts: [{ text: 'P' }] }],
        }),
      });
      const body = (await res.json()) as { candidates: { content: { parts: { text: string }[] } }[] };
      expect(body.candidates[0].content.parts[0].text).toBe('echo: S / P');
    } finally {
      await custom.close();
    }
  });

  it('cites passage [1] even when the prompt puts its source on the first line', () => {
    expect(defaultAnswer('Q\n[1] docs/a.pdf, p. 3\nRevenue grew by 4 % in 2023. Costs fell.\n[2] b.md\nOther.')).toBe(
      'Revenue grew by 4 % in 2023 [1].',
    );
  });
});

describe('fake Gemini CLI', () => {
  it('prints its URL, is scriptable over HTTP, and exits on SIGTERM', async () => {
    const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
    const child = spawn(process.execPath, ['--import', 'tsx', 'test-support/fake-gemini/cli.ts', '--key', 'cli-key'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const lines = createInterface({ input: child.stdout });
      const url = await new Promise<string>((resolve, reject) => {
        lines.on('line', (l) => {
          const m = /^FAKE_GEMINI_URL=(http:\/\/127\.0\.0\.1:\d+)$/.exec(l);
          if (m) resolve(m[1]);
        });
        child.once('exit', (code) => reject(new Error(`cli exited early with ${code}`)));
      });
      const scripted = await fetch(`${url}/__fake/script`, {
        method: 'POST',
        body: JSON.stringify([{ type: 'server-error', status: 500 }]),
      });
      expect(scripted.status).toBe(200);
      const r = await fetch(`${url}/v1beta/models`, { headers: { 'x-goog-api-key': 'cli-key' } });
      expect(r.status).toBe(500);
      const r2 = await fetch(`${url}/v1beta/models`, { headers: { 'x-goog-api-key': 'cli-key' } });
      expect(r2.status).toBe(200);
      const recorded = (await (await fetch(`${url}/__fake/requests`)).json()) as { status: number }[];
      expect(recorded.map((x) => x.status)).toEqual([500, 200]);
    } finally {
      if (child.exitCode === null) {
        const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
        child.kill('SIGTERM');
        expect(await exited).toBe(0);
      }
    }
  });
});
