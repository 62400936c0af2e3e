// A test PDF laid out like a filing's financial statement, drawn with pdf-lib: a title and a scale line, a
// header over three lines ("Years Ended" / "December 31," / "2018 | 2017"), a label column, right-aligned
// figures with the currency sign in a piece of its own ("$" … "1,577"), section rows ("Investing
// activities:") and blank space between groups of rows. Nothing of it is a real company's.
import { PDFDocument, StandardFonts } from 'pdf-lib';

export interface StatementLine {
  label: string;
  /** One figure per column, as printed; absent for a section row. */
  figures?: string[];
  /** The first row of a group: a "$" before each figure, and a blank line above. */
  dollar?: boolean;
  indent?: number;
}

export interface StatementSpec {
  title: string;
  scale: string;
  /** Header lines above the figure columns, top to bottom; a line of one cell spans every column. */
  header: string[][];
  lines: StatementLine[];
  after?: string;
}

const PAGE_W = 612;
const PAGE_H = 792;
const SIZE = 8;
const PITCH = 11;
const FIGURE_RIGHT = [420, 500];

export async function statementPdf(spec: StatementSpec): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const page = pdf.addPage([PAGE_W, PAGE_H]);
  let y = PAGE_H - 80;
  const text = (s: string, x: number) => page.drawText(s, { x, y, size: SIZE, font });
  const right = (s: string, r: number) => text(s, r - font.widthOfTextAtSize(s, SIZE));
  const centred = (s: string, mid: number) => text(s, mid - font.widthOfTextAtSize(s, SIZE) / 2);
  centred(spec.title, PAGE_W / 2);
  y -= PITCH;
  centred(spec.scale, PAGE_W / 2);
  y -= 2 * PITCH;
  for (const line of spec.header) {
    if (line.length === 1) centred(line[0], (FIGURE_RIGHT[0] + FIGURE_RIGHT[1]) / 2 - 15);
    else
      line.forEach((cell, i) => {
        centred(cell, FIGURE_RIGHT[i] - 15);
      });
    y -= PITCH;
  }
  for (const line of spec.lines) {
    if (line.dollar) y -= PITCH;
    text(line.label, 40 + (line.indent ?? 0));
    line.figures?.forEach((figure, i) => {
      if (line.dollar) text('$', FIGURE_RIGHT[i] - 55);
      right(figure, FIGURE_RIGHT[i]);
    });
    y -= PITCH;
  }
  if (spec.after) {
    y -= PITCH;
    text(spec.after, 40);
  }
  return pdf.save();
}

/** A cash-flow statement with made-up figures: capital expenditure is "Purchases of property, plant and equipment (PP&E)". */
export const CASH_FLOWS: StatementSpec = {
  title: 'Consolidated Statement of Cash Flows',
  scale: '(Dollars in millions)',
  header: [['Years ended'], ['December 31,', 'December 31,'], ['2018', '2017']],
  lines: [
    { label: 'Cash Flows from Operating Activities', figures: undefined },
    { label: 'Net income including noncontrolling interest', figures: ['5,363', '4,869'], dollar: true, indent: 8 },
    { label: 'Depreciation and amortization', figures: ['1,488', '1,544'], indent: 8 },
    { label: 'Net cash provided by operating activities', figures: ['6,439', '6,240'], indent: 16 },
    { label: 'Cash Flows from Investing Activities', figures: undefined },
    {
      label: 'Purchases of property, plant and equipment (PP&E)',
      figures: ['(1,577)', '(1,373)'],
      dollar: true,
      indent: 8,
    },
    { label: 'Proceeds from sale of PP&E and other assets', figures: ['262', '49'], indent: 8 },
    { label: 'Net cash provided by (used in) investing activities', figures: ['222', '(3,086)'], indent: 16 },
  ],
  after: 'The accompanying Notes are an integral part of this statement.',
};
