import { describe, expect, it } from 'vitest';
import { loadWordVectors } from '../embed/word-vectors';
import { porterStem } from './porter';
import { contentTerms, queryTermMatcher, words } from './terms';

// 200,000 real words (the offline embedder's GloVe vocabulary, built by ensure-native before the tests).
const vocabulary = loadWordVectors().words;

describe('queryTermMatcher', () => {
  it('relies on a Porter property that holds for every word of a 200,000-word vocabulary', () => {
    // termsIn() only looks at words that start with a query stem minus its last letter.
    const broken = vocabulary.filter((w) => /^[a-z]+$/.test(w) && !w.startsWith(porterStem(w).slice(0, -1)));
    expect(broken).toEqual([]);
  });

  it('finds exactly the query terms that stemming every word finds', () => {
    let seed = 7;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const odd = [
      'Été',
      'naïve',
      'NF-κB',
      'l’été',
      '“quoted”',
      'β-cells',
      'µm',
      'ﬁnance',
      'Cafe\u0301',
      '東京',
      '𝒳-ray',
    ];
    const pick = () => (rand() < 0.1 ? odd[Math.floor(rand() * odd.length)] : vocabulary[Math.floor(rand() * 20_000)]);
    for (let round = 0; round < 200; round++) {
      const query = Array.from({ length: 1 + Math.floor(rand() * 10) }, pick).join(' ');
      const text = Array.from({ length: 80 }, () => (rand() < 0.1 ? query.split(' ')[0] : pick())).join(
        rand() < 0.5 ? ' ' : ', ',
      );
      const matcher = queryTermMatcher(query);
      const wanted = new Set(contentTerms(query));
      const expected = new Set(contentTerms(text).filter((t) => wanted.has(t)));
      expect([...matcher.termsIn(text)].sort(), `${query} | ${text}`).toEqual([...expected].sort());
    }
  });

  it('folds accents and case, and ignores stopwords and partial words', () => {
    const m = queryTermMatcher('Résumé of the hopping rabbits');
    expect(m.terms.sort()).toEqual(['hop', 'rabbit', 'resum'].sort());
    expect([...m.termsIn('RESUMES were hoped for; the rabbit hops.')].sort()).toEqual(['hop', 'rabbit', 'resum']);
    expect(m.termsIn('prehopping unrabbit of the').size).toBe(0);
    expect(m.termOf('the')).toBeNull();
    expect(words('Ça, c’est ÉTÉ 2024')).toEqual(['ca', 'c', 'est', 'ete', '2024']);
  });
});

describe('foldAligned', () => {
  it('folds when offsets are kept, refuses when a character expands or vanishes', async () => {
    const { foldAligned } = await import('./terms');
    expect(foldAligned('Été à Paris')).toBe('ete a paris');
    expect(foldAligned('ﬁnance')).toBeNull(); // ligature → two letters
    expect(foldAligned('Cafe\u0301 noir')).toBeNull(); // combining accent dropped
  });

  it('places matches at their offsets in accented text', () => {
    const text = 'Les résumés été hopping';
    const m = queryTermMatcher('resume hopping').matchesIn(text)!;
    expect(m.map((x) => text.slice(x.start, x.end))).toEqual(['résumés', 'hopping']);
  });
});
