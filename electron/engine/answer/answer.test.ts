import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeGemini, startFakeGemini } from '../../../test-support/fake-gemini/server';
import { OfflineEmbedder } from '../embed/offline';
import { createTestLibrary, type TestLibrary } from '../search/test-support/test-library';
import { countTokens } from '../tokens/index';
import type { ProviderId } from '../../../shared/types';
import type { Generator } from '../types';
import { type AnswerEvent, answerQuestion } from './answer';
import { ExtractiveGenerator } from './extractive';
import { GeminiGenerator } from './gemini';
import { DEFAULT_TEMPLATE } from './prompt';

let lib: TestLibrary;
let fake: FakeGemini;
const embedder = new OfflineEmbedder();

beforeAll(async () => {
  lib = await createTestLibrary(embedder, [
    {
      path: 'manual.pdf',
      kind: 'pdf',
      text: [
        `Dishwasher DW-300 user manual. ${'Load the racks from the back to the front. '.repeat(40)}`,
        'The dishwasher comes with a two-year warranty covering parts and labour. Register online to activate it.',
      ],
    },
    { path: 'recipes.md', kind: 'markdown', text: 'Bread needs flour, water, salt and a long rest before baking.' },
  ]);
  fake = await startFakeGemini({ apiKey: 'test-key', wordsPerChunk: 3 });
});
afterAll(async () => {
  await fake?.close();
  await lib?.close();
});

function deps(make: (provider: ProviderId) => Generator) {
  return { store: lib.store, vectors: lib.vectors, embedder, countTokens, makeGenerator: make };
}

const settings = { topK: 4, promptTemplate: DEFAULT_TEMPLATE, localOnly: false };
const gemini = () => new GeminiGenerator({ apiKey: 'test-key', baseUrl: fake.url, retry: { maxAttempts: 1 } });

describe('answerQuestion', () => {
  it('streams a Gemini answer and maps its citations to file and page (fake Gemini server)', async () => {
    fake.reset();
    const events: AnswerEvent[] = [];
    const result = await answerQuestion(
      deps(() => gemini()),
      { question: 'How long is the dishwasher warranty?', history: [], provider: 'gemini', settings },
      (e) => events.push(e),
    );
    const deltas = events.filter((e) => e.type === 'delta');
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.map((d) => (d.type === 'delta' ? d.text : '')).join('')).toBe(result.text);
    expect(events[0].type).toBe('retrieved');
    expect(events.at(-1)).toMatchObject({ type: 'done', stopped: false });

    // The fake model copies a sentence of passage [1] and cites it.
    expect(result.text).toMatch(/\[1\]\.?$/);
    expect(result.invalid).toEqual([]);
    expect(result.citations).toHaveLength(1);
    const [c] = result.citations;
    expect(c.path.endsWith('manual.pdf')).toBe(true);
    expect(c.pageEnd).toBe(2);
    expect(result.provider).toBe('gemini:gemini-2.5-flash');

    // What reached the model: system instructions apart, numbered passages with file and page.
    const call = fake.requests.find((r) => r.rpc === 'streamGenerateContent');
    const body = JSON.stringify(call?.body);
    expect(body).toContain('Use only the numbered context passages');
    expect(body).toMatch(/\[1\] manual\.pdf, pp?\. /);
    expect(result.report.usedChunkIds.length).toBeGreaterThan(0);
  });

  it('drops and reports a citation number the model invented', async () => {
    const planted = await startFakeGemini({
      apiKey: 'test-key',
      answer: 'The warranty lasts two years [1]. It also covers the moon [9].',
    });
    try {
      const result = await answerQuestion(
        deps(() => new GeminiGenerator({ apiKey: 'test-key', baseUrl: planted.url, retry: { maxAttempts: 1 } })),
        { question: 'How long is the dishwasher warranty?', history: [], provider: 'gemini', settings },
      );
      expect(result.citations.map((c) => c.n)).toEqual([1]);
      expect(result.invalid).toEqual([9]);
    } finally {
      await planted.close();
    }
  });

  it('answers offline with verbatim sentences and their sources, in the question language', async () => {
    const result = await answerQuestion(
      deps(() => new ExtractiveGenerator({ embedder })),
      { question: 'How long is the dishwasher warranty?', history: [], provider: 'offline', settings },
    );
    expect(result.text.startsWith('From your documents:')).toBe(true);
    expect(result.text).toContain('The dishwasher comes with a two-year warranty covering parts and labour.');
    expect(result.citations[0].quote).toBe('The dishwasher comes with a two-year warranty covering parts and labour.');
    expect(result.citations[0].pageEnd).toBe(2);
    expect(result.provider).toBe('extractive-v1');

    const fr = await answerQuestion(
      deps(() => new ExtractiveGenerator({ embedder })),
      { question: 'Quelle est la capitale de la Mongolie ?', history: [], provider: 'offline', settings },
    );
    expect(fr.language).toBe('fr');
    expect(fr.text).toBe("Je n'ai pas trouvé la réponse dans vos documents.");
    expect(fr.citations).toEqual([]);
  });

  it('stops cleanly when the signal aborts mid-stream', async () => {
    const slow = await startFakeGemini({ apiKey: 'test-key', wordsPerChunk: 1, chunkDelayMs: 30 });
    try {
      const ac = new AbortController();
      let deltas = 0;
      const result = await answerQuestion(
        deps(() => new GeminiGenerator({ apiKey: 'test-key', baseUrl: slow.url, retry: { maxAttempts: 1 } })),
        {
          question: 'How long is the dishwasher warranty?',
          history: [],
          provider: 'gemini',
          settings,
          signal: ac.signal,
        },
        (e) => {
          if (e.type === 'delta' && ++deltas === 2) ac.abort();
        },
      );
      expect(result.stopped).toBe(true);
      expect(result.finishReason).toBe('stopped');
    } finally {
      await slow.close();
    }
  });
});
