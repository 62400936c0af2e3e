// Tables found by position in generated PDFs (pdf-lib), on hand-made pieces, and never in prose fixtures.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ParsedDocument } from '../types';
import { parseDocx } from './docx';
import { parsePdf } from './pdf';
import type { TextPiece } from './pdf-layout';
import { findTables } from './pdf-tables';
import { lampPriceList, type TableSpec, tablePdf } from './test-support/pdf-tables-fixtures';
import { expectWellFormed, fixture } from './test-support/helpers';

const read = (name: string) => new Uint8Array(readFileSync(fixture(name)));

/** The table-row blocks of a document as text, the header row marked with a leading "#". */
function tableRows(doc: ParsedDocument): string[] {
  return doc.blocks
    .filter((b) => b.kind === 'table-row')
    .map((b) => `${b.header ? '# ' : ''}${doc.text.slice(b.start, b.end)}`);
}

async function parsedTable(spec: TableSpec): Promise<ParsedDocument> {
  const doc = await parsePdf(await tablePdf(spec));
  expectWellFormed(doc);
  return doc;
}

describe('PDF tables by position', () => {
  it('reads a price list as a header row and one labelled row per item, with right-aligned figures', async () => {
    const doc = await parsedTable(lampPriceList(8));
    const rows = tableRows(doc);
    expect(rows).toHaveLength(9);
    expect(rows[0]).toBe('# Reference | Product | Price (EUR) | Stock');
    expect(rows[1]).toBe('Reference: LX-4400 | Product: Brass lantern Aurora | Price (EUR): 12.00 | Stock: 0');
    expect(rows[8]).toBe('Reference: LX-4407 | Product: Desk lamp Boreal | Price (EUR): 81.75 | Stock: 91');
    expect(new Set(doc.blocks.filter((b) => b.kind === 'table-row').map((b) => b.table))).toEqual(new Set([0]));
    // The text around the table stays paragraphs, in reading order.
    const paragraphs = doc.blocks.filter((b) => b.kind !== 'table-row').map((b) => doc.text.slice(b.start, b.end));
    expect(paragraphs[0]).toContain('Price list 2024');
    expect(paragraphs.at(-1)).toBe('Prices may change without notice.');
    expect(doc.text.indexOf('Price list 2024')).toBeLessThan(doc.text.indexOf('LX-4400'));
  });

  it('joins the lines of a wrapped cell into its row', async () => {
    const spec = lampPriceList(7);
    spec.rows[2][1] = 'Ceiling light with a\nfrosted glass shade';
    const rows = tableRows(await parsedTable(spec));
    expect(rows).toHaveLength(8);
    expect(rows[3]).toBe(
      'Reference: LX-4402 | Product: Ceiling light with a frosted glass shade | Price (EUR): 86.50 | Stock: 26',
    );
  });

  it('keeps ragged rows: a missing cell is left out of its row', async () => {
    const spec = lampPriceList(6);
    spec.rows[1][3] = '';
    const rows = tableRows(await parsedTable(spec));
    expect(rows[2]).toBe('Reference: LX-4401 | Product: Desk lamp Aurora | Price (EUR): 49.25');
  });

  it('reads a French timetable with accents (WinAnsi)', async () => {
    const spec: TableSpec = {
      before: ['Horaires de la ligne 12 — été'],
      header: ['Gare', 'Départ', 'Arrivée', 'Tarif (€)'],
      rows: ['Besançon', 'Épinal', 'Orléans', 'Nîmes', 'Sète', 'Créteil'].map((town, i) => [
        town,
        `${7 + i}h05`,
        `${8 + i}h40`,
        `${12 + i},50`,
      ]),
      columns: [60, 200, 290, 380],
      align: ['left', 'left', 'left', 'right'],
    };
    const rows = tableRows(await parsedTable(spec));
    expect(rows[0]).toBe('# Gare | Départ | Arrivée | Tarif (€)');
    expect(rows[4]).toBe('Gare: Nîmes | Départ: 10h05 | Arrivée: 11h40 | Tarif (€): 15,50');
    expect(rows).toHaveLength(7);
  });

  it('reads a table continued over pages, its header repeated on each, as one table per page', async () => {
    const doc = await parsedTable(lampPriceList(120));
    expect(doc.pages.length).toBeGreaterThan(2);
    const rows = tableRows(doc);
    expect(rows.filter((r) => r.startsWith('Reference: LX-'))).toHaveLength(120);
    const headers = rows.filter((r) => r.startsWith('# '));
    expect(headers).toHaveLength(doc.pages.length);
    expect(new Set(headers)).toEqual(new Set(['# Reference | Product | Price (EUR) | Stock']));
  });
});

describe('what is not a table', () => {
  function piece(str: string, x: number, y: number, w = str.length * 5): TextPiece {
    return { str, x, y, w, size: 10, rtl: false };
  }

  it('leaves two columns of prose alone', () => {
    const pieces = Array.from({ length: 12 }, (_, k) => [
      piece(`left line ${k} of the first column, long enough to be prose`, 50, 100 + 12 * k, 230),
      piece(`right line ${k} of the second column, long enough as well`, 320, 100 + 12 * k, 230),
    ]).flat();
    expect(findTables(pieces)).toEqual([]);
  });

  it('leaves a table of contents alone (its first line is an entry, not a header)', () => {
    const entries = ['Preface', 'Introduction', 'Creators', 'Mere copyists', 'Catalogs', 'Pirates'];
    const pieces = entries.flatMap((e, k) => [piece(e, 50, 100 + 14 * k), piece(`${k * 12 + 1}`, 400, 100 + 14 * k)]);
    expect(findTables(pieces)).toEqual([]);
  });

  it('finds no table in the two-column tracemonkey paper nor in the book Free Culture', async () => {
    for (const name of ['pdfjs__tracemonkey.pdf', 'pdfjs__freeculture.pdf']) {
      const doc = await parsePdf(read(name));
      expect(doc.verdict).toBe('ok');
      expect(tableRows(doc)).toEqual([]);
    }
  }, 60_000);
});

describe('Word tables still come out as rows with headers', () => {
  it('mammoth__tables.docx', async () => {
    const doc = await parseDocx(read('mammoth__tables.docx'));
    expect(tableRows(doc)).toEqual(['# Top left | Top right', 'Top left: Bottom left | Top right: Bottom right']);
  });

  it('unstr__tables-with-incomplete-rows.docx: a short row keeps the labels of the cells it has', async () => {
    const rows = tableRows(await parseDocx(read('unstr__tables-with-incomplete-rows.docx')));
    expect(rows.slice(0, 2)).toEqual(['# a | b', 'a: c | b: d']);
    expect(rows).toContain('# a | b | c');
    expect(rows).toContain('a: d');
    expect(rows).toContain('a: e | c: f');
  });
});

describe('tables and headings', () => {
  it('does not count a table set in a large font among the heading sizes', async () => {
    const { PDFDocument, StandardFonts } = await import('pdf-lib');
    const pdf = await PDFDocument.create();
    const font = await pdf.embedFont(StandardFonts.Helvetica);
    const page = pdf.addPage([595, 842]);
    let y = 790;
    const line = (text: string, size: number, x = 60) => page.drawText(text, { x, y, size, font });
    line('Annual figures', 20);
    y -= 50;
    // A short table at 16 pt: bigger than the body text, smaller than the title, as short as a heading.
    for (const [name, value] of [
      ['Region', 'Sales'],
      ['North', '1200'],
      ['South', '980'],
    ]) {
      line(name, 16);
      line(value, 16, 300);
      y -= 28;
    }
    y -= 20;
    line('Details', 14);
    y -= 30;
    for (let i = 0; i < 12; i++) {
      line(`Body text line ${i + 1} tells how the sales were counted in each region of the country.`, 10);
      y -= 14;
    }
    const doc = await parsePdf(await pdf.save());
    expectWellFormed(doc);
    expect(tableRows(doc)[0]).toBe('# Region | Sales');
    const headings = doc.blocks
      .filter((b) => b.kind === 'heading')
      .map((b) => [doc.text.slice(b.start, b.end), b.level]);
    expect(headings).toEqual([
      ['Annual figures', 1],
      ['Details', 2],
    ]);
  });
});
