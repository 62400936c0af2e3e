import { describe, expect, it } from 'vitest';
import type { ContextPassage } from '../types';
import { extractCitations, findVerbatim, parseCitationMarkers } from './citations';

function passage(n: number, text: string, page: number | null = n, charStart = 1000 * n): ContextPassage {
  return {
    n,
    chunkId: 10 + n,
    documentId: 20 + n,
    path: `/docs/doc${n}.pdf`,
    pageStart: page,
    pageEnd: page,
    pageLabel: null,
    charStart,
    charEnd: charStart + text.length,
    text,
  };
}

const passages = [
  passage(1, 'The warranty lasts two years from the date of purchase. Repairs are free during that time.'),
  passage(2, 'Batteries are not covered by the warranty.'),
  passage(3, 'Returns are accepted within thirty days.'),
];

describe('parseCitationMarkers', () => {
  it('reads [n], [n, m], [n-m], [n–m] and mixed lists', () => {
    const markers = parseCitationMarkers('a [1] b [2,3] c [1-3] d [2–3; 5] e [ 4 ] f [2, 3]');
    expect(markers.map((m) => m.numbers)).toEqual([[1], [2, 3], [1, 2, 3], [2, 3, 5], [4], [2, 3]]);
    expect(markers[3].written).toEqual([2, 3, 5]);
  });

  it('does not expand absurd ranges', () => {
    expect(parseCitationMarkers('[1-9999]')[0].numbers).toEqual([1, 9999]);
  });

  it('ignores brackets that are not citations', () => {
    expect(parseCitationMarkers('an array [a, b], a link [here](x), [1a]')).toEqual([]);
  });
});

describe('extractCitations', () => {
  it('maps cited numbers to their passages, file and page', () => {
    const { citations, invalid } = extractCitations(
      'The warranty lasts two years [1]. Batteries are excluded [2, 3].',
      passages,
    );
    expect(invalid).toEqual([]);
    expect(citations.map((c) => [c.n, c.chunkId, c.documentId, c.path, c.pageStart])).toEqual([
      [1, 11, 21, '/docs/doc1.pdf', 1],
      [2, 12, 22, '/docs/doc2.pdf', 2],
      [3, 13, 23, '/docs/doc3.pdf', 3],
    ]);
  });

  it('drops and reports a planted citation number that does not exist', () => {
    const { citations, invalid } = extractCitations('Two years [1]. Also free repairs [7]. And [2-9].', passages);
    expect(citations.map((c) => c.n)).toEqual([1, 2, 3]);
    expect(invalid).toEqual([7, 9]);
  });

  it('cites only what the answer cites: uncited passages are not sources', () => {
    const { citations } = extractCitations('Returns within thirty days [3].', passages);
    expect(citations.map((c) => c.n)).toEqual([3]);
  });

  it('quotes the cited sentence when the answer copies it, with narrowed offsets', () => {
    const answer = 'From your documents:\n\n- Repairs are free during that time. [1]';
    const [c] = extractCitations(answer, passages).citations;
    expect(c.quote).toBe('Repairs are free during that time.');
    const p = passages[0];
    const at = p.text.indexOf('Repairs');
    expect(c.charStart).toBe(p.charStart + at);
    expect(c.charEnd).toBe(p.charStart + at + 'Repairs are free during that time.'.length);
  });

  it('quotes the whole passage when the claim is a paraphrase', () => {
    const [c] = extractCitations('Two years of cover [1].', passages).citations;
    expect(c.quote).toBe(passages[0].text);
    expect(c.charStart).toBe(passages[0].charStart);
  });

  it('finds a quote across line breaks', () => {
    expect(findVerbatim('lasts two\nyears  from', 'two years from')).toEqual({ start: 6, end: 21 });
    expect(findVerbatim('abc', 'x')).toBeNull();
  });
});
