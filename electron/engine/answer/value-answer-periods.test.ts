// Value answers over passages that hold the same row for several periods and documents: the latest figure
// when the question asks for the latest, and words every passage says (the company's own name) not
// standing in the way of the row that names what is asked. Passages are written in the parsers' table-row
// format ("Row label | Column header: value"), as stored chunks are.
import { describe, expect, it } from 'vitest';
import type { ContextPassage } from '../types';
import { valueAnswer } from './value-answer';
import { valueQuestion } from './value-question';

function passage(n: number, path: string, text: string, headingPath: string[] = []): ContextPassage {
  return {
    n,
    chunkId: n,
    documentId: n,
    path,
    pageStart: 3,
    pageEnd: 3,
    pageLabel: null,
    charStart: 0,
    charEnd: text.length,
    text,
    headingPath,
  };
}

const CAPTION = ['ACME CORP CONDENSED STATEMENTS OF OPERATIONS', '(In millions)'];

function answer(question: string, passages: ContextPassage[]): string | null {
  const vq = valueQuestion(question);
  if (!vq) throw new Error(`not a value question: ${question}`);
  return valueAnswer(vq, passages, 'en');
}

describe('value answers across periods and documents', () => {
  const q2 = passage(
    1,
    'acme-q2.pdf',
    'Gross margin | Three Months Ended April 1, 2023: 41,976 | Three Months Ended March 26, 2022: 42,559',
    CAPTION,
  );
  const q3 = passage(
    2,
    'acme-q3.pdf',
    'Gross margin | Three Months Ended July 1, 2023: 36,413 | Three Months Ended June 25, 2022: 35,885',
    CAPTION,
  );

  it('"the latest" is the column ending on the latest date of all the passages, not the best-ranked one', () => {
    // Before: the year alone was compared, within each passage, so April 1, 2023 (ranked first) won.
    expect(answer("What was Acme's gross margin in the latest 10-Q?", [q2, q3])).toContain(
      'Gross margin, Three Months Ended July 1, 2023: 36,413 million [2]',
    );
    // A question naming its period still gets that period.
    expect(answer("What was Acme's gross margin in 2022?", [q2, q3])).toMatch(/March 26, 2022: 42,559 million \[1\]/);
  });

  it('a word every passage says (the company) weighs little; a word no passage says is left out', () => {
    const statement = passage(
      1,
      'acme.pdf',
      [
        'Net income | Three Months Ended September 30, 2022: 2,872',
        'Net cash provided by (used in) operating activities | Three Months Ended September 30, 2022: 11,404',
        'Purchases of property and equipment | Three Months Ended September 30, 2022: (16,378)',
      ].join('\n'),
      ['ACME CORP CONDENSED STATEMENTS OF CASH FLOWS', '(In millions)'],
    );
    const prose = passage(2, 'acme.pdf', 'Acme Corp sells cash registers to Acme Corp customers.', ['ACME CORP']);
    // "disclosed" appears nowhere, "Acme" everywhere: before, both pulled the operating cash row below the bar.
    expect(
      answer('What cash flows from operations were disclosed by Acme in the quarter?', [statement, prose]),
    ).toContain(
      'Net cash provided by (used in) operating activities, Three Months Ended September 30, 2022: 11,404 million [1]',
    );
  });

  it('"R&D" is one word, as the lexicon reads it; the best-ranked document wins over the same row elsewhere', () => {
    const named = {
      ...passage(
        3,
        'globex-q1.pdf',
        'Research and development | Three Months Ended April 1, 2023: 4,109 | Three Months Ended April 2, 2022: 4,362',
        CAPTION,
      ),
      documentId: 7,
    };
    const intro = {
      ...passage(1, 'globex-q1.pdf', 'Globex designs chips and sells them worldwide.', []),
      documentId: 7,
    };
    const other = {
      ...passage(2, 'acme-q1.pdf', 'Research and development | Three Months Ended April 30, 2023: 1,875', CAPTION),
      documentId: 8,
    };
    // Before: "R&D" became "r" (and "d" was dropped), so no row named it; and the same row of another
    // document, ranked second, won over the named document's, ranked third.
    const text = answer("What was Globex's R&D spending in Q1 2023?", [intro, other, named]);
    expect(text).toContain('Research and development, Three Months Ended April 1, 2023: 4,109 million [3]');
  });
});
