import { describe, expect, it } from 'vitest';
import type { SearchHit } from '../../../shared/types';
import { countTokens } from '../tokens/index';
import { buildPrompt, DEFAULT_TEMPLATE, DEFAULT_TEMPLATES, passageSource } from './prompt';

function hit(id: number, text: string, path = `/docs/file${id}.pdf`, page: number | null = id): SearchHit {
  return {
    chunk: {
      id,
      documentId: 100 + id,
      path,
      ordinal: 0,
      text,
      headingPath: [],
      pageStart: page,
      pageEnd: page,
      pageLabel: null,
      charStart: 0,
      charEnd: text.length,
      tokens: countTokens(text),
    },
    score: { bm25: 1, vector: 0.5, fused: 1, bm25Rank: id, vectorRank: id },
    snippet: '',
  };
}

const sentence = (i: number) => `Passage number ${i} explains one more detail about the warranty of the dishwasher. `;
const hits = [1, 2, 3, 4, 5].map((i) => hit(i, sentence(i).repeat(6)));

describe('buildPrompt', () => {
  it('numbers the passages with file and page, and keeps the classic section order', () => {
    const built = buildPrompt({
      question: 'How long is the warranty?',
      history: [],
      hits: hits.slice(0, 2),
      template: DEFAULT_TEMPLATE,
      language: 'en',
      budgetTokens: 10_000,
      countTokens,
    });
    expect(built.system).toContain('Use only the numbered context passages');
    expect(built.prompt).toContain('[1] file1.pdf, p. 1\nPassage number 1');
    expect(built.prompt).toContain('[2] file2.pdf, p. 2\n');
    const q = built.prompt.indexOf('Question: How long is the warranty?');
    const ctx = built.prompt.indexOf('[1] file1.pdf');
    const fmt = built.prompt.indexOf('cite the passage(s)');
    expect(q).toBeGreaterThanOrEqual(0);
    expect(ctx).toBeGreaterThan(q);
    expect(fmt).toBeGreaterThan(ctx);
    expect(built.prompt).toContain('say plainly');
    expect(built.passages.map((p) => [p.n, p.chunkId])).toEqual([
      [1, 1],
      [2, 2],
    ]);
    for (const s of built.report.sections) expect(s.tokens).toBe(countTokens(s.text));
    expect(built.report.sections.map((s) => s.name)).toEqual([
      'instructions',
      'examples',
      'history',
      'question',
      'context',
      'format',
    ]);
    expect(built.report.totalTokens).toBe(countTokens(built.system) + countTokens(built.prompt));
  });

  it('fits the budget by dropping the lowest-ranked passages and records which', () => {
    const all = buildPrompt({
      question: 'How long is the warranty?',
      history: [],
      hits,
      template: DEFAULT_TEMPLATE,
      language: 'en',
      budgetTokens: 100_000,
      countTokens,
    });
    expect(all.report.droppedChunkIds).toEqual([]);
    const perPassage = countTokens(hits[0].chunk.text);
    // Room for the fixed sections and about three passages.
    const budget = all.report.totalTokens - Math.floor(perPassage * 1.5);
    const built = buildPrompt({
      question: 'How long is the warranty?',
      history: [],
      hits,
      template: DEFAULT_TEMPLATE,
      language: 'en',
      budgetTokens: budget,
      countTokens,
    });
    expect(built.report.usedChunkIds).toEqual([1, 2, 3]);
    expect(built.report.droppedChunkIds).toEqual([4, 5]);
    expect(built.report.totalTokens).toBeLessThanOrEqual(budget);
    expect(built.report.budgetTokens).toBe(budget);
    expect(built.prompt).not.toContain('Passage number 4');
    expect(built.passages).toHaveLength(3);
  });

  it('cuts a lone oversized best passage rather than answering with no context', () => {
    const big = hit(9, sentence(9).repeat(200));
    const built = buildPrompt({
      question: 'Warranty?',
      history: [],
      hits: [big, hits[0]],
      template: DEFAULT_TEMPLATE,
      language: 'en',
      budgetTokens: 600,
      countTokens,
    });
    expect(built.report.usedChunkIds).toEqual([9]);
    expect(built.report.droppedChunkIds).toEqual([1]);
    expect(built.report.totalTokens).toBeLessThanOrEqual(600);
    expect(built.passages[0].text.endsWith('…')).toBe(true);
  });

  it('answers in the language of the question: French instructions for a French question', () => {
    const built = buildPrompt({
      question: 'Quelle est la durée de la garantie ?',
      history: [],
      hits: hits.slice(0, 1),
      template: DEFAULT_TEMPLATE,
      language: 'fr',
      budgetTokens: 10_000,
      countTokens,
    });
    expect(built.system).toBe(DEFAULT_TEMPLATES.fr.instructions.replace('{language}', 'français'));
    expect(built.prompt).toContain('Passages de contexte');
    expect(built.prompt).toContain('[1] file1.pdf, p. 1');
    expect(built.system).not.toContain('{language}');
  });

  it('uses a custom template as written, filling {language}', () => {
    const built = buildPrompt({
      question: 'Quelle garantie ?',
      history: [],
      hits: hits.slice(0, 1),
      template: { instructions: 'Be terse. Reply in {language}.', examples: 'Q: x\nA: y [1]', format: 'Bullets.' },
      language: 'fr',
      budgetTokens: 10_000,
      countTokens,
    });
    expect(built.system).toBe('Be terse. Reply in French.');
    expect(built.prompt.startsWith('Q: x\nA: y [1]')).toBe(true);
    expect(built.prompt.endsWith('Bullets.')).toBe(true);
  });

  it('keeps the most recent conversation turns within their share of the budget', () => {
    const history = Array.from({ length: 40 }, (_, i) => ({
      role: i % 2 === 0 ? ('user' as const) : ('assistant' as const),
      text: `turn ${i} ${'words '.repeat(20)}`,
    }));
    const built = buildPrompt({
      question: 'And then?',
      history,
      hits: hits.slice(0, 1),
      template: DEFAULT_TEMPLATE,
      language: 'en',
      budgetTokens: 1200,
      countTokens,
    });
    const section = built.report.sections.find((s) => s.name === 'history')!;
    expect(section.tokens).toBeLessThanOrEqual(300);
    expect(section.text).toContain('turn 39');
    expect(section.text).not.toContain('turn 0 ');
  });
});

describe('passageSource', () => {
  it('names the file, the page (or label, or range) and the heading path', () => {
    const base = { path: '/a/b/report.pdf', pageStart: 3, pageEnd: 3, pageLabel: null };
    expect(passageSource(base)).toBe('report.pdf, p. 3');
    expect(passageSource({ ...base, pageLabel: 'iv' })).toBe('report.pdf, p. iv');
    expect(passageSource({ ...base, pageEnd: 4 })).toBe('report.pdf, pp. 3–4');
    expect(
      passageSource({
        path: 'notes.md',
        pageStart: null,
        pageEnd: null,
        pageLabel: null,
        headingPath: ['Setup', 'Linux'],
      }),
    ).toBe('notes.md › Setup › Linux');
  });
});
