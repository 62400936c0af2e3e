// The cells of the tables in a passage, read back from its text: parsers write each table row as one line
// "Row label | Column header: value | Column header: value" (parse/table-rows.ts), a row naming a section as
// its label alone ("Operating expenses:"), and the chunker puts a table's caption and header row in the
// chunk's heading path when they are not in its text (chunk/table-headers.ts). So a cell is addressed as
// (row label, column header, value), with the table's scale ("In millions") from its caption, without any
// structure stored beside the text.
import { SCALE_STATEMENT } from '../chunk/table-headers';

export interface TableCellValue {
  /** The row's label: its text cells joined ("Purchases of property, plant and equipment"). */
  label: string;
  /** The section row above it in the same passage ("Investing activities:"), if any. */
  section: string | null;
  /** The column header as printed ("Three Months Ended July 1, 2023"). */
  header: string;
  /** The value as printed ("$60,584", "(1,577)", "12.5%"). */
  value: string;
  /** The table's scale word ("millions", "thousands", "milliers"…), when its caption states one. */
  scale: string | null;
  /** The row's order in the passage: earlier rows of a statement are read first on ties. */
  row: number;
  /** The value's place among the row's values, left to right (the current period usually comes first). */
  column: number;
  /** The other value cells of the same row. */
  siblings: { header: string; value: string }[];
}

/** A figure: an amount, a percentage, a count ("$ (1,577)", "12.5 %", "—" is not one). */
const FIGURE = /^[(−–-]?\s*[$€£¥]?\s*[(−–-]?\s*\d[\d,.  ]*\s*%?\s*\)?\s*(?:€|%)?$/u;

export function isFigure(text: string): boolean {
  return FIGURE.test(text.trim());
}

/** "millions" from "(In millions, except per share amounts)", "milliers" from "en milliers d'euros". */
export function scaleOf(text: string): string | null {
  const m = SCALE_STATEMENT.exec(text);
  if (!m) return null;
  const word = /(millions?|thousands?|billions?|milliers|milliards)/i.exec(m[0]);
  return word ? word[1].toLowerCase() : null;
}

/** A figure the scale does not apply to: a per-share amount, a percentage, a count of shares. */
export function scaleApplies(label: string, value: string, caption: string): boolean {
  if (/%/.test(value)) return false;
  if (
    /except\s+(?:[\w\s,]*\s)?per[\s-]share/i.test(caption) &&
    /per[\s-]share|earnings\s+per|\beps\b|par\s+action/i.test(label)
  )
    return false;
  return true;
}

/** Splits "Column header: value" at the last ": " before a figure. */
function splitCell(part: string): { header: string; value: string } | null {
  const at = part.lastIndexOf(': ');
  if (at < 0) return null;
  const value = part.slice(at + 2).trim();
  return isFigure(value) ? { header: part.slice(0, at).trim(), value } : null;
}

/** Cells of the table rows in `text`; `context` (heading path entries, caption lines) gives the scale. */
export function tableCells(text: string, context: readonly string[] = []): TableCellValue[] {
  const out: TableCellValue[] = [];
  const lines = text.split(/\n+/).map((l) => l.trim());
  let scaleLine = context.find((c) => scaleOf(c) !== null) ?? '';
  let section: string | null = null;
  lines.forEach((line, row) => {
    if (line === '') return;
    const parts = line.split(' | ');
    const cells = parts.map(splitCell);
    const values = cells.filter((c): c is { header: string; value: string } => c !== null);
    if (values.length === 0) {
      // Prose or a caption above the table states the scale; a short line alone may name a section.
      if (scaleOf(line)) scaleLine = line;
      section = parts.length === 1 && line.length <= 120 ? line.replace(/:\s*$/, '') : null;
      return;
    }
    // The row's label: its cells that are not figures, "Header: text" said as the text.
    const label = parts
      .filter((_, i) => cells[i] === null)
      .map((p) => p.trim())
      .join(' ')
      .trim();
    if (label === '') return;
    const scale = scaleOf(scaleLine);
    for (const [column, v] of values.entries()) {
      out.push({
        column,
        label,
        section,
        header: v.header,
        value: v.value,
        scale:
          (scaleOf(v.header) ?? scale) && scaleApplies(label, v.value, scaleLine) ? (scaleOf(v.header) ?? scale) : null,
        row,
        siblings: values.filter((o) => o !== v),
      });
    }
  });
  return out;
}
