// Test PDFs with tables, drawn with pdf-lib (a devDependency): each cell is placed by position, as a
// report generator would, so the parser sees only text pieces and their coordinates.
import { PDFDocument, type PDFFont, StandardFonts } from 'pdf-lib';

export type Align = 'left' | 'right';

export interface TableSpec {
  /** Lines drawn above the table (a title, an intro). */
  before?: string[];
  header: string[];
  /** A cell may hold several lines (a wrapped description): "line one\nline two". */
  rows: string[][];
  /** Left edge of each column, in points from the page's left side. */
  columns: number[];
  align?: Align[];
  /** Width of right-aligned columns (their right edge is columns[i] + width). */
  width?: number;
  after?: string[];
  size?: number;
  /** Distance between two rows; a wrapped cell's lines are 1.15 font sizes apart within its row. */
  pitch?: number;
}

const PAGE_W = 595;
const PAGE_H = 842;
const MARGIN = 60;

/**
 * A PDF with one table in Helvetica (WinAnsi: French accents). A table longer than a page goes on over the
 * next pages, its header row drawn again at the top of each, as report generators do.
 */
export async function tablePdf(spec: TableSpec): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const size = spec.size ?? 10;
  const pitch = spec.pitch ?? size * 1.8;
  let page = pdf.addPage([PAGE_W, PAGE_H]);
  let y = PAGE_H - MARGIN;
  /** Moves down by `height`, on a new page if this one is full; says whether a page was added. */
  const advance = (height: number): boolean => {
    const full = y - height < MARGIN;
    if (full) {
      page = pdf.addPage([PAGE_W, PAGE_H]);
      y = PAGE_H - MARGIN;
    }
    y -= height;
    return full;
  };
  const drawRow = (row: string[]) => {
    const lines = Math.max(...row.map((c) => c.split('\n').length));
    const top = y + (lines - 1) * size * 1.15;
    row.forEach((cell, i) => {
      cell.split('\n').forEach((line, k) => {
        page.drawText(line, { x: cellX(spec, i, line, font, size), y: top - k * size * 1.15, size, font });
      });
    });
  };
  const rowHeight = (row: string[]) => pitch + (Math.max(...row.map((c) => c.split('\n').length)) - 1) * size * 1.15;
  for (const text of spec.before ?? []) {
    advance(size * 1.6);
    page.drawText(text, { x: MARGIN, y, size, font });
  }
  advance(size);
  advance(pitch);
  drawRow(spec.header);
  for (const row of spec.rows) {
    if (advance(rowHeight(row))) {
      drawRow(spec.header);
      advance(rowHeight(row));
    }
    drawRow(row);
  }
  for (const text of spec.after ?? []) {
    advance(size * 1.6);
    page.drawText(text, { x: MARGIN, y, size, font });
  }
  return pdf.save();
}

function cellX(spec: TableSpec, column: number, text: string, font: PDFFont, size: number): number {
  const left = spec.columns[column];
  if (spec.align?.[column] !== 'right') return left;
  return left + (spec.width ?? 60) - font.widthOfTextAtSize(text, size);
}

/** Product names: six kinds of lamp × twenty model names, "Brass lantern Aurora", "Desk lamp Aurora"... */
export function lampName(i: number, kinds = LAMP_KINDS): string {
  return `${kinds[i % kinds.length]} ${MODELS[Math.floor(i / kinds.length) % MODELS.length]}`;
}

/** A price list of `count` lamps: reference, name, price in euros (right-aligned), stock. */
export function lampPriceList(count: number): TableSpec {
  const rows = Array.from({ length: count }, (_, i) => [
    `LX-${4400 + i}`,
    lampName(i),
    `${(12 + ((i * 37) % 190) + (i % 4) * 0.25).toFixed(2)}`,
    `${(i * 13) % 97}`,
  ]);
  return {
    before: ['Price list 2024', 'All prices include taxes. Stock is counted every Monday morning.'],
    header: ['Reference', 'Product', 'Price (EUR)', 'Stock'],
    rows,
    columns: [60, 160, 330, 440],
    align: ['left', 'left', 'right', 'right'],
    width: 60,
    after: ['Prices may change without notice.'],
  };
}

const LAMP_KINDS = ['Brass lantern', 'Desk lamp', 'Ceiling light', 'Garden torch', 'Reading lamp', 'Floor lamp'];
export const LAMPES = [
  'Lanterne en laiton',
  'Lampe de bureau',
  'Plafonnier',
  'Torche de jardin',
  'Lampe de chevet',
  'Lampadaire',
];
const MODELS = (
  'Aurora Boreal Cedar Dune Ember Fjord Glacier Harbor Iris Juniper Kestrel Lagoon Meadow Nimbus Orchid Prairie ' +
  'Quartz Raven Sierra Tundra'
).split(' ');
