// Table rows found by their labels, and "the latest report": generated quarterly reports of one company
// (prose that repeats the statement's words, and the statement as table rows "Label | Header: value"),
// indexed in the real store, FAISS index and offline embedder.
import { basename } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OfflineEmbedder } from '../embed/offline';
import { documentRefs } from './doc-refs';
import { hybridSearch } from './hybrid';
import { asksForLatest, periodEnd } from './latest';
import { rowLabelEvidence, tableRows } from './row-labels';
import { createTestLibrary, type TestLibrary } from './test-support/test-library';

const PROSE = [
  'Gross margin discussion. Our gross margin in the quarter reflected product mix and pricing; gross margin ' +
    'percentage fell as costs rose. Management expects gross margin pressure to continue, and the gross margin ' +
    'outlook depends on the cost of components and on the margin of our services.',
  'Capital expenditure plans. We expect capital expenditure to grow as we build new factories; capital ' +
    'expenditure will be funded by operating cash. Capital expenditure discipline remains a priority of the ' +
    'board, which reviews every capital expenditure above a threshold.',
];

function statement(quarter: string, gross: string, capex: string): string {
  const h = `Three Months Ended ${quarter}`;
  return [
    `(In millions) | ${h} | Three Months Ended Prior Year`,
    `(In millions): Net revenue | ${h}: 14,158 | Three Months Ended Prior Year: 15,338`,
    `(In millions): Cost of sales | ${h}: 8,140 | Three Months Ended Prior Year: 8,803`,
    `(In millions): Gross margin | ${h}: ${gross} | Three Months Ended Prior Year: 6,535`,
    `(In millions): Research and development | ${h}: 3,870 | Three Months Ended Prior Year: 4,302`,
    `(In millions): Purchases of property, plant and equipment | ${h}: (${capex}) | Three Months Ended Prior Year: (6,110)`,
  ].join('\n');
}

function report(quarter: string, gross: string, capex: string): string {
  return [
    `# Northwind Corporation quarterly report, quarter ended ${quarter}`,
    // Long enough to be chunks of their own, as a report's pages of discussion are.
    `## Management discussion\n\n${Array(6).fill(PROSE[0]).join('\n\n')}`,
    `## Investments\n\n${Array(6).fill(PROSE[1]).join('\n\n')}`,
    `## Condensed statements of income\n\n${statement(quarter, gross, capex)}`,
  ].join('\n\n');
}

// The newest report neither first nor last, so neither the order of ids nor of insertion can pick it.
const FILES = [
  { path: 'Northwind 2023 Q2 report.md', quarter: 'July 1, 2023', gross: '5,404', capex: '5,120' },
  { path: 'Northwind 2023 Q3 report.md', quarter: 'September 30, 2023', gross: '6,018', capex: '5,873' },
  { path: 'Northwind 2022 Q4 report.md', quarter: 'December 31, 2022', gross: '4,123', capex: '6,999' },
];

let lib: TestLibrary;

beforeAll(async () => {
  lib = await createTestLibrary(
    new OfflineEmbedder(),
    FILES.map((f) => ({ path: f.path, kind: 'markdown' as const, text: report(f.quarter, f.gross, f.capex) })),
  );
  // Another company's newer report that names Northwind once: "Northwind's latest report" is not it.
  await lib.add({
    path: 'Contoso 2024 Q1 report.md',
    kind: 'markdown',
    text: `# Contoso quarterly report\n\nOur gross margin grew; Northwind remains a supplier.\n\n${PROSE[1]}`,
  });
}, 60_000);
afterAll(async () => {
  await lib?.close();
});

const search = (query: string, weights = {}) => hybridSearch(lib, { query, k: 5, mode: 'hybrid', weights });

describe('row labels', () => {
  it('read a row label without the table’s top-left header, and its columns’ periods', () => {
    const rows = tableRows(statement('September 30, 2023', '6,018', '5,873'));
    expect(rows.map((r) => r.label.length)).toEqual([2, 2, 2, 2, 4]);
    expect([...rows[2].periods]).toContain('yr2023');
  });

  it('score the row the question names above rows that share a word, and prose not at all', () => {
    const docs = [
      { id: 1, text: 'Gross margin | 2023: 6,018 | 2022: 6,535', headings: [] },
      { id: 2, text: 'Non-GAAP gross margin percentage | 2023: 45.8 % | 2022: 45.9 %', headings: [] },
      { id: 3, text: PROSE[0], headings: [] },
      { id: 4, text: 'Purchases of property, plant and equipment | 2018: (1,577) | 2017: (1,373)', headings: [] },
    ];
    const gross = rowLabelEvidence('What was the gross margin in 2023?', docs);
    expect(gross.get(1)).toBeGreaterThan(gross.get(2) ?? 0);
    expect(gross.has(3)).toBe(false);
    // Through the synonym lexicon, and the column of the year asked for counts more than another.
    const capex = rowLabelEvidence('capital expenditure 2018', docs);
    expect(capex.get(4)).toBeGreaterThan(0);
    expect(capex.get(4)).toBeGreaterThan(rowLabelEvidence('capital expenditure 2020', docs).get(4)!);
  });

  it('bring the statement row into the first hit instead of prose that repeats the words', async () => {
    for (const q of [
      "What was Northwind's gross margin in Q3 2023?",
      'Northwind capital expenditure in the 2023 Q3 report',
    ]) {
      const hits = await search(q);
      expect(basename(hits[0].chunk.path)).toBe('Northwind 2023 Q3 report.md');
      expect(hits[0].chunk.text).toContain('Gross margin | Three Months Ended September 30, 2023: 6,018');
      // Without the row-label evidence, prose comes first.
      expect((await search(q, { row: 0 }))[0].chunk.text).not.toContain(' | ');
    }
  });
});

describe('the latest document', () => {
  it('tell questions that ask for the newest document, in English and French', () => {
    for (const q of [
      "Apple's latest 10-Q",
      'the most recent report',
      'le dernier rapport de Best Buy',
      'dans son dernier trimestre',
      'le rapport le plus récent',
    ]) {
      expect(asksForLatest(q)).toBe(true);
    }
    for (const q of ['the last time we met', 'lors du premier trimestre', 'Q3 2023 revenue']) {
      expect(asksForLatest(q)).toBe(false);
    }
  });

  it('order periods by their end, a year by its most precise part', () => {
    expect(periodEnd(['q3y2023', 'yr2023'])).toBeGreaterThan(periodEnd(['q2y2023', 'yr2023'])!);
    expect(periodEnd(['yr2023'])).toBeGreaterThan(periodEnd(['q3y2023', 'yr2023'])!);
    expect(periodEnd(['m202212', 'yr2022'])).toBeLessThan(periodEnd(['q1y2023', 'yr2023'])!);
    expect(periodEnd(['card', 'words'])).toBeNull();
  });

  it("give the newest of the named documents the prior: 'latest', 'le plus récent'", async () => {
    const newest = lib.docs.get('docs/Northwind 2023 Q3 report.md');
    for (const q of [
      "What was Northwind's gross margin in the latest report?",
      'Quelle était la marge brute de Northwind dans le rapport le plus récent ?',
    ]) {
      const refs = documentRefs(lib.store, q, undefined)!;
      expect(refs.top[0]).toBe(newest);
      expect(refs.prior.get(newest!)).toBe(1);
      for (const [id, p] of refs.prior) if (id !== newest) expect(p).toBeLessThan(0.5);
    }
    const hits = await search("What was Northwind's gross margin in the latest report?");
    expect(basename(hits[0].chunk.path)).toBe('Northwind 2023 Q3 report.md');
    // Without "latest", the three reports are named alike (and Contoso's, newer, barely: it must not win).
    const plain = documentRefs(lib.store, "What was Northwind's gross margin in the report?", undefined)!;
    expect(FILES.map((f) => plain.prior.get(lib.docs.get(`docs/${f.path}`)!))).toEqual([1, 1, 1]);
    expect(plain.prior.get(lib.docs.get('docs/Contoso 2024 Q1 report.md')!)).toBeGreaterThan(0);
  });
});
