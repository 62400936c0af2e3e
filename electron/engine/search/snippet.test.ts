import { describe, expect, it } from 'vitest';
import { makeSnippet } from './snippet';
import { queryTermMatcher } from './terms';

const filler = (n: number) => Array.from({ length: n }, (_, i) => `filler${i}`).join(' ');

describe('makeSnippet', () => {
  it('shows a short text whole, with the matching words marked', () => {
    expect(makeSnippet('Résumés of the  reviewers\nare due.', queryTermMatcher('resume due'))).toBe(
      '«Résumés» of the reviewers are «due».',
    );
  });

  it('picks the window holding the most distinct query terms, not the first match', () => {
    const text = `Mitochondria appear once here. ${filler(40)} Mitochondria produce ATP through oxidative phosphorylation. ${filler(40)}`;
    const s = makeSnippet(text, queryTermMatcher('mitochondria oxidative phosphorylation'));
    expect(s).toContain('«Mitochondria» produce ATP through «oxidative» «phosphorylation»');
    expect(s.startsWith('…')).toBe(true);
    expect(s.endsWith('…')).toBe(true);
  });

  it('never starts in the middle of a word', () => {
    const text = `${filler(30)} alphabetically sorted indexes matter for lookups. ${filler(30)}`;
    const s = makeSnippet(text, queryTermMatcher('lookups'));
    expect(s).toMatch(/^…[\p{L}\p{N}]/u);
    const first = s.slice(1).split(' ')[0];
    expect(text.split(' ')).toContain(first);
  });

  it('falls back to the beginning when no query word occurs', () => {
    const text = `Opening words of the chunk. ${filler(60)}`;
    expect(makeSnippet(text, queryTermMatcher('absent'))).toMatch(/^Opening words of the chunk\./);
  });
});
