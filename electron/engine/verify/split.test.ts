import { describe, expect, it } from 'vitest';
import { splitAnswer, withoutMarkers } from './split';

const texts = (answer: string) => splitAnswer(answer).map((s) => s.text);

describe('splitAnswer', () => {
  it('keeps abbreviations, initials, dotted acronyms and decimals inside their sentence (English)', () => {
    expect(
      texts(
        'Sales in the U.S. market rose 1.5 percent, e.g. in Q3 [1]. See p. 12 of the report by J. Smith [2]. Done.',
      ),
    ).toEqual([
      'Sales in the U.S. market rose 1.5 percent, e.g. in Q3 [1].',
      'See p. 12 of the report by J. Smith [2].',
      'Done.',
    ]);
  });

  it('keeps French abbreviations and decimal commas inside their sentence', () => {
    expect(
      texts("M. Dupont a signé le contrat, cf. art. 3 [1]. La hausse est de 1,5 % etc. selon l'annexe. Fin [2]."),
    ).toEqual([
      'M. Dupont a signé le contrat, cf. art. 3 [1].',
      "La hausse est de 1,5 % etc. selon l'annexe.",
      'Fin [2].',
    ]);
  });

  it('ends a sentence at "etc." before a capital', () => {
    expect(texts('Ils vendent des pommes, des poires, etc. Le prix monte.')).toEqual([
      'Ils vendent des pommes, des poires, etc.',
      'Le prix monte.',
    ]);
  });

  it('keeps a citation written after the full stop with the sentence it follows', () => {
    const s = splitAnswer('Revenue was $5 million. [2] Costs fell. [3][4] Nothing else.');
    expect(s.map((x) => [x.text, x.citations])).toEqual([
      ['Revenue was $5 million. [2]', [2]],
      ['Costs fell. [3][4]', [3, 4]],
      ['Nothing else.', []],
    ]);
  });

  it('cuts at line breaks, drops list marks, and gives offsets into the answer', () => {
    const answer = 'Here is what I found:\n\n- First point [1, 3]\n2. Second point [2-3]';
    const s = splitAnswer(answer);
    expect(s.map((x) => [x.text, x.citations])).toEqual([
      ['Here is what I found:', []],
      ['First point [1, 3]', [1, 3]],
      ['Second point [2-3]', [2, 3]],
    ]);
    for (const x of s) expect(answer.slice(x.start, x.end)).toBe(x.text);
  });

  it('blanks citation markers without moving offsets', () => {
    expect(withoutMarkers('Sales rose [1, 2].')).toBe('Sales rose       .');
  });
});
