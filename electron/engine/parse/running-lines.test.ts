// The running header and footer detector on hand-made page line lists.
import { describe, expect, it } from 'vitest';
import { findRunningLines, lineKey, type PageLines } from './running-lines';

const BODY = [
  'Bridges carry roads over rivers and valleys.',
  'The oldest stone arches still stand in Provence.',
  'Iron made longer spans possible after 1800.',
  'Suspension cables hang from two tall towers.',
  'Engineers test models in wind tunnels first.',
  'Concrete decks are poured in sections.',
  'A cantilever grows from both piers at once.',
  'Paint protects the steel from salt and rain.',
  'Inspections happen every two years by law.',
  'Traffic loads are counted on busy mornings.',
  'Expansion joints let the deck move in summer.',
  'The longest span today exceeds two kilometres.',
];

/** Page `n`'s body: three lines, none the same as on another of the first 12 pages. */
function body(n: number): string[] {
  return [0, 1, 2].map((k) => `${BODY[(n * 3 + k) % 12]} Then: ${BODY[(n * 7 + k * 5 + 1) % 12].toLowerCase()}`);
}

function pages(count: number, make: (n: number) => (string | null)[]): PageLines[] {
  return Array.from({ length: count }, (_, i) => ({ number: i + 1, lines: make(i + 1) }));
}

/** The removed lines of each page, as [top lines, bottom lines]. */
function removed(input: PageLines[]): [(string | null)[], (string | null)[]][] {
  return findRunningLines(input).map((v, i) => {
    const lines = input[i].lines;
    return [lines.slice(0, v.top), lines.slice(lines.length - v.bottom)];
  });
}

describe('findRunningLines', () => {
  it('removes a title header and a page-number footer, and reads the printed page number', () => {
    const doc = pages(6, (n) => ['Annual Report 2023', ...body(n), String(n + 2)]);
    const verdicts = findRunningLines(doc);
    expect(verdicts.map((v) => [v.top, v.bottom])).toEqual(Array(6).fill([1, 1]));
    expect(verdicts.map((v) => v.label)).toEqual(['3', '4', '5', '6', '7', '8']);
  });

  it('reads page numbers written in words, with dashes and as roman numerals', () => {
    expect(removed(pages(5, (n) => [...body(n), `Page ${n} of 5`])).map(([, b]) => b)).toEqual(
      [1, 2, 3, 4, 5].map((n) => [`Page ${n} of 5`]),
    );
    expect(removed(pages(4, (n) => [...body(n), `- ${n} -`])).every(([, b]) => b.length === 1)).toBe(true);
    const roman = ['i', 'ii', 'iii', 'iv', 'v'];
    const front = findRunningLines(pages(5, (n) => [...body(n), roman[n - 1]]));
    expect(front.map((v) => v.label)).toEqual(roman);
  });

  it('removes a book title on even pages and chapter titles on odd pages (with their page numbers)', () => {
    // Three chapters of three right-hand pages each: no chapter title is on most pages.
    const chapter = (n: number) => (n <= 6 ? 'Stone Arches' : n <= 12 ? 'Iron and Steel Spans' : 'Cables');
    const doc = pages(18, (n) => [n % 2 === 0 ? 'A Short History of Bridges' : chapter(n), ...body(n), String(n)]);
    const out = removed(doc);
    expect(out.map(([t, b]) => [t.length, b.length])).toEqual(Array(18).fill([1, 1]));
    expect(out[2][0]).toEqual(['Stone Arches']);
    expect(out[10][0]).toEqual(['Iron and Steel Spans']);
    // Without the book title on the pages between, the same chapter titles are headings: kept.
    const plain = pages(18, (n) => [n % 2 === 0 ? `Notes ${'x'.repeat(n)}` : chapter(n), ...body(n)]);
    expect(removed(plain).every(([t]) => t.length === 0)).toBe(true);
  });

  it('removes alternating titles behind a page number at the top', () => {
    const chapter = (n: number) => (n <= 6 ? 'Stone Arches' : n <= 12 ? 'Iron and Steel Spans' : 'Cables');
    const doc = pages(18, (n) => [String(n), n % 2 === 0 ? 'A Short History of Bridges' : chapter(n), ...body(n)]);
    expect(findRunningLines(doc).map((v) => v.top)).toEqual(Array(18).fill(2));
  });

  it('keeps a line that repeats on every other page just above the page-number footer', () => {
    // A chart's caption on three segment pages, above "MD&A 29", "MD&A 31"...: body text, not a footer.
    const segments: Record<number, string> = { 9: 'CCG', 11: 'DCAI', 13: 'NEX' };
    const caption = (n: number) =>
      segments[n] ? [`$ ${n * 1000 + 909} YTD 2021 ${segments[n]} Operating Income`] : [];
    const doc = pages(16, (n) => [...body(n), ...caption(n), `MD&A ${n + 20}`]);
    const out = removed(doc);
    expect(out.map(([, b]) => b)).toEqual(doc.map((p) => [`MD&A ${p.number + 20}`]));
  });

  it('removes a chapter name that carries the page number, even in a chapter of two pages', () => {
    // "“PIRACY” 37": the number follows the physical page number, offset −2.
    const name = (n: number) => (n <= 8 ? '“PIRACY”' : n <= 10 ? '“PROPERTY”' : 'BALANCES');
    const doc = pages(14, (n) => [...body(n), n % 2 === 0 ? `${n - 2} FREE CULTURE` : `${name(n)} ${n - 2}`]);
    const out = removed(doc);
    expect(out.every(([, b]) => b.length === 1)).toBe(true);
    expect(out[8][1]).toEqual(['“PROPERTY” 7']);
    expect(findRunningLines(doc)[8].label).toBe('7');
  });

  it('matches a header read with small differences (OCR), but not a different line', () => {
    const variants = [
      'Overview of the Technology Acceptance Model… M Y Chuttur',
      'Overview ofthe Technology Acceptance Model... M Y Chuttur',
      'Overview of the Technology Acceptance Mode1 M Y Chuttur',
      'Overview of the Techno1ogy Acceptance Model M Y Chutur',
      'Overview of the Technology Acceptance Model — M Y Chuttur',
    ];
    const doc = pages(5, (n) => [variants[n - 1], ...body(n)]);
    expect(removed(doc).map(([t]) => t)).toEqual(variants.map((v) => [v]));
    expect(lineKey('Overview ofthe Technology Acceptance Model...')).toBe(
      lineKey('Overview of the Technology Acceptance Model'),
    );
    // Numbers of codes are masked; a digit inside a word (an OCR misread) stays for similarity to absorb.
    expect(['PART II — Item 1A', 'Apple Inc. | Q3 2023 Form 10-Q | 5', 'Mode1'].map(lineKey)).toEqual([
      'part#item#a',
      'appleincq##form#q#',
      'mode1',
    ]);
  });

  it('leaves documents of fewer than three pages alone', () => {
    const doc = pages(2, (n) => ['Confidential draft', ...body(n), String(n)]);
    expect(findRunningLines(doc)).toEqual([
      { top: 0, bottom: 0 },
      { top: 0, bottom: 0 },
    ]);
  });

  it('keeps a line repeated in the body, and a heading that opens only a few pages', () => {
    const doc = pages(8, (n) => [
      ...(n === 2 || n === 5 ? ['Methods'] : []),
      ...body(n).slice(0, 2),
      'Figures are in euros.', // in every page's body, not at its edge
      body(n)[2],
      'Page footer text',
    ]);
    const out = removed(doc);
    expect(out.every(([t]) => t.length === 0)).toBe(true);
    expect(out.every(([, b]) => b.length === 1 && b[0] === 'Page footer text')).toBe(true);
  });

  it('keeps a year that ends a paragraph at the bottom of a page, next to page numbers', () => {
    const doc = pages(6, (n) => [...body(n), ...(n === 3 ? ['2022.'] : []), String(n)]);
    const out = removed(doc);
    expect(out[2][1]).toEqual(['3']);
    expect(out.every(([, b]) => b.length === 1)).toBe(true);
  });

  it('removes only from the edge inwards: a running line below body text stays', () => {
    const doc = pages(6, (n) => [...(n === 4 ? ['An extra line above the header.'] : []), 'Field Guide', ...body(n)]);
    const out = removed(doc);
    expect(out[3][0]).toEqual([]);
    expect(out.filter(([t]) => t.length === 1)).toHaveLength(5);
  });

  it('peels a header of several lines, and never a table row', () => {
    const doc = pages(5, (n) => ['ACME Corporation', 'Quarterly report', ...body(n), String(n), null]);
    const verdicts = findRunningLines(doc);
    expect(verdicts.map((v) => [v.top, v.bottom])).toEqual(Array(5).fill([2, 0]));
    const tableFirst = pages(5, (n) => [null, 'ACME Corporation', ...body(n)]);
    expect(findRunningLines(tableFirst).every((v) => v.top === 0)).toBe(true);
  });

  it('does not take a title page for the running header it resembles', () => {
    const doc = pages(8, (n) => (n === 1 ? ['FREE CULTURE'] : [...body(n), `${n} FREE CULTURE`]));
    const out = removed(doc);
    expect(out[0]).toEqual([[], []]);
    expect(out.slice(1).every(([, b]) => b.length === 1)).toBe(true);
  });
});
