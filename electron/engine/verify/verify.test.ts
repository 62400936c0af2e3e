// The checker end to end: each label, the reasons, the span offsets, both languages.
import { describe, expect, it } from 'vitest';
import { verifyAnswer } from './index';
import { frenchStem } from './words';

const APPLE =
  'Apple reported total net sales of $1,577 million for the quarter. Net sales did not decrease in the U.S. market. ' +
  'Gross margin was 44.5 percent, driven by cost savings in 2023.';
const OTHER = 'Microsoft increased its research and development expense by 12% in fiscal 2022.';
const sources = [
  { n: 1, text: APPLE },
  { n: 2, text: OTHER },
];

describe('verifyAnswer', () => {
  it('labels a copied or rescaled sentence supported, with the span of the source that says it', () => {
    const r = verifyAnswer(
      'Here is what I found:\nApple reported total net sales of $1.58 billion for the quarter [1].',
      sources,
    );
    expect(r.sentences.map((s) => s.support)).toEqual(['no-claim', 'supported']);
    const s = r.sentences[1];
    expect(s.citations).toEqual([1]);
    expect(s.span).toEqual({ n: 1, start: 0, end: APPLE.indexOf(' Net sales') });
    expect(APPLE.slice(s.span!.start, s.span!.end)).toBe(
      'Apple reported total net sales of $1,577 million for the quarter.',
    );
    expect(s.missing).toEqual([]);
  });

  it('flags a changed figure, entity, year or negation, saying what was not found', () => {
    const r = verifyAnswer(
      [
        'Apple reported total net sales of $2.1 billion for the quarter [1].',
        'Samsung reported total net sales of $1,577 million for the quarter [1].',
        'Gross margin was 44.5 percent, driven by cost savings in 2021 [1].',
        'Net sales decreased in the U.S. market [1].',
        'Net sales did not increase in the U.S. market [1].',
      ].join(' '),
      sources,
    );
    expect(r.sentences.map((s) => [s.support, s.missing])).toEqual([
      ['not-supported', ['$2.1 billion']],
      ['not-supported', ['Samsung']],
      ['not-supported', ['2021']],
      ['not-supported', ['¬decreased']],
      ['not-supported', ['not']],
    ]);
    // The span still points at the sentence the claim was made from.
    expect(APPLE.slice(r.sentences[2].span!.start, r.sentences[2].span!.end)).toMatch(/^Gross margin/);
  });

  it('says a sentence is partly supported when only part of its words are in the cited span', () => {
    const r = verifyAnswer(
      'Net sales did not decrease in the U.S. market, thanks to strong demand and retail expansion [1].',
      sources,
    );
    expect(r.sentences[0].support).toBe('partly-supported');
    expect(r.sentences[0].missing).toEqual(expect.arrayContaining(['strong', 'demand']));
  });

  it('says not supported when the cited passage is about something else, and flags a citation to no source', () => {
    const r = verifyAnswer(
      'Microsoft increased its research expense by 12% [1]. Costs rose sharply in Europe [7].',
      sources,
    );
    expect(r.sentences[0].support).toBe('not-supported');
    expect(r.sentences[1].support).toBe('not-supported');
    expect(r.sentences[1].missing[0]).toBe('[7]');
  });

  it('never calls an uncited sentence fully supported, but says where it is', () => {
    const r = verifyAnswer('Microsoft increased its research and development expense by 12% in fiscal 2022.', sources);
    expect(r.sentences[0]).toMatchObject({ support: 'partly-supported', span: { n: 2 }, missing: ['citation'] });
  });

  it('checks French answers: figures, percentages as fractions, "ne … pas"', () => {
    const fr = [
      {
        n: 1,
        text: "En 2023, le chiffre d'affaires a atteint 1 577 millions d'euros. Les ventes en France ont augmenté.",
      },
      { n: 2, text: "La marge brute s'établit à 0,124 du chiffre d'affaires." },
    ];
    const r = verifyAnswer(
      "Voici ce que j'ai trouvé :\nLe chiffre d'affaires a atteint 1,58 milliard d'euros en 2023 [1]. La marge brute était de 12,4 % [2]. " +
        "Les ventes en France n'ont pas augmenté [1]. La marge brute était de 14 % [2].",
      fr,
      { language: 'fr' },
    );
    expect(r.sentences.map((s) => [s.support, s.missing])).toEqual([
      ['no-claim', []],
      ['supported', []],
      ['supported', []],
      ['not-supported', ['pas']],
      ['not-supported', ['14 %']],
    ]);
  });

  it('labels greetings and stock phrases no-claim, but not a stock phrase that states a figure', () => {
    const r = verifyAnswer('Bonjour ! Here is what I found: net sales were $9 billion [1].', sources);
    expect(r.sentences.map((s) => s.support)).toEqual(['no-claim', 'not-supported']);
  });

  it('stems French words so that inflections meet', () => {
    expect(frenchStem('augmentation')).toBe(frenchStem('augmente'));
    expect(frenchStem('augmentées')).toBe(frenchStem('augmente'));
    expect(frenchStem('nationaux')).toBe(frenchStem('national'));
  });
});
