// Excel workbooks (.xlsx) through exceljs: each sheet becomes a heading (its name) and one table of its
// used range, empty rows and columns left out, merged cells said once. Values read as the user sees
// them: dates as ISO dates, formulas by their cached result, rich text and hyperlinks by their text.
// Charts, pictures, comments and pivot caches are not read.
import ExcelJS from 'exceljs';
import type { ParsedDocument } from '../types';
import { DocumentBuilder } from './builder';
import { describe, parseErrors } from './errors';
import { documentTitle, type OoxmlFormat, openOoxml } from './ooxml';
import type { TableRow } from './table-rows';
import { checkDeclaredSizes } from './zip';

const XLSX: OoxmlFormat = {
  label: 'This Excel workbook',
  app: 'Excel',
  root: 'workbook',
  extension: '.xlsx',
  fallbackMain: 'xl/workbook.xml',
  legacy: 'an old-style Excel 97–2003 workbook (.xls)',
};

/** Cells read over the whole workbook before the rest is left out (and the document flagged truncated). */
export const MAX_CELLS = 200_000;

type ValueKind = 'text' | 'number' | 'date' | 'boolean';

interface ShownValue {
  text: string;
  kind: ValueKind;
}

interface SheetCell extends ShownValue {
  bold: boolean;
}

/** A merged range, 1-based and inclusive. */
interface Range {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** A number format's first section without quoted literals, escapes, colours and locales. */
function formatCode(numFmt: string | undefined): string {
  return (numFmt ?? '')
    .split(';')[0]
    .replace(/"[^"]*"|\\.|\[[^\]]*\]|_.|\*./g, '')
    .trim();
}

/** Whether a number format shows a date or time (Excel stores both as day numbers). */
function isDateFormat(numFmt: string | undefined): boolean {
  const code = formatCode(numFmt);
  return !/^general$/i.test(code) && /[ymdhs]/i.test(code) && !/[0#?]/.test(code.replace(/s+\.0+/gi, ''));
}

/** A format with hours, minutes or seconds but no year or day: a time of day or a duration. */
function isTimeOnlyFormat(numFmt: string | undefined): boolean {
  const code = formatCode(numFmt);
  return /[hs]/i.test(code) && !/[yd]/i.test(code);
}

function isoDate(date: Date, numFmt: string | undefined): string {
  if (Number.isNaN(date.getTime())) return '';
  const day = `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
  const seconds = date.getUTCSeconds();
  const time = `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}${seconds ? `:${pad(seconds)}` : ''}`;
  if (isTimeOnlyFormat(numFmt)) return time;
  return time === '00:00' ? day : `${day} ${time}`;
}

/** Excel's day number as a date (1900 system, with its phantom 29 February 1900, or the 1904 one). */
function serialToDate(serial: number, date1904: boolean): Date {
  const epoch = date1904 ? Date.UTC(1904, 0, 1) : Date.UTC(1899, 11, 30);
  return new Date(epoch + Math.round(serial * 86_400_000));
}

/** Plain figures: the format's decimals and percent sign are kept, grouping and currency are not. */
function formatNumber(value: number, numFmt: string | undefined): string {
  const code = formatCode(numFmt);
  const decimals = /\.([0#?]+)/.exec(code)?.[1].length;
  if (code.includes('%')) return `${(value * 100).toFixed(decimals ?? 0)}%`;
  if (decimals !== undefined && /0/.test(code)) return value.toFixed(decimals);
  // 0.1 + 0.2 is shown as 0.3 by Excel: 15 significant digits, like its display.
  return String(Number(value.toPrecision(15)));
}

/** The value as the sheet shows it. */
function shownValue(value: ExcelJS.CellValue, numFmt: string | undefined, date1904: boolean): ShownValue {
  if (value === null || value === undefined) return { text: '', kind: 'text' };
  if (value instanceof Date) return { text: isoDate(value, numFmt), kind: 'date' };
  if (typeof value === 'number') {
    return isDateFormat(numFmt)
      ? { text: isoDate(serialToDate(value, date1904), numFmt), kind: 'date' }
      : { text: formatNumber(value, numFmt), kind: 'number' };
  }
  if (typeof value === 'boolean') return { text: value ? 'TRUE' : 'FALSE', kind: 'boolean' };
  if (typeof value === 'string') return { text: value, kind: 'text' };
  if ('richText' in value) return { text: value.richText.map((run) => run.text).join(''), kind: 'text' };
  if ('hyperlink' in value) return shownValue(value.text as ExcelJS.CellValue, numFmt, date1904);
  if ('formula' in value || 'sharedFormula' in value) return shownValue(value.result, numFmt, date1904);
  if ('error' in value) return { text: value.error, kind: 'text' };
  return { text: '', kind: 'text' };
}

/** Cells left to read in the workbook, and whether a non-empty one was left out for want of them. */
interface CellBudget {
  left: number;
  truncated: boolean;
}

/** A sheet's non-empty cells by row and column, and its merged ranges keyed by their top-left "row:col". */
interface SheetGrid {
  cells: Map<number, Map<number, SheetCell>>;
  merges: Map<string, Range>;
  /** "row:col" of the cells a merged range covers beyond its top-left one. */
  covered: Set<string>;
}

/**
 * Reads the cells of a sheet. Merged ranges are found from the covered cells themselves (each knows its
 * master): the worksheet's model, which also lists them, copies every row to build.
 */
function readSheet(sheet: ExcelJS.Worksheet, date1904: boolean, budget: CellBudget): SheetGrid {
  const grid: SheetGrid = { cells: new Map(), merges: new Map(), covered: new Set() };
  sheet.eachRow({ includeEmpty: false }, (row, r) => {
    if (budget.truncated) return;
    row.eachCell({ includeEmpty: false }, (cell, c) => {
      if (budget.truncated) return;
      if (cell.type === ExcelJS.ValueType.Merge) {
        noteCovered(grid, cell.master, r, c);
        return;
      }
      const shown = shownValue(cell.value, cell.numFmt, date1904);
      const text = shown.text.replace(/\s+/g, ' ').trim();
      if (!text) return;
      if (budget.left === 0) {
        budget.truncated = true;
        return;
      }
      budget.left--;
      if (!grid.cells.has(r)) grid.cells.set(r, new Map());
      grid.cells.get(r)?.set(c, { ...shown, text, bold: cell.font?.bold === true });
    });
  });
  return grid;
}

/** Grows the merged range of `master` to cover (r, c). */
function noteCovered(grid: SheetGrid, master: ExcelJS.Cell, r: number, c: number): void {
  const top = Number(master.row);
  const left = Number(master.col);
  const key = `${top}:${left}`;
  const range = grid.merges.get(key) ?? { top, left, bottom: top, right: left };
  range.top = Math.min(range.top, r);
  range.left = Math.min(range.left, c);
  range.bottom = Math.max(range.bottom, r);
  range.right = Math.max(range.right, c);
  grid.merges.set(key, range);
  grid.covered.add(`${r}:${c}`);
}

/** How many of the sorted `kept` indexes lie in [from, to]. */
function countWithin(kept: number[], from: number, to: number): number {
  return kept.filter((i) => i >= from && i <= to).length;
}

/**
 * A first row of labels over rows of figures or dates is a header. addTable guesses on its own too, but
 * it needs every column named; here a bold row, or text over other kinds of values, is enough.
 */
function firstRowIsHeader(cells: SheetCell[][]): boolean {
  const [first, ...rest] = cells;
  if (!first || rest.length === 0 || first.length < 2 || first.some((c) => c.kind !== 'text')) return false;
  return first.every((c) => c.bold) || rest.some((row) => row.some((c) => c.kind !== 'text'));
}

/** The sheet's used range as table rows, empty rows and columns left out, merges as spans. */
function sheetTable({ cells, merges, covered }: SheetGrid): TableRow[] {
  const keptRows = [...cells.keys()].sort((a, b) => a - b);
  const keptCols = [...new Set([...cells.values()].flatMap((row) => [...row.keys()]))].sort((a, b) => a - b);
  const ownCells: SheetCell[][] = [];
  const rows: TableRow[] = keptRows.map((r) => {
    const own: SheetCell[] = [];
    const row: TableRow = [];
    for (const c of keptCols) {
      if (covered.has(`${r}:${c}`)) continue;
      const range = merges.get(`${r}:${c}`);
      const cell = cells.get(r)?.get(c);
      if (cell) own.push(cell);
      row.push({
        text: cell?.text ?? '',
        header: false,
        colspan: range ? Math.max(1, countWithin(keptCols, range.left, range.right)) : 1,
        rowspan: range ? Math.max(1, countWithin(keptRows, range.top, range.bottom)) : 1,
      });
    }
    ownCells.push(own);
    return row;
  });
  if (firstRowIsHeader(ownCells)) for (const cell of rows[0]) cell.header = true;
  return rows;
}

async function loadWorkbook(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as never);
  } catch (err) {
    throw parseErrors.corrupt(XLSX.label, describe(err));
  }
  return workbook;
}

export async function parseXlsx(bytes: Uint8Array, opts: { maxCells?: number } = {}): Promise<ParsedDocument> {
  const { zip } = await openOoxml(bytes, XLSX);
  // exceljs inflates every part itself: refuse a zip bomb from the directory's sizes before it does.
  checkDeclaredSizes(zip, XLSX.label);
  const workbook = await loadWorkbook(bytes);
  const date1904 = workbook.properties?.date1904 === true;
  const builder = new DocumentBuilder('xlsx');
  const budget: CellBudget = { left: opts.maxCells ?? MAX_CELLS, truncated: false };
  for (const sheet of workbook.worksheets) {
    const grid = readSheet(sheet, date1904, budget);
    if (grid.cells.size > 0) {
      builder.addBlock('heading', sheet.name, 1);
      builder.addTable(sheetTable(grid));
    }
    if (budget.truncated) break;
  }
  if (budget.truncated) builder.flag('truncated');
  return builder.build({ title: await documentTitle(zip) });
}
