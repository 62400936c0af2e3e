import { describe, expect, it } from 'vitest';
import { passageEvidence } from './evidence';
import { queryTermMatcher } from './terms';

describe('passageEvidence', () => {
  const docs = [
    // One sentence states the whole query.
    {
      id: 1,
      text: 'Intro text here. Vitamin D deficiency raises the risk of bone fractures in elderly women. Unrelated end.',
      headings: [],
    },
    // The same words, scattered over three sentences.
    {
      id: 2,
      text: 'Vitamin D is made in the skin. Deficiency is common. Elderly women often suffer bone fractures.',
      headings: [],
    },
    // Nothing relevant.
    { id: 3, text: 'The museum opens at nine and closes at six.', headings: ['Opening hours'] },
    // The heading covers part of the query.
    { id: 4, text: 'Calcium intake matters too.', headings: ['Bone fractures'] },
  ];
  const query = 'vitamin D deficiency bone fractures elderly women';

  it('scores the passage whose single sentence covers the query highest', () => {
    const e = passageEvidence(queryTermMatcher(query), docs);
    expect(e.get(1)!.sentence).toBeCloseTo(1, 10);
    expect(e.get(2)!.sentence).toBeLessThan(0.8);
    expect(e.get(2)!.sentence).toBeGreaterThan(0);
    expect(e.get(3)!.sentence).toBe(0);
  });

  it('scores headings separately, and a heading counts as a sentence', () => {
    const e = passageEvidence(queryTermMatcher(query), docs);
    expect(e.get(4)!.heading).toBeGreaterThan(0);
    expect(e.get(4)!.sentence).toBeCloseTo(e.get(4)!.heading, 10);
    expect(e.get(1)!.heading).toBe(0);
  });

  it('matches across inflections and accents like the keyword index', () => {
    const e = passageEvidence(queryTermMatcher('résumés envoyés'), [
      { id: 1, text: 'Le resume a ete envoye hier.', headings: [] },
    ]);
    expect(e.get(1)!.sentence).toBeCloseTo(1, 10);
  });

  it('gives zero to everything for a query without content words', () => {
    const e = passageEvidence(queryTermMatcher('what is the'), docs);
    expect([...e.values()].every((v) => v.sentence === 0 && v.heading === 0)).toBe(true);
  });
});
