// Citation repair: a wrong or missing citation number is corrected only when one passage clearly supports the
// sentence; ambiguous cases are left as written. The words never change, and the offsets follow the new text.
import { describe, expect, it } from 'vitest';
import { repairCitations } from './repair';

const SALES = 'Apple reported total net sales of $1,577 million for the quarter. Services grew in every region.';
const MARGIN = 'Gross margin was 44.5 percent, driven by cost savings in 2023.';
const RND = 'Microsoft increased its research and development expense by 12% in fiscal 2022.';
const sources = [
  { n: 1, text: SALES },
  { n: 2, text: MARGIN },
  { n: 3, text: RND },
];

function consistent(r: ReturnType<typeof repairCitations>) {
  for (const s of r.sentences) expect(r.text.slice(s.start, s.end)).toBe(s.text);
}

describe('repairCitations', () => {
  it('replaces the number of a citation that points at the wrong passage, and records the change', () => {
    const answer = 'Gross margin was 44.5 percent in 2023 [1]. Apple reported net sales of $1.58 billion [1].';
    const r = repairCitations(answer, sources);
    expect(r.text).toBe('Gross margin was 44.5 percent in 2023 [2]. Apple reported net sales of $1.58 billion [1].');
    expect(r.repairs).toBe(1);
    expect(r.sentences.map((s) => s.support)).toEqual(['supported', 'supported']);
    expect(r.sentences[0].repaired).toEqual({ from: [1], to: [2] });
    expect(r.sentences[0].citations).toEqual([2]);
    expect(r.sentences[0].span?.n).toBe(2);
    expect(r.sentences[1].repaired).toBeUndefined();
    consistent(r);
  });

  it('adds a citation to a sentence with none when one passage clearly supports it', () => {
    const r = repairCitations(
      'Microsoft increased its research and development expense by 12% in fiscal 2022.',
      sources,
    );
    expect(r.text).toBe('Microsoft increased its research and development expense by 12% in fiscal 2022 [3].');
    expect(r.sentences[0]).toMatchObject({ support: 'supported', citations: [3], repaired: { from: [], to: [3] } });
    consistent(r);
  });

  it('replaces a citation of a passage the answer was never given, keeping later offsets right', () => {
    const r = repairCitations('Gross margin was 44.5 percent in 2023 [9]. Services grew in every region [1].', sources);
    expect(r.text).toBe('Gross margin was 44.5 percent in 2023 [2]. Services grew in every region [1].');
    expect(r.sentences[0].repaired).toEqual({ from: [9], to: [2] });
    consistent(r);
    const longer = repairCitations('Gross margin was 44.5 percent in 2023 [1]. Services grew in every region [1].', [
      ...sources.slice(0, 1),
      { n: 10, text: MARGIN },
    ]);
    expect(longer.text).toBe('Gross margin was 44.5 percent in 2023 [10]. Services grew in every region [1].');
    expect(longer.sentences[1]).toMatchObject({ support: 'supported', citations: [1] });
    consistent(longer);
  });

  it('leaves a sentence alone when two passages support it equally', () => {
    const twice = [...sources, { n: 4, text: `In the filing: ${MARGIN}` }];
    const answer = 'Gross margin was 44.5 percent in 2023 [1].';
    const r = repairCitations(answer, twice);
    expect(r.text).toBe(answer);
    expect(r.repairs).toBe(0);
    expect(r.sentences[0].support).toBe('not-supported');
    expect(repairCitations('Gross margin was 44.5 percent in 2023.', twice).text).toBe(
      'Gross margin was 44.5 percent in 2023.',
    );
  });

  it('leaves a sentence alone when a second passage comes close to the best one', () => {
    const answer = 'Gross margin was 44.5 percent, driven by cost savings and lower freight in 2023 [1].';
    // Alone, passage 2 is the clear supporter.
    expect(repairCitations(answer, sources).sentences[0].repaired).toEqual({ from: [1], to: [2] });
    const rival = [...sources, { n: 4, text: 'Gross margin was 44.5 percent in 2023, helped by lower freight.' }];
    const r = repairCitations(answer, rival);
    expect(r.text).toBe(answer);
    expect(r.sentences[0].support).toBe('not-supported');
  });

  it('leaves a wrong figure alone: no passage supports it, so it stays flagged', () => {
    const answer = 'Gross margin was 46.1 percent in 2023 [2].';
    const r = repairCitations(answer, sources);
    expect(r.text).toBe(answer);
    expect(r.sentences[0]).toMatchObject({ support: 'not-supported', missing: ['46.1 percent'] });
    expect(r.sentences[0].repaired).toBeUndefined();
  });

  it('leaves a sentence with two citation markers alone (which one is wrong is a guess)', () => {
    const answer = 'Gross margin was 44.5 percent [1] and cost savings helped in 2023 [3].';
    expect(repairCitations(answer, sources).text).toBe(answer);
  });

  it('does not touch supported, partly supported or no-claim sentences', () => {
    const answer = 'Here is what I found:\nApple reported total net sales of $1,577 million [1]. Services grew [1].';
    const r = repairCitations(answer, sources);
    expect(r.text).toBe(answer);
    expect(r.sentences.map((s) => s.repaired)).toEqual([undefined, undefined, undefined]);
  });

  it('repairs French answers too', () => {
    const fr = [
      { n: 1, text: 'Le chiffre d’affaires a atteint 12,4 millions d’euros en 2022.' },
      { n: 2, text: 'La marge brute a reculé de 3 % sur l’exercice 2022.' },
    ];
    const r = repairCitations('La marge brute a reculé de 3 % en 2022 [1].', fr, { language: 'fr' });
    expect(r.text).toBe('La marge brute a reculé de 3 % en 2022 [2].');
    expect(r.sentences[0].support).toBe('supported');
  });
});
