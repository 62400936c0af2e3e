import { describe, expect, it } from 'vitest';
import { OfflineEmbedder } from '../embed/offline';
import { squashSpaces } from '../search/sentences';
import type { ContextPassage, GenerationEvent, GenerationRequest } from '../types';
import { EXTRACTIVE_PHRASES, ExtractiveGenerator } from './extractive';

function passage(n: number, text: string): ContextPassage {
  return {
    n,
    chunkId: n,
    documentId: n,
    path: `/docs/${n}.txt`,
    pageStart: null,
    pageEnd: null,
    pageLabel: null,
    charStart: 0,
    charEnd: text.length,
    text,
  };
}

const passages = [
  passage(
    1,
    'Dishwasher model DW-300, user guide. The dishwasher comes with a two-year warranty\ncovering parts and labour. Register the appliance online to activate it. Keep the receipt.',
  ),
  passage(
    2,
    'Cleaning the filter once a month keeps the dishwasher quiet. The warranty does not cover damage caused by limescale.',
  ),
  passage(3, 'Le lave-vaisselle est garanti deux ans, pièces et main-d’œuvre. Conservez la facture.'),
];

function request(question: string, language: 'en' | 'fr', ps = passages): GenerationRequest {
  return { question, history: [], passages: ps, system: '', prompt: '', language };
}

async function collect(stream: AsyncIterable<GenerationEvent>): Promise<{ text: string; events: GenerationEvent[] }> {
  const events: GenerationEvent[] = [];
  let text = '';
  for await (const e of stream) {
    events.push(e);
    if (e.type === 'text') text += e.text;
  }
  return { text, events };
}

/** The answer's body lines: "- sentence [n]" → { sentence, n }. */
function bodyLines(text: string): { sentence: string; n: number }[] {
  return text
    .split('\n')
    .filter((l) => l.startsWith('- '))
    .map((l) => {
      const m = /^- (.*) \[(\d+)\]$/.exec(l);
      if (!m) throw new Error(`unexpected line: ${l}`);
      return { sentence: m[1], n: Number(m[2]) };
    });
}

describe('ExtractiveGenerator', () => {
  const generator = new ExtractiveGenerator({ embedder: new OfflineEmbedder() });

  it('answers only with verbatim sentences of the passages, each cited', async () => {
    const { text, events } = await collect(generator.generate(request('How long is the dishwasher warranty?', 'en')));
    expect(text.startsWith(EXTRACTIVE_PHRASES.en.intro)).toBe(true);
    const lines = bodyLines(text);
    expect(lines.length).toBeGreaterThan(0);
    for (const { sentence, n } of lines) {
      const source = passages.find((p) => p.n === n)!;
      expect(squashSpaces(source.text)).toContain(sentence);
    }
    expect(lines[0].sentence).toBe('The dishwasher comes with a two-year warranty covering parts and labour.');
    expect(lines[0].n).toBe(1);
    // Streamed: the intro and each sentence arrive as separate text events, then done.
    expect(events.filter((e) => e.type === 'text').length).toBe(lines.length + 1);
    expect(events.at(-1)).toEqual({ type: 'done', finishReason: 'stop' });
  });

  it('frames the answer in French for a French question', async () => {
    const { text } = await collect(generator.generate(request('Quelle est la garantie du lave-vaisselle ?', 'fr')));
    expect(text.startsWith("D'après vos documents :")).toBe(true);
    const lines = bodyLines(text);
    expect(lines[0]).toEqual({ sentence: 'Le lave-vaisselle est garanti deux ans, pièces et main-d’œuvre.', n: 3 });
  });

  it('says it did not find the answer for an unrelated question, in the question language', async () => {
    const en = await collect(generator.generate(request('What is the capital city of Mongolia?', 'en')));
    expect(en.text).toBe('I could not find the answer in your documents.');
    expect(en.events.at(-1)).toEqual({ type: 'done', finishReason: 'not-found' });
    const fr = await collect(generator.generate(request('Quelle est la capitale de la Mongolie ?', 'fr')));
    expect(fr.text).toBe("Je n'ai pas trouvé la réponse dans vos documents.");
  });

  it('says it did not find the answer when there are no passages', async () => {
    const { text } = await collect(generator.generate(request('How long is the warranty?', 'en', [])));
    expect(text).toBe(EXTRACTIVE_PHRASES.en.notFound);
  });

  it('quotes each sentence once even when overlapping passages repeat it', async () => {
    const twice = [passages[0], { ...passages[0], n: 2, chunkId: 99 }];
    const { text } = await collect(generator.generate(request('How long is the dishwasher warranty?', 'en', twice)));
    const sentences = bodyLines(text).map((l) => l.sentence);
    expect(new Set(sentences).size).toBe(sentences.length);
  });

  it('is local and never uses a non-local embedder', async () => {
    expect(generator.local).toBe(true);
    const remote = {
      id: 'remote',
      dim: 3,
      local: false,
      embedDocuments: async () => {
        throw new Error('network!');
      },
      embedQuery: async () => {
        throw new Error('network!');
      },
    };
    const g = new ExtractiveGenerator({ embedder: remote });
    const { text } = await collect(g.generate(request('How long is the dishwasher warranty?', 'en')));
    expect(text).toContain('two-year warranty');
  });
});
