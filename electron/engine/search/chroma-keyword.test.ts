// The query terms of the keyword search over Chroma records (chroma-keyword.ts): no server needed.
import { describe, expect, it } from 'vitest';
import { keywordTerms } from './chroma-keyword';

describe('keywordTerms', () => {
  it('turns query words into accent- and case-insensitive prefix patterns', () => {
    const terms = keywordTerms('The Résumés of vaccination, C++ and 2024!');
    expect(terms.map((t) => t.key)).toEqual(['resum', 'vaccin', '2024']);
    const resume = terms[0].local;
    expect('RÉSUMÉ resume résumés'.match(resume)).toHaveLength(3);
    expect('presumed'.match(resume)).toBeNull();
    expect(terms[0].serverPattern.startsWith('(?i)\\b')).toBe(true);
    expect(keywordTerms('the of and')).toEqual([]);
  });
});
