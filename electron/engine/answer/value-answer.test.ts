// Value questions answered from table cells: a generated PDF laid out like a filing's cash-flow statement
// goes through the real PDF parser, chunker, store, hybrid search and the offline generator; the answer is
// the cell's value with its row, column, scale and citation, in the question's language, and "not found" or
// sentences (never a guessed figure) when no row names what is asked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OfflineEmbedder } from '../embed/offline';
import { parsePdf } from '../parse/pdf';
import { CASH_FLOWS, statementPdf } from '../parse/test-support/statement-pdf';
import { hybridSearch } from '../search/hybrid';
import { createTestLibrary, type TestLibrary } from '../search/test-support/test-library';
import type { ContextPassage } from '../types';
import { ExtractiveGenerator } from './extractive';
import { detectLanguage } from './language';
import { withoutAnswerTypeWords } from './question';
import { tableCells } from './table-cells';
import { valueQuestion } from './value-question';

let lib: TestLibrary;

const NOTES =
  'Capital allocation. The company invested in its plants and research; capital expenditure plans for the ' +
  'coming years depend on demand. Our operations span many countries and our employees number in the thousands.';

beforeAll(async () => {
  lib = await createTestLibrary(new OfflineEmbedder());
  await lib.add({ path: 'annual-2018.pdf', text: '', parsed: await parsePdf(await statementPdf(CASH_FLOWS)) });
  await lib.add({ path: 'notes.txt', text: NOTES });
}, 60_000);
afterAll(async () => {
  await lib?.close();
});

async function ask(question: string): Promise<string> {
  const hits = await hybridSearch(lib, { query: withoutAnswerTypeWords(question), k: 5, mode: 'hybrid' });
  const passages: ContextPassage[] = hits.map((h, i) => ({
    n: i + 1,
    chunkId: h.chunk.id,
    documentId: h.chunk.documentId,
    path: h.chunk.path,
    pageStart: h.chunk.pageStart,
    pageEnd: h.chunk.pageEnd,
    pageLabel: h.chunk.pageLabel,
    charStart: h.chunk.charStart,
    charEnd: h.chunk.charEnd,
    text: h.chunk.text,
    headingPath: h.chunk.headingPath,
  }));
  let text = '';
  const language = detectLanguage(question);
  for await (const e of new ExtractiveGenerator().generate({
    question,
    history: [],
    passages,
    system: '',
    prompt: '',
    language,
  })) {
    if (e.type === 'text') text += e.text;
  }
  return text;
}

describe('value questions', () => {
  it('tells value questions from questions that want an explanation, in English and French', () => {
    expect(valueQuestion('What is the FY2018 capital expenditure amount?')?.period.years).toEqual([2018]);
    expect(valueQuestion('Combien la société a-t-elle investi en 2017 ?')?.kind).toBe('value');
    expect(valueQuestion("Quel est le montant du chiffre d'affaires au T3 2023 ?")?.period.quarter).toBe(3);
    expect(valueQuestion('How much did R&D cost in the nine months ended July 1, 2023?')?.period.months).toBe(9);
    expect(valueQuestion('What are the main factors behind the change in gross margin?')).toBeNull();
    expect(valueQuestion('Why did revenue fall?')).toBeNull();
    expect(
      valueQuestion('What effective tax rate did the company report, and how does this compare to last year?')?.kind,
    ).toBe('value');
  });

  it('reads the statement as a table: row labels, three-line column headers, "$" joined to its figure', () => {
    const chunks = lib.store.getChunks([...Array(50).keys()].map((i) => i + 1));
    const cells = chunks.flatMap((c) => tableCells(c.text, c.headingPath));
    const capex = cells.find((c) => c.label.startsWith('Purchases of property') && c.header.includes('2018'));
    expect(capex).toMatchObject({
      label: 'Purchases of property, plant and equipment (PP&E)',
      header: 'Years ended December 31, 2018',
      value: '$(1,577)',
      scale: 'millions',
    });
    expect(capex?.siblings).toEqual([{ header: 'Years ended December 31, 2017', value: '$(1,373)' }]);
  });

  it('answers "capital expenditure" with the PP&E purchases row, the asked year, its scale and a citation', async () => {
    const answer = await ask('What is the FY2018 capital expenditure amount?');
    expect(answer).toMatch(
      /Purchases of property, plant and equipment \(PP&E\), Years ended December 31, 2018: \$\(1,577\) million \[\d\]/,
    );
    // The other year is named as another value of the row, not as the answer.
    expect(answer).toContain('Other values in this row: Years ended December 31, 2017: $(1,373) million');
  });

  it('answers in French with the column of the year asked, through the synonym lexicon', async () => {
    const answer = await ask("Quel est le montant des dépenses d'investissement en 2017 ?");
    expect(answer.startsWith("D'après vos documents :")).toBe(true);
    expect(answer).toContain('Years ended December 31, 2017: $(1,373) million');
  });

  it('answers the most recent year when the question names none', async () => {
    const answer = await ask('How much was the net cash provided by operating activities?');
    expect(answer).toContain('Net cash provided by operating activities, Years ended December 31, 2018: 6,439 million');
  });

  it('gives no figure when no row names what is asked', async () => {
    const answer = await ask('How much was paid in dividends in 2018?');
    expect(answer).not.toMatch(/\d,\d{3}/);
  });
});
