import { describe, expect, it } from 'vitest';
import { MAX_QUERY_TERMS, queryTerms, toFtsQuery } from './keyword-query';

describe('toFtsQuery', () => {
  it('quotes every term and joins them with OR', () => {
    expect(toFtsQuery('how do vaccines work')).toBe('"how" OR "do" OR "vaccines" OR "work"');
  });

  it('drops FTS5 syntax instead of passing it through', () => {
    expect(toFtsQuery('C++')).toBe('"C"');
    expect(toFtsQuery('a AND b')).toBe('"a" OR "AND" OR "b"');
    expect(toFtsQuery('NEAR(x y, 2)')).toBe('"NEAR" OR "x" OR "y" OR "2"');
    expect(toFtsQuery('title:"foo bar"*')).toBe('"title" OR "foo" OR "bar"');
    expect(toFtsQuery('-x ^y {z}')).toBe('"x" OR "y" OR "z"');
  });

  it('returns null when nothing searchable is left', () => {
    for (const q of ['', '   ', '*', '"', '()', '🎉', '+-', '\u0301']) expect(toFtsQuery(q), q).toBeNull();
  });

  it('keeps letters of every script and folds duplicates the way the tokenizer will', () => {
    expect(queryTerms('Résumé resume RESUME naïve')).toEqual(['Résumé', 'naïve']);
    expect(queryTerms('東京 مرحبا Ελλάδα')).toEqual(['東京', 'مرحبا', 'Ελλάδα']);
    // A decomposed accent stays inside its word.
    expect(queryTerms('re\u0301sume\u0301')).toEqual(['résumé']);
  });

  it('bounds the number of terms', () => {
    const many = Array.from({ length: 200 }, (_, i) => `t${i}`).join(' ');
    expect(queryTerms(many)).toHaveLength(MAX_QUERY_TERMS);
  });
});
