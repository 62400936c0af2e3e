import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { defaultAnswer, type FakeOllama, startFakeOllama } from '../../../../test-support/fake-ollama/server';
import { LocalOnlyUrlError } from '../../net/loopback';
import { ProviderError } from '../../net/provider-error';
import type { GenerationEvent, GenerationRequest } from '../../types';
import { OllamaGenerator, type OllamaGeneratorOptions } from './generator';

const FAST = { baseDelayMs: 5, maxDelayMs: 20 };
const PROMPT =
  'Question: where did the cat sit?\n\n[1] notes/cats.md\nThe cat sat on the mat all afternoon. It then left.\n\n[2] notes/dogs.md\nDogs bark.';
const LONG = Array.from({ length: 60 }, (_, i) => `word${i}`).join(' ');

let fake: FakeOllama;
beforeAll(async () => {
  fake = await startFakeOllama();
});
afterAll(() => fake.close());
beforeEach(async () => {
  await fake.up();
  fake.reset();
});

function request(extra: Partial<GenerationRequest> = {}): GenerationRequest {
  return {
    question: 'Where did the cat sit?',
    history: [],
    passages: [],
    system: 'Answer only from the passages and cite them as [n].',
    prompt: PROMPT,
    language: 'en',
    ...extra,
  };
}

function open(extra: Partial<OllamaGeneratorOptions> = {}) {
  return OllamaGenerator.open({ baseUrl: fake.url, model: 'llama3.2', retry: FAST, ...extra });
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
  messages: { role: string; content: string }[];
  options: Record<string, number>;
};

describe('OllamaGenerator', () => {
  it('takes its context window from the model, capped by num_ctx', async () => {
    const g = await open();
    expect(g.id).toBe('ollama:llama3.2:latest');
    expect(g.local).toBe(true);
    expect(g.contextWindow).toBe(8192);
    expect(fake.requests.map((r) => r.path)).toEqual(['/api/show']);
    expect((await open({ numCtx: 1_000_000 })).contextWindow).toBe(131072);
    expect((await open({ model: 'qwen2.5:0.5b', numCtx: 4096 })).contextWindow).toBe(4096);
  });

  it('streams the answer with its citation, then done with the finish reason and token counts', async () => {
    const g = await open();
    fake.reset();
    const events = await collect(
      g.generate(
        request({
          history: [
            { role: 'user', text: 'Hi' },
            { role: 'assistant', text: 'Hello.' },
          ],
        }),
      ),
    );
    expect(events.filter((e) => e.type === 'text').length).toBeGreaterThan(3);
    expect(textOf(events)).toBe(defaultAnswer(PROMPT));
    expect(textOf(events)).toContain('[1]');
    const done = events.at(-1);
    expect(done).toMatchObject({ type: 'done', finishReason: 'stop' });
    if (done?.type !== 'done') throw new Error('no done event');
    expect(done.usage?.promptTokens).toBeGreaterThan(0);
    expect(done.usage?.outputTokens).toBeGreaterThan(0);
    const body = fake.requests[0].body as ChatBody;
    expect(fake.requests[0].path).toBe('/api/chat');
    expect(body.stream).toBe(true);
    expect(body.options).toEqual({ num_ctx: 8192, temperature: 0.2 });
    expect(body.messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(body.messages.at(-1)?.content).toBe(PROMPT);
  });

  it('stops promptly when cancelled mid-stream, and closes the connection', async () => {
    const g = await open();
    fake.reset();
    fake.script([{ type: 'slow', intervalMs: 100, text: LONG }]);
    const ac = new AbortController();
    const events: GenerationEvent[] = [];
    const started = Date.now();
    const run = collect(g.generate(request(), { signal: ac.signal }), events);
    await fake.waitFor(() => events.length >= 2);
    ac.abort();
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(Date.now() - started).toBeLessThan(2000);
    await fake.waitFor((r) => r[0]?.clientClosedEarly === true);
    expect(textOf(events).split(' ').length).toBeLessThan(10);
  });

  it('closes the connection when the consumer stops reading', async () => {
    const g = await open();
    fake.reset();
    fake.script([{ type: 'slow', intervalMs: 50, text: LONG }]);
    for await (const e of g.generate(request())) if (e.type === 'text') break;
    await fake.waitFor((r) => r[0]?.clientClosedEarly === true);
  });

  it.each([
    ['cut halfway', { type: 'cut' as const, afterChunks: 3 }, 'network', /broke during the answer request/],
    ['ended early', { type: 'end-early' as const, afterChunks: 3 }, 'network', /ended before its last message/],
    ['garbage', { type: 'garbage' as const }, 'malformed', /not JSON/],
    ['an error line', { type: 'stream-error' as const, message: 'CUDA error: out of memory' }, 'server', /CUDA error/],
  ])('reports a stream %s after the text so far, and answers the next question', async (_n, b, code, detail) => {
    const g = await open();
    fake.reset();
    fake.script([b]);
    const events: GenerationEvent[] = [];
    const err = await failure(collect(g.generate(request()), events));
    expect(err.code).toBe(code);
    expect(err.message).toMatch(detail);
    expect(events.some((e) => e.type === 'done')).toBe(false);
    expect(fake.requests).toHaveLength(1);
    expect(textOf(await collect(g.generate(request())))).toBe(defaultAnswer(PROMPT));
  });

  it('retries a failed opening, not a stream that has started', async () => {
    const g = await open();
    fake.reset();
    fake.script([{ type: 'server-error', only: 'chat' }]);
    expect(textOf(await collect(g.generate(request())))).toContain('[1]');
    expect(fake.requests.map((r) => r.status)).toEqual([500, 200]);
  });

  it('times out a silent stream', async () => {
    const g = await open({ idleTimeoutMs: 100 });
    fake.reset();
    fake.script([{ type: 'slow', intervalMs: 400, text: LONG }]);
    const err = await failure(collect(g.generate(request())));
    expect(err.code).toBe('timeout');
    await fake.waitFor((r) => r[0]?.clientClosedEarly === true);
  });

  it('refuses an embedding model, a missing model, and says when Ollama is down', async () => {
    const embedding = await failure(open({ model: 'nomic-embed-text' }));
    expect(embedding.code).toBe('rejected');
    expect(embedding.message).toContain('"nomic-embed-text:latest" is an embedding model: it cannot write answers');
    const missing = await failure(open({ model: 'mistral' }));
    expect(missing.code).toBe('model-missing');
    expect(missing.message).toContain('ollama pull mistral:latest');
    const g = await open();
    await fake.down();
    const down = await failure(collect(g.generate(request())));
    expect(down.code).toBe('not-running');
    expect(down.message).toBe(`Ollama is not running at ${fake.url}: start it (ollama serve) or change the address.`);
    await fake.up();
    expect(textOf(await collect(g.generate(request())))).toContain('[1]');
  });

  it('refuses a non-loopback address in local-only mode before connecting', async () => {
    const e = await open({ baseUrl: 'http://10.0.0.7:11434', localOnly: true }).catch((x) => x);
    expect(e).toBeInstanceOf(LocalOnlyUrlError);
    expect(e.message).toContain('http://10.0.0.7:11434 is not on this machine');
    expect(fake.requests).toHaveLength(0);
  });
});
