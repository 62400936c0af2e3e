import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { defaultAnswer, type FakeOpenAI, startFakeOpenAI } from '../../../../test-support/fake-openai/server';
import { LocalOnlyUrlError } from '../../net/loopback';
import { ProviderError } from '../../net/provider-error';
import type { GenerationEvent, GenerationRequest } from '../../types';
import { OpenAICompatGenerator, type OpenAICompatGeneratorOptions } from './generator';

const FAST = { baseDelayMs: 5, maxDelayMs: 20 };
const MODEL = 'qwen2.5-7b-instruct';
const PROMPT =
  'Question: what rose?\n\n[1] reports/2023.pdf, p. 4\nRevenue grew by 4 % in 2023. Costs fell.\n\n[2] notes/b.md\nOther things.';
const LONG = Array.from({ length: 60 }, (_, i) => `token${i}`).join(' ');

let fake: FakeOpenAI;
beforeAll(async () => {
  fake = await startFakeOpenAI();
});
afterAll(() => fake.close());
beforeEach(async () => {
  await fake.up();
  fake.reset();
});

function request(extra: Partial<GenerationRequest> = {}): GenerationRequest {
  return {
    question: 'What rose?',
    history: [],
    passages: [],
    system: 'Answer only from the passages and cite them as [n].',
    prompt: PROMPT,
    language: 'en',
    ...extra,
  };
}

function generator(extra: Partial<OpenAICompatGeneratorOptions> = {}) {
  return new OpenAICompatGenerator({ baseUrl: `${fake.url}/v1`, model: MODEL, retry: FAST, ...extra });
}

async function collect(it: AsyncIterable<GenerationEvent>, into: GenerationEvent[] = []): Promise<GenerationEvent[]> {
  for await (const e of it) into.push(e);
  return into;
}

function textOf(events: GenerationEvent[]): string {
  return events.map((e) => (e.type === 'text' ? e.text : '')).join('');
}

async function failure(p: Promise<unknown>): Promise<ProviderError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ProviderError);
  return e as ProviderError;
}

type ChatBody = {
  model: string;
  stream: boolean;
  stream_options: { include_usage: boolean };
  temperature: number;
  max_tokens?: number;
  messages: { role: string; content: string }[];
};

describe('OpenAICompatGenerator', () => {
  it('uses the context window it is given (the protocol has none), 4096 by default', () => {
    const g = generator();
    expect(g.id).toBe(`openai-compatible:${MODEL}`);
    expect(g.local).toBe(true);
    expect(g.contextWindow).toBe(4096);
    expect(generator({ contextWindow: 32768 }).contextWindow).toBe(32768);
    expect(fake.requests).toHaveLength(0);
  });

  it('streams the cited answer from SSE, then done with finish reason and usage', async () => {
    const events = await collect(
      generator({ maxOutputTokens: 300 }).generate(request({ history: [{ role: 'user', text: 'Earlier question' }] })),
    );
    expect(events.filter((e) => e.type === 'text').length).toBeGreaterThan(3);
    expect(textOf(events)).toBe(defaultAnswer(PROMPT));
    expect(textOf(events)).toBe('Revenue grew by 4 % in 2023 [1].');
    const done = events.at(-1);
    expect(done).toMatchObject({ type: 'done', finishReason: 'stop' });
    if (done?.type !== 'done') throw new Error('no done event');
    expect(done.usage?.promptTokens).toBeGreaterThan(0);
    expect(done.usage?.outputTokens).toBeGreaterThan(0);
    const [r] = fake.requests;
    expect(r.path).toBe('/v1/chat/completions');
    const body = r.body as ChatBody;
    expect(body).toMatchObject({ model: MODEL, stream: true, stream_options: { include_usage: true } });
    expect(body.temperature).toBe(0.2);
    expect(body.max_tokens).toBe(300);
    expect(body.messages.map((m) => m.role)).toEqual(['system', 'user', 'user']);
  });

  it('accepts a stream that ends after its finish reason without [DONE]', async () => {
    fake.script([{ type: 'end-early', afterChunks: 1_000 }]);
    // end-early with more chunks than the answer has: every chunk, no finish chunk, no [DONE] → cut.
    expect((await failure(collect(generator().generate(request())))).code).toBe('network');
    // A server that closes right after the finish chunk and usage: the answer is complete.
    const lenient = await startFakeOpenAI({ omitDone: true });
    try {
      const g = new OpenAICompatGenerator({ baseUrl: `${lenient.url}/v1`, model: MODEL });
      const events = await collect(g.generate(request()));
      expect(events.at(-1)).toMatchObject({ type: 'done', finishReason: 'stop' });
      expect(textOf(events)).toContain('[1]');
    } finally {
      await lenient.close();
    }
  });

  it('stops promptly when cancelled mid-stream, and closes the connection', async () => {
    fake.script([{ type: 'slow', intervalMs: 100, text: LONG }]);
    const ac = new AbortController();
    const events: GenerationEvent[] = [];
    const started = Date.now();
    const run = collect(generator().generate(request(), { signal: ac.signal }), events);
    await fake.waitFor(() => events.length >= 2);
    ac.abort();
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(Date.now() - started).toBeLessThan(2000);
    await fake.waitFor((r) => r[0]?.clientClosedEarly === true);
  });

  it.each([
    ['cut halfway', { type: 'cut' as const, afterChunks: 3 }, 'network', /broke during the answer request/],
    ['ended early', { type: 'end-early' as const, afterChunks: 3 }, 'network', /ended before its last message/],
    ['garbage', { type: 'garbage' as const }, 'malformed', /not JSON/],
    ['an error event', { type: 'stream-error' as const, message: 'context overflow' }, 'server', /context overflow/],
  ])('reports a stream %s, and answers the next question', async (_n, b, code, detail) => {
    const g = generator();
    fake.script([b]);
    const err = await failure(collect(g.generate(request())));
    expect(err.code).toBe(code);
    expect(err.message).toMatch(detail);
    expect(textOf(await collect(g.generate(request())))).toContain('[1]');
  });

  it('reports a missing model, a server that is down, and checks both when opened', async () => {
    const missing = await failure(collect(generator({ model: 'llama-9' }).generate(request())));
    expect(missing.code).toBe('model-missing');
    await fake.down();
    expect((await failure(OpenAICompatGenerator.open({ baseUrl: `${fake.url}/v1`, model: MODEL }))).code).toBe(
      'not-running',
    );
    await fake.up();
    expect((await OpenAICompatGenerator.open({ baseUrl: `${fake.url}/v1`, model: MODEL })).model).toBe(MODEL);
  });

  it('refuses, when opened, a model the server declares an embedding model', async () => {
    const lm = await startFakeOpenAI({
      models: [{ id: 'text-embedding-nomic-embed-text-v1.5', role: 'embedding', extra: { type: 'embeddings' } }],
    });
    try {
      const err = await failure(
        OpenAICompatGenerator.open({ baseUrl: `${lm.url}/v1`, model: 'text-embedding-nomic-embed-text-v1.5' }),
      );
      expect(err.code).toBe('rejected');
      expect(err.message).toContain('is an embedding model: it cannot write answers');
    } finally {
      await lm.close();
    }
  });

  it('refuses a non-loopback address in local-only mode in the constructor', () => {
    expect(() => generator({ baseUrl: 'http://192.168.1.5:1234/v1', localOnly: true })).toThrow(LocalOnlyUrlError);
    expect(generator({ baseUrl: 'http://[::1]:1234/v1', localOnly: true }).local).toBe(true);
    expect(generator({ baseUrl: 'http://192.168.1.5:1234/v1' }).local).toBe(false);
  });
});
