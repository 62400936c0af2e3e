import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { asksForValue, loadDocQa, numbersIn, printsNumber, referenceNumbers, scoreQuestion, summarise } from './docqa';

describe('numbers in reference answers', () => {
  it('keeps amounts and percentages, drops years, days, quarters and form names', () => {
    const text =
      'In the Q3 2023 10-Q, for the three months ended July 1, 2023, net sales were $81,797 million, down 1% from 82,959; 23.5 % margin.';
    expect(numbersIn(text).map((n) => n.text)).toEqual(['$81,797 million', '1%', '82,959', '23.5 %']);
    const [sales] = numbersIn(text);
    expect(sales.figure).toBe(81797);
    expect(sales.value).toBe(81_797_000_000);
    expect(numbersIn('le 1 juillet 2023, 12,5 % et 3 segments').map((n) => n.figure)).toEqual([12.5]);
  });

  it('the reference figures are those of the first sentence that prints one', () => {
    const refs = referenceNumbers('The 10-Q is clear. Cash from operations was $23.198 billion. Later: $5 million.');
    expect(refs.map((r) => r.text)).toEqual(['$23.198 billion']);
    expect(referenceNumbers('No figure here at all, see the 10-Q of 2023.')).toEqual([]);
  });

  it('an answer prints the number with its scale or as the bare figure of a table, not a near miss', () => {
    const [ref] = referenceNumbers('Net cash from operations was $23.198 billion.');
    expect(printsNumber('Net cash from operations, 2022: $23,198 million [1]', ref)).toBe(true);
    expect(printsNumber('Net cash from operating activities 23,198', ref)).toBe(true);
    expect(printsNumber('Net cash from operating activities 23,918', ref)).toBe(false);
    const [pct] = referenceNumbers('The rate was 12.5%.');
    expect(printsNumber('effective tax rate 12.5 %', pct)).toBe(true);
    expect(printsNumber('12.5 million units', pct)).toBe(false);
  });
});

describe('questions asking for a value', () => {
  it('is the wording of the question, not what the reference prints', () => {
    const q = (question: string) => ({
      id: 1,
      question,
      sources: [],
      needed: ['a.pdf'],
      answer: 'It was $5 million.',
      type: null,
    });
    expect(asksForValue(q('What was the gross margin in the latest 10-Q?'))).toBe(true);
    expect(asksForValue(q('How much did R&D cost?'))).toBe(true);
    expect(asksForValue(q("Quel est le montant du chiffre d'affaires ?"))).toBe(true);
    expect(asksForValue(q('What changes in debt did Acme disclose?'))).toBe(false);
    expect(asksForValue({ ...q('How much did R&D cost?'), answer: 'Not disclosed.' })).toBe(false);
  });
});

describe('a document-QA set', () => {
  it('loads the CSV (quoted, multi-line answers), matches globs to files, and scores hits and answers', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lucarne-docqa-'));
    try {
      mkdirSync(join(dir, 'docs'));
      for (const f of ['2023 Q1 ACME.pdf', '2023 Q2 ACME.pdf', '2023 Q2 OTHER.pdf'])
        writeFileSync(join(dir, 'docs', f), '');
      writeFileSync(
        join(dir, 'qna.csv'),
        '\ufeffQuestion,Source Docs,Question Type,Answer\n' +
          '"What were Acme\'s sales in Q2 2023?",*2023 Q2 ACME*,Single,"Sales were $1,234 million.\n\nSOURCE: 2023 Q2 ACME.pdf"\n' +
          'How did Acme change?,*ACME*,Multi,It grew.\n',
      );
      const set = loadDocQa(dir);
      expect(set.documents).toHaveLength(3);
      expect(set.questions.map((q) => q.needed)).toEqual([
        ['2023 Q2 ACME.pdf'],
        ['2023 Q1 ACME.pdf', '2023 Q2 ACME.pdf'],
      ]);
      const [numeric, multi] = set.questions;
      const hit = (file: string, text: string) => ({ path: join(dir, 'docs', file), text, page: 3 });
      const good = scoreQuestion(
        numeric,
        [hit('2023 Q2 OTHER.pdf', 'x'), hit('2023 Q2 ACME.pdf', 'Sales 1,234')],
        'Sales: $1,234 million [2]',
      );
      expect(good).toMatchObject({ numeric: true, documentInTop: true, evidenceInTop: true, answerHasNumber: true });
      const bad = scoreQuestion(numeric, [hit('2023 Q1 ACME.pdf', 'Sales 1,234')], 'I could not find the answer.');
      expect(bad).toMatchObject({ documentInTop: false, evidenceInTop: false, answerHasNumber: false });
      const m = scoreQuestion(multi, [hit('2023 Q1 ACME.pdf', 'grew')], null);
      expect(m).toMatchObject({ numeric: false, documentInTop: true, evidenceInTop: null, answerHasNumber: null });
      const report = summarise(set, 5, [good, m], 2);
      expect(report.singleDocument).toEqual({ questions: 1, inTop: 1 });
      expect(report.multiDocument).toEqual({ questions: 1, inTop: 1 });
      expect(report.numeric).toEqual({ questions: 1, evidenceInTop: 1, answered: 1, answerHasNumber: 1 });
      // "What were Acme's sales…" asks for a value in so many words.
      expect(report.asksForValue).toEqual({ questions: 1, evidenceInTop: 1, answered: 1, answerHasNumber: 1 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says what is missing from a CSV without the needed columns', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lucarne-docqa-'));
    try {
      writeFileSync(join(dir, 'q.csv'), 'Prompt,Reply\na,b\n');
      expect(() => loadDocQa(dir)).toThrow(/needs the columns Question, Source Docs and Answer/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
