// The synonym lexicon as query expansion: concepts found in questions and statement rows, and passage
// evidence that credits another name of a concept the query names, below the query's own words.
import { describe, expect, it } from 'vitest';
import { passageEvidence } from './evidence';
import { conceptTerms, expandQuery, findConcepts } from './synonyms';
import { queryTermMatcher } from './terms';

const concept = (text: string) => findConcepts(conceptTerms(text)).map((m) => m.concept);

describe('financial synonyms', () => {
  it('finds one concept under its English, French and statement names', () => {
    const capex = concept('capital expenditure');
    expect(capex).toHaveLength(1);
    expect(concept('Purchases of property, plant and equipment (PP&E)')).toContain(capex[0]);
    expect(concept("dépenses d'investissement")).toEqual(capex);
    expect(concept("chiffre d'affaires")).toEqual(concept('Total net sales'));
    expect(concept('résultat net')).toEqual(concept('net earnings'));
  });

  it('matches the longest phrase: "cost of sales" is not revenue', () => {
    expect(concept('Total cost of sales')).toEqual(concept('cost of revenue'));
    expect(concept('Total cost of sales')).not.toEqual(concept('net sales'));
  });

  it('expands a query only with concepts it names', () => {
    expect(expandQuery('capex in 2018')[0].phrases.length).toBeGreaterThan(3);
    expect(expandQuery('protein folding in yeast')).toEqual([]);
  });

  it('credits a statement row that names the concept another way, below the words themselves', () => {
    const matcher = queryTermMatcher('capital expenditure 2018');
    const evidence = passageEvidence(matcher, [
      {
        id: 1,
        text: 'Purchases of property, plant and equipment (PP&E) | 2018: (1,577) | 2017: (1,373)',
        headings: [],
      },
      { id: 2, text: 'Our capital expenditure in 2018 rose.', headings: [] },
      { id: 3, text: 'Proceeds from sale of other assets | 2018: 262', headings: [] },
    ]);
    const row = evidence.get(1)!.sentence;
    expect(row).toBeGreaterThan(evidence.get(3)!.sentence);
    expect(row).toBeLessThan(evidence.get(2)!.sentence);
  });
});
