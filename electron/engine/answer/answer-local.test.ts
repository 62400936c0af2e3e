// Answers written by a real local model (the project's tiny GGUF, in node-llama-cpp's child process): the
// prompt is budgeted from the model's context, and when the model's own tokenizer finds it too long (the tiny
// model spells every byte), the passages are cut and the answer still comes; an answer that cites nothing is
// flagged rather than passed off as grounded.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OfflineEmbedder } from '../embed/offline';
import { GgufGenerator } from '../local/gguf/generator';
import { closeSharedLlamaClient } from '../local/gguf/shared-client';
import { type TinyModels, writeTinyModels } from '../local/gguf/test-support/tiny-models';
import { createTestLibrary, type TestLibrary } from '../search/test-support/test-library';
import { countTokens } from '../tokens/index';
import { type AnswerEvent, answerQuestion, promptBudget } from './answer';
import { DEFAULT_TEMPLATE } from './prompt';

let lib: TestLibrary;
let models: TinyModels;
let generator: GgufGenerator;
const embedder = new OfflineEmbedder();

beforeAll(async () => {
  models = await writeTinyModels({ chatContext: 2048 });
  lib = await createTestLibrary(embedder, [
    {
      path: 'manual.md',
      kind: 'markdown',
      text: [
        `Dishwasher DW-300 manual. ${'Load the racks from the back to the front. '.repeat(30)}`,
        `The dishwasher has a two-year warranty on parts and labour. ${'Register it online. '.repeat(40)}`,
        `Warranty claims need the receipt. ${'Keep the receipt with the manual. '.repeat(40)}`,
      ],
    },
  ]);
  generator = await GgufGenerator.open({ modelPath: models.chat, contextSize: 2048, threads: 1, maxOutputTokens: 24 });
}, 60_000);

afterAll(async () => {
  await lib?.close();
  await closeSharedLlamaClient();
  models?.cleanup();
});

describe('answers with a local model', () => {
  it('budgets the prompt from the context, with a margin for the model tokenizer', () => {
    expect(generator.contextWindow).toBe(2048);
    expect(promptBudget(generator)).toBe(Math.floor((2048 - 512) * 0.8));
  });

  it('cuts passages when the model finds the prompt too long, then streams an answer flagged as uncited', async () => {
    const events: AnswerEvent[] = [];
    const result = await answerQuestion(
      { store: lib.store, vectors: lib.vectors, embedder, countTokens, makeGenerator: () => generator },
      {
        question: 'How long is the dishwasher warranty?',
        history: [],
        provider: 'local',
        settings: { topK: 4, promptTemplate: DEFAULT_TEMPLATE, localOnly: true },
      },
      (e) => events.push(e),
    );
    const retrieved = events.filter((e) => e.type === 'retrieved');
    // The first prompt (budgeted with the engine's tokenizer) did not fit the byte-level model: retried smaller.
    expect(retrieved.length).toBeGreaterThan(1);
    const used = retrieved.map((e) => (e.type === 'retrieved' ? e.report.usedChunkIds.length : 0));
    expect(used.at(-1)).toBeLessThan(used[0]);
    expect(used.at(-1)).toBeGreaterThan(0);
    expect(result.report.usedChunkIds.length).toBe(used.at(-1));
    expect(result.text.length).toBeGreaterThan(0);
    expect(events.some((e) => e.type === 'delta')).toBe(true);
    expect(result.provider).toMatch(/^gguf:/);
    // Random weights never write "[n]": the answer is flagged, not shown as grounded.
    expect(result.citations).toEqual([]);
    expect(result.uncited).toBe(true);
    expect(events.at(-1)).toMatchObject({ type: 'done', uncited: true });
  }, 120_000);
});
