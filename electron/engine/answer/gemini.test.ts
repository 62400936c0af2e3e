import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { defaultAnswer, type FakeGemini, startFakeGemini } from '../../../test-support/fake-gemini/server';
import { ProviderError } from '../net/provider-error';
import type { GenerationEvent, GenerationRequest } from '../types';
import { GEMINI_MODEL_CONTEXT_WINDOW, GeminiGenerator } from './gemini';

const KEY = 'AIzaFAKE-generator-key-0123456789abcdefg';
const FAST = { baseDelayMs: 5, maxDelayMs: 20 };
const PROMPT =
  'Question: where did the cat sit?\n\n[1] notes/cats.md\nThe cat sat on the mat all afternoon. It then left.\n\n[2] notes/dogs.md\nDogs bark.';

let fake: FakeGemini;
beforeAll(async () => {
  fake = await startFakeGemini({ apiKey: KEY });
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

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

function generator(extra: Partial<ConstructorParameters<typeof GeminiGenerator>[0]> = {}) {
  return new GeminiGenerator({ apiKey: KEY, baseUrl: fake.url, retry: FAST, ...extra });
}

async function collect(it: AsyncIterable<GenerationEvent>): Promise<GenerationEvent[]> {
  const out: GenerationEvent[] = [];
  for await (const e of it) out.push(e);
  return out;
}

function textOf(events: GenerationEvent[]): string {
  return events.map((e) => (e.type === 'text' ? e.text : '')).join('');
}

interface GenerateBody {
  contents: { role: string; parts: { text: string }[] }[];
  systemInstruction: { parts: { text: string }[] };
  generationConfig: { temperature: number };
}

describe('GeminiGenerator', () => {
  it('streams the answer as text deltas and ends with done, finish reason and usage', async () => {
    const g = generator();
    expect(g.id).toBe('gemini:gemini-2.5-flash');
    expect(g.local).toBe(false);
    const events = await collect(g.generate(request()));
    const texts = events.filter((e) => e.type === 'text');
    expect(texts.length).toBeGreaterThan(1);
    expect(textOf(events)).toBe(defaultAnswer(PROMPT));
    expect(textOf(events)).toContain('[1]');
    const done = events.at(-1);
    expect(done?.type).toBe('done');
    if (done?.type !== 'done') throw new Error('no done event');
    expect(done.finishReason).toBe('STOP');
    expect(done.usage?.promptTokens).toBeGreaterThan(0);
    expect(done.usage?.outputTokens).toBeGreaterThan(0);

    const [r] = fake.requests;
    expect(r.path).toBe('/v1beta/models/gemini-2.5-flash:streamGenerateContent');
    expect(r.query.alt).toBe('sse');
    const body = r.body as GenerateBody;
    expect(body.systemInstruction.parts[0].text).toBe(request().system);
    expect(body.generationConfig.temperature).toBe(0.2);
    expect(body.contents).toEqual([{ role: 'user', parts: [{ text: PROMPT }] }]);
  });

  it('sends the conversation history as prior turns', async () => {
    await collect(
      generator().generate(
        request({
          history: [
            { role: 'user', text: 'What do my notes say about cats?' },
            { role: 'assistant', text: 'They sit on mats [1].' },
          ],
        }),
      ),
    );
    const body = fake.requests[0].body as GenerateBody;
    expect(body.contents.map((c) => [c.role, c.parts[0].text])).toEqual([
      ['user', 'What do my notes say about cats?'],
      ['model', 'They sit on mats [1].'],
      ['user', PROMPT],
    ]);
  });

  it('retries the opening request on 503 and 429', async () => {
    fake.script([{ type: 'server-error', status: 503 }, { type: 'rate-limit' }]);
    const events = await collect(generator().generate(request()));
    expect(textOf(events)).toBe(defaultAnswer(PROMPT));
    expect(fake.requests.map((r) => r.status)).toEqual([503, 429, 200]);
  });

  it('stops mid-stream when the signal aborts, and the server sees the connection close', async () => {
    const words = Array.from({ length: 100 }, (_, i) => `w${i}`).join(' ');
    fake.script([{ type: 'slow-stream', intervalMs: 50, text: words }]);
    const ac = new AbortController();
    const seen: string[] = [];
    let error: unknown = null;
    const started = Date.now();
    try {
      for await (const e of generator().generate(request(), { signal: ac.signal })) {
        if (e.type === 'text') seen.push(e.text);
        if (seen.length === 3) ac.abort();
      }
    } catch (e) {
      error = e;
    }
    const stoppedAfterMs = Date.now() - started;
    expect((error as Error)?.name).toBe('AbortError');
    expect(error).not.toBeInstanceOf(ProviderError);
    expect(seen.length).toBeLessThan(10);
    await fake.waitFor((rs) => rs[0]?.clientClosedEarly === true, 2000);
    expect(fake.requests[0].completed).toBe(false);
    console.log(`[gemini generator] cancelled after ${seen.length} chunks, stopped ${stoppedAfterMs} ms after start`);
  });

  it('closes the connection when the consumer stops iterating early', async () => {
    fake.script([{ type: 'slow-stream', intervalMs: 50, text: 'one two three four five six seven eight nine ten' }]);
    for await (const e of generator().generate(request())) {
      if (e.type === 'text') break;
    }
    await fake.waitFor((rs) => rs[0]?.clientClosedEarly === true, 2000);
  });

  it("does not retry once text has streamed: a dropped stream is a 'network' error", async () => {
    fake.script([{ type: 'drop', afterChunks: 2 }]);
    const seen: string[] = [];
    let error: unknown = null;
    try {
      for await (const e of generator().generate(request())) if (e.type === 'text') seen.push(e.text);
    } catch (e) {
      error = e;
    }
    expect(seen.length).toBe(2);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).code).toBe('network');
    expect(fake.requests).toHaveLength(1);
  });

  it("times out a silent stream with 'timeout'", async () => {
    fake.script([{ type: 'slow-stream', intervalMs: 5000, text: 'a b c' }]);
    let error: unknown = null;
    try {
      await collect(generator({ idleTimeoutMs: 200 }).generate(request()));
    } catch (e) {
      error = e;
    }
    expect((error as ProviderError).code).toBe('timeout');
    await fake.waitFor((rs) => rs[0]?.clientClosedEarly === true, 2000);
  });

  it("times out a request that never starts with 'timeout'", async () => {
    fake.script([{ type: 'hang' }]);
    const e = await collect(generator({ requestTimeoutMs: 200 }).generate(request())).then(
      () => null,
      (err: unknown) => err,
    );
    expect((e as ProviderError).code).toBe('timeout');
  });

  it("reports a wrong key as 'bad-key' without the key in the message", async () => {
    const wrong = 'AIzaWRONG-generator-000000000000000000000';
    const e = await collect(new GeminiGenerator({ apiKey: wrong, baseUrl: fake.url }).generate(request())).then(
      () => null,
      (err: unknown) => err,
    );
    expect(e).toBeInstanceOf(ProviderError);
    expect((e as ProviderError).code).toBe('bad-key');
    expect((e as Error).message).not.toContain(wrong);
  });

  it("gives up on persistent 500 with 'server'", async () => {
    fake.script(Array.from({ length: 3 }, () => ({ type: 'server-error' as const })));
    const e = await collect(generator({ retry: { ...FAST, maxAttempts: 3 } }).generate(request())).then(
      () => null,
      (err: unknown) => err,
    );
    expect((e as ProviderError).code).toBe('server');
    expect(fake.requests).toHaveLength(3);
  });

  it('relays a scripted answer and finish reason verbatim', async () => {
    fake.script([{ type: 'answer', text: 'Too long to finish', finishReason: 'MAX_TOKENS' }]);
    const events = await collect(generator({ model: 'gemini-2.5-pro' }).generate(request()));
    expect(textOf(events)).toBe('Too long to finish');
    expect(events.at(-1)).toMatchObject({ type: 'done', finishReason: 'MAX_TOKENS' });
    expect(fake.requests[0].model).toBe('gemini-2.5-pro');
  });

  it('exposes a prompt budget, not the full million-token window', () => {
    expect(generator().contextWindow).toBe(32_000);
    expect(generator({ promptBudgetTokens: 100_000 }).contextWindow).toBe(100_000);
    expect(generator({ promptBudgetTokens: 5_000_000 }).contextWindow).toBe(GEMINI_MODEL_CONTEXT_WINDOW);
  });
});
