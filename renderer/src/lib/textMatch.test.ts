import { describe, expect, it } from 'vitest';
import { findPassage, normalize, normalizeWithMap } from './textMatch';

describe('normalizeWithMap', () => {
  it('keeps lowercase letters and digits, folds accents and ligatures, and maps back', () => {
    const n = normalizeWithMap('Éco-ﬁnance, 2025 !');
    expect(n.text).toBe('ecofinance2025');
    // "fi" comes from the single ligature character at index 4.
    expect(n.map.slice(0, 6)).toEqual([0, 1, 2, 4, 4, 5]);
    expect(n.map[n.map.length - 1]).toBe(15);
  });
});

describe('findPassage', () => {
  const page = normalize(
    'Abstract Dynamic languages such as JavaScript are more difficult to com- pile than statically typed ones.',
  );

  it('finds a passage whatever the hyphenation and spacing', () => {
    const passage = normalize(
      'Dynamic languages such as JavaScript are more difficult to compile than statically typed ones.',
    );
    const found = findPassage(page, passage);
    expect(found).not.toBeNull();
    expect(page.slice(found![0], found![1])).toBe(passage);
  });

  it('locates a passage that runs past the page from its beginning', () => {
    const passage = normalize('statically typed ones. This sentence is on the next page and not here at all.');
    const found = findPassage(page, passage);
    expect(found?.[0]).toBe(page.indexOf('staticallytypedones'));
  });

  it('returns null when the passage is not on the page', () => {
    expect(findPassage(page, normalize('Le budget 2025 du projet Lucarne est fixé à 48 000 euros.'))).toBeNull();
    expect(findPassage(page, '')).toBeNull();
  });
});
