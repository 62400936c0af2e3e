// The citation check on the answer path (#16): a written answer — from the fake Gemini server and from a fake
// OpenAI-compatible local server — with a wrong figure and a wrong citation comes back with the figure flagged,
// the citation corrected in the text, and the right parts supported, each span placed in its document. The
// offline answer is not checked on the way (verbatim by construction); checked here as a control, it passes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProviderId } from '../../../shared/types';
import { type FakeGemini, startFakeGemini } from '../../../test-support/fake-gemini/server';
import { type FakeOpenAI, startFakeOpenAI } from '../../../test-support/fake-openai/server';
import { passageOf } from '../../../test-support/planted-answers';
import { OfflineEmbedder } from '../embed/offline';
import { OpenAICompatGenerator } from '../local/openai/generator';
import { createTestLibrary, type TestLibrary } from '../search/test-support/test-library';
import { countTokens } from '../tokens/index';
import type { Generator } from '../types';
import { verifyAnswer } from '../verify';
import { type AnswerEvent, type AnswerResult, answerQuestion } from './answer';
import { ExtractiveGenerator } from './extractive';
import { GeminiGenerator } from './gemini';
import { DEFAULT_TEMPLATE } from './prompt';

const RESULTS =
  '# Results\n\nNet revenue was $4.2 million in 2023, up from $3.9 million in 2022. The board approved a dividend of 12 cents per share.\n';
const STAFF = '# Staff\n\nThe company employed 312 people at the end of 2023. Most of them work in Lyon.\n';
const QUESTION = 'What was net revenue in 2023 and how many people did the company employ at the end of 2023?';

/** A fluent answer with one wrong figure ($4.7 million) and one wrong citation (the staff count cited to the results). */
function planted(prompt: string): string {
  const results = passageOf(prompt, 'Net revenue was');
  return `Here is what I found:\nNet revenue was $4.7 million in 2023 [${results}]. The company employed 312 people at the end of 2023 [${results}].`;
}

let lib: TestLibrary;
let gemini: FakeGemini;
let openai: FakeOpenAI;
const embedder = new OfflineEmbedder();

beforeAll(async () => {
  lib = await createTestLibrary(embedder, [
    { path: 'results.md', kind: 'markdown', text: RESULTS },
    { path: 'staff.md', kind: 'markdown', text: STAFF },
  ]);
  gemini = await startFakeGemini({ apiKey: 'test-key', wordsPerChunk: 3, answer: (ctx) => planted(ctx.prompt) });
  openai = await startFakeOpenAI({ answer: planted });
});
afterAll(async () => {
  await gemini?.close();
  await openai?.close();
  await lib?.close();
});

const settings = { topK: 4, promptTemplate: DEFAULT_TEMPLATE, localOnly: false };

async function ask(generator: Generator, provider: ProviderId, events: AnswerEvent[] = []): Promise<AnswerResult> {
  return answerQuestion(
    { store: lib.store, vectors: lib.vectors, embedder, countTokens, makeGenerator: () => generator },
    { question: QUESTION, history: [], provider, settings },
    (e) => events.push(e),
  );
}

/** The number the prompt gave the passage of `path`. */
function numberOf(result: AnswerResult, path: string): number {
  const chunkId = result.hits.find((h) => h.chunk.path.endsWith(path))?.chunk.id;
  return result.report.usedChunkIds.indexOf(chunkId ?? -1) + 1;
}

function expectBothProblems(result: AnswerResult) {
  const resultsN = numberOf(result, 'results.md');
  const staffN = numberOf(result, 'staff.md');
  expect(resultsN).toBeGreaterThan(0);
  expect(staffN).toBeGreaterThan(0);
  // Only the wrong citation number changed in the text.
  expect(result.text).toBe(
    `Here is what I found:\nNet revenue was $4.7 million in 2023 [${resultsN}]. The company employed 312 people at the end of 2023 [${staffN}].`,
  );
  const s = result.sentences ?? [];
  expect(s.map((x) => x.support)).toEqual(['no-claim', 'not-supported', 'supported']);
  for (const x of s) expect(result.text.slice(x.start, x.end)).toBe(x.text);
  // The wrong figure: not in the passage it cites, which is where the claim's words are.
  expect(s[1]).toMatchObject({ citations: [resultsN], missing: ['$4.7 million'] });
  expect(s[1].span?.n).toBe(resultsN);
  expect(s[1].repaired).toBeUndefined();
  // The wrong citation: corrected, recorded, and now supported by a span of the staff document.
  expect(s[2]).toMatchObject({ citations: [staffN], repaired: { from: [resultsN], to: [staffN] }, missing: [] });
  const span = s[2].span;
  expect(span?.n).toBe(staffN);
  expect(STAFF.slice(span?.charStart ?? 0, span?.charEnd ?? 0)).toBe(
    'The company employed 312 people at the end of 2023.',
  );
  // The citations are read from the corrected text.
  expect(result.citations.map((c) => c.n).sort()).toEqual([resultsN, staffN].sort());
  expect(result.invalid).toEqual([]);
  expect(result.uncited).toBe(false);
}

describe('the citation check on written answers', () => {
  it('Gemini (fake server): flags the wrong figure, corrects the wrong citation, supports the rest', async () => {
    const events: AnswerEvent[] = [];
    const result = await ask(
      new GeminiGenerator({ apiKey: 'test-key', baseUrl: gemini.url, retry: { maxAttempts: 1 } }),
      'gemini',
      events,
    );
    expectBothProblems(result);
    // The stream carried the model's words; the done event carries the check.
    expect(events.at(-1)).toMatchObject({ type: 'done', sentences: result.sentences });
  });

  it('a local model (fake OpenAI-compatible server): the same check', async () => {
    const result = await ask(
      new OpenAICompatGenerator({ baseUrl: `${openai.url}/v1`, model: 'qwen2.5-7b-instruct' }),
      'openai-compatible',
    );
    expect(result.provider).toBe('openai-compatible:qwen2.5-7b-instruct');
    expectBothProblems(result);
  });

  it('control: the offline answer is not checked on the way, and checked here it is all supported', async () => {
    const result = await ask(new ExtractiveGenerator({ embedder }), 'offline');
    expect(result.sentences).toBeNull();
    expect(result.citations.length).toBeGreaterThan(0);
    const sources = result.report.usedChunkIds.map((id, i) => ({
      n: i + 1,
      text: result.hits.find((h) => h.chunk.id === id)?.chunk.text ?? '',
    }));
    const labels = verifyAnswer(result.text, sources, { language: result.language }).sentences.map((s) => s.support);
    expect(labels.length).toBeGreaterThan(1);
    expect(labels.every((l) => l === 'supported' || l === 'no-claim')).toBe(true);
    expect(labels).toContain('supported');
  });
});
