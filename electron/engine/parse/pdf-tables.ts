// Tables on a PDF page, found from the text pieces' positions alone: getTextContent gives neither ruling
// lines nor bold, so a table is a run of consecutive baselines whose text falls into two or more aligned
// columns separated by gaps much wider than a word space, with short cells (prose in two columns has the
// same shape, but its "cells" are full lines). Pure geometry, like pdf-layout.ts.
import {
  buildLine,
  groupBaselines,
  type Line,
  layoutPage,
  median,
  type Paragraph,
  type TextPiece,
  visiblePieces,
} from './pdf-layout';
import { type PdfTable, type Baseline as Row, splitAtGaps, type XRange } from './pdf-baseline';
import { findGridTables } from './pdf-grid';
import type { TableCell, TableRow } from './table-rows';

/** Two cells of a row are at least this many font sizes apart (word spaces are ~0.25 em, justified ≤ ~0.6). */
const CELL_GAP_EM = 1;
/** A piece of a row longer than this is a line of prose, not a cell. */
const MAX_CELL_CHARS = 60;
/** Prose in two columns has ~50–70 characters a line; table cells are much shorter on average. */
const MAX_MEAN_CELL_CHARS = 30;
/** A table has a header and at least two rows with two cells or more. */
const MIN_ROWS = 3;
/** Rows further apart than this (in font sizes) belong to different tables. */
const MAX_ROW_GAP_EM = 3;
/** A data column is one of figures when this share of its filled cells are figures. */
const FIGURE_COLUMN_SHARE = 0.6;
/** A line closer than this fraction of the table's usual row pitch to the one above continues its cells. */
const CONTINUATION_PITCH = 0.8;

/** Text of one row between two wide gaps. */
interface Segment extends XRange {
  text: string;
}

type Baseline = Row<Segment>;
type Column = XRange;

/** A row's pieces split where the gap between them is wider than CELL_GAP_EM. */
function segmentsOf(pieces: TextPiece[]): Line[] {
  return splitAtGaps(pieces, CELL_GAP_EM);
}

function baselines(pieces: TextPiece[]): Baseline[] {
  return groupBaselines(pieces)
    .map((group) => {
      const segments = segmentsOf(group);
      // A row of one segment (most lines of a page) is that segment: the line is not built twice.
      return { pieces: group, line: segments.length === 1 ? segments[0] : buildLine(group), segments };
    })
    .sort((a, b) => a.line.y - b.line.y);
}

/** Two or more short pieces of text separated by wide gaps. */
function isCellRow(row: Baseline): boolean {
  return row.segments.length >= 2 && row.segments.every((s) => s.text.length <= MAX_CELL_CHARS);
}

/** One short piece of text just under the previous row: the next line of a cell that wraps. */
function isContinuation(row: Baseline, previous: Baseline): boolean {
  return (
    row.segments.length === 1 &&
    row.segments[0].text.length <= MAX_CELL_CHARS &&
    row.line.y - previous.line.y <= 1.6 * row.line.size
  );
}

/** Runs of consecutive baselines that may be tables: cell rows, and wrapped cell lines between them. */
function candidateRuns(rows: Baseline[]): Baseline[][] {
  const runs: Baseline[][] = [];
  let run: Baseline[] = [];
  const close = () => {
    while (run.length > 0 && !isCellRow(run[run.length - 1])) run.pop();
    if (run.length > 0) runs.push(run);
    run = [];
  };
  for (const row of rows) {
    const previous = run[run.length - 1];
    const near = previous !== undefined && row.line.y - previous.line.y <= MAX_ROW_GAP_EM * row.line.size;
    if (near && (isCellRow(row) || isContinuation(row, previous))) run.push(row);
    else {
      close();
      if (isCellRow(row)) run.push(row);
    }
  }
  close();
  return runs;
}

/** Column spans: the x ranges covered by some segment of the run, merged where they overlap. */
function columnsOf(run: Baseline[]): Column[] {
  const spans = run.flatMap((r) => r.segments.map((s) => ({ x0: s.x0, x1: s.x1 }))).sort((a, b) => a.x0 - b.x0);
  const columns: Column[] = [];
  for (const s of spans) {
    const last = columns[columns.length - 1];
    if (last && s.x0 < last.x1) last.x1 = Math.max(last.x1, s.x1);
    else columns.push({ ...s });
  }
  return columns;
}

/** A table, not prose in columns: enough rows with two cells or more, and short cells on average. */
function looksLikeTable(run: Baseline[], columns: Column[]): boolean {
  const segments = run.flatMap((r) => r.segments);
  const meanChars = segments.reduce((n, s) => n + s.text.length, 0) / segments.length;
  return columns.length >= 2 && run.filter(isCellRow).length >= MIN_ROWS && meanChars <= MAX_MEAN_CELL_CHARS;
}

function cellsOf(row: Baseline, columns: Column[]): string[] {
  return columns.map((col) =>
    row.segments
      .filter((s) => s.x0 >= col.x0 && s.x1 <= col.x1)
      .map((s) => s.text)
      .join(' '),
  );
}

/**
 * Rows of cells in column order. A line closer to the one above than the table's usual row pitch is the
 * next line of wrapped cells: its text joins the row above, column by column.
 */
function tableRows(run: Baseline[], columns: Column[]): TableRow[] {
  const pitch = median(run.slice(1).map((r, k) => r.line.y - run[k].line.y));
  const rows: string[][] = [];
  run.forEach((row, k) => {
    const cells = cellsOf(row, columns);
    const wraps = k > 0 && row.line.y - run[k - 1].line.y < CONTINUATION_PITCH * pitch;
    if (!wraps) rows.push(cells);
    else rows[rows.length - 1] = rows[rows.length - 1].map((text, c) => [text, cells[c]].filter(Boolean).join(' '));
  });
  return rows.map((texts) => texts.map(plainCell));
}

/** Amounts, dates, times, counts, page numbers (arabic or roman). */
function isFigure(text: string): boolean {
  const t = text.trim();
  return /^[^\p{L}]*\d[^\p{L}]*$/u.test(t) || /^[ivxlcdm]{1,7}$/i.test(t);
}

/**
 * The first row names the columns: every column has a name, and some column of figures (prices, times,
 * counts) is headed by a word. Without bold or ruling lines this is what tells a table from other aligned
 * text: a table of contents (its first line ends in a page number like the others), a code listing with
 * comments, poetry in columns. A table of words only is therefore left as text.
 */
function hasHeaderRow(rows: TableRow[]): boolean {
  const [first, ...data] = rows;
  if (data.length < MIN_ROWS - 1 || first.some((c) => !c.text)) return false;
  return first.some((head, col) => {
    const values = data.map((r) => r[col].text).filter(Boolean);
    const figures = values.filter(isFigure).length;
    return values.length > 0 && figures >= FIGURE_COLUMN_SHARE * values.length && !isFigure(head.text);
  });
}

function plainCell(text: string): TableCell {
  return { text, header: false, colspan: 1, rowspan: 1 };
}

/** Tables of one page (pieces in a reading frame), top to bottom. */
export type { PdfTable };

export function findTables(pieces: TextPiece[]): PdfTable[] {
  const tables: PdfTable[] = [];
  for (const run of candidateRuns(baselines(visiblePieces(pieces)))) {
    const columns = columnsOf(run);
    if (!looksLikeTable(run, columns)) continue;
    const rows = tableRows(run, columns);
    if (!hasHeaderRow(rows)) continue;
    tables.push({
      rows,
      pieces: run.flatMap((r) => r.pieces),
      lines: run.map((r) => r.line),
      top: run[0].line.y,
      x0: columns[0].x0,
      x1: columns[columns.length - 1].x1,
    });
  }
  return tables;
}

function tableParagraph(table: PdfTable): Paragraph {
  return {
    lines: table.lines,
    text: table.rows.map((row) => row.map((c) => c.text).join(' | ')).join('\n'),
    size: median(table.lines.map((l) => l.size)),
    table: table.rows,
  };
}

/**
 * The page's paragraphs (layoutPage) with its tables read as tables: the tables' pieces are taken out of
 * the page's text and each table is put back before the first paragraph that starts below its top and
 * shares its horizontal extent (in a two-column page, the next paragraph of its own column).
 */
export function layoutPageWithTables(pieces: TextPiece[]): Paragraph[] {
  const tables = findTables(pieces);
  const claimed = new Set(tables.flatMap((t) => t.pieces));
  // Tables of figures under multi-line headers (financial statements) from what the first detector left.
  const grids = findGridTables(visiblePieces(pieces).filter((p) => !claimed.has(p)));
  tables.push(...grids);
  tables.sort((a, b) => a.top - b.top);
  if (tables.length === 0) return layoutPage(pieces);
  const inTables = new Set(tables.flatMap((t) => t.pieces));
  const paragraphs = layoutPage(pieces.filter((p) => !inTables.has(p)));
  for (const table of tables) {
    const below = paragraphs.findIndex(
      (p) => !p.table && p.lines[0].y > table.top && p.lines[0].x0 < table.x1 && p.lines[0].x1 > table.x0,
    );
    paragraphs.splice(below < 0 ? paragraphs.length : below, 0, tableParagraph(table));
  }
  return paragraphs;
}
