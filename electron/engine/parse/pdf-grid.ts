// Tables of figures on a PDF page (financial statements, reports' key-figure tables), found from text
// positions: a column of row labels on the left and right-aligned figures in columns on the right, with
// header lines above the figures ("Three Months Ended" / "July 1," / "2023"), rows that name a section
// ("Operating expenses:"), currency signs in cells of their own ("$ 60,584") and blank lines between groups
// of rows. pdf-tables.ts's detector needs every column named in one header line and no blank rows, so it
// misses these; this one runs on the pieces that detector left. Pure geometry, like pdf-layout.ts.
import { buildLine, groupBaselines, type TextPiece } from './pdf-layout';
import { type PdfTable, type Baseline as Row, splitAtGaps, type XRange } from './pdf-baseline';
import type { TableCell, TableRow } from './table-rows';

/** Two cells of a row are at least this many font sizes apart. */
const CELL_GAP_EM = 1;
/** Rows further apart than this (in font sizes) belong to different tables. */
const MAX_ROW_GAP_EM = 3.4;
/** Header lines are closer than this to each other and to the first row. */
const MAX_HEADER_GAP_EM = 3.2;
/** A label line longer than this is prose. */
const MAX_LABEL_CHARS = 160;
/** A label line this long that is followed by a row of figures was wrapped, not a section name. */
const WRAPPED_LABEL_CHARS = 40;
/** At most this many header lines above the figures. */
const MAX_HEADER_LINES = 4;
/** Section names ("Assets", "Current assets:") between the header and the first figures. */
const MAX_SECTION_LINES = 3;
/** A table has at least this many rows with figures. */
const MIN_FIGURE_ROWS = 3;

/** An amount, a percentage, a count, a year, or a dash standing for nil: "$ (1,234.5)", "12.5 %", "—". */
const FIGURE = /^(?:[(−–-]?\s*[$€£¥]?\s*[(−–-]?\s*\d[\d,.  ]*\s*%?\s*\)?\s*[%*]?|[—–-]{1,2}|n\/?[am])$/iu;
/** A scale or unit statement: "(In millions, except per share amounts)", "en milliers d'euros". */
export const SCALE_WORDS =
  /\b(?:in|en)\s+(?:millions?|thousands?|billions?|milliers|milliards|millions? d)\b|^\(.*\)$|\(\s*[$€£]\s*(?:m|k|bn|000)\s*\)/iu;
const CURRENCY_ONLY = /^[$€£¥]$/u;
const SUFFIX_ONLY = /^(?:%|\)|%\))$/u;

interface Segment extends XRange {
  text: string;
  figure: boolean;
}

type Baseline = Row<Segment>;
type Column = XRange;

export function isFigureText(text: string): boolean {
  return FIGURE.test(text.trim());
}

/** The row's pieces split at wide gaps; a currency sign alone joins the figure after it, a "%" the one before. */
function segmentsOf(pieces: TextPiece[]): Segment[] {
  const raw = splitAtGaps(pieces, CELL_GAP_EM).map((line) => ({
    x0: line.x0,
    x1: line.x1,
    text: line.text,
    figure: false,
  }));
  const out: Segment[] = [];
  for (let i = 0; i < raw.length; i++) {
    const s = raw[i];
    const next = raw[i + 1];
    const previous = out[out.length - 1];
    if (CURRENCY_ONLY.test(s.text) && next && isFigureText(next.text)) {
      next.text = `${s.text}${next.text}`;
      next.x0 = s.x0;
      continue;
    }
    if (SUFFIX_ONLY.test(s.text) && previous?.figure) {
      previous.text += s.text;
      previous.x1 = s.x1;
      continue;
    }
    // A trailing currency sign with no figure after it is a typesetting leftover.
    if (CURRENCY_ONLY.test(s.text)) continue;
    out.push({ ...s, figure: isFigureText(s.text) });
  }
  return out;
}

function baselines(pieces: TextPiece[]): Baseline[] {
  return groupBaselines(pieces)
    .map((group) => ({ pieces: group, line: buildLine(group), segments: segmentsOf(group) }))
    .filter((b) => b.segments.length > 0)
    .sort((a, b) => a.line.y - b.line.y);
}

const YEAR = /^(?:FY\s?)?(?:19|20)\d\d$/i;

/** Figures on the right of a label (or of nothing): a row of the table's body. A line of years alone heads columns. */
function isFigureRow(b: Baseline): boolean {
  if (b.segments.filter((s) => s.figure).every((s) => YEAR.test(s.text))) return false;
  const first = b.segments.findIndex((s) => s.figure);
  if (first < 0) return false;
  const labels = b.segments.slice(0, first);
  return (
    labels.length <= 1 &&
    b.segments.slice(first).every((s) => s.figure) &&
    labels.every((s) => s.text.length <= MAX_LABEL_CHARS)
  );
}

/** Column spans of the figures, merged where they overlap, left to right. */
function figureColumns(rows: Baseline[]): Column[] {
  const spans = rows
    .flatMap((r) => r.segments.filter((s) => s.figure).map((s) => ({ x0: s.x0, x1: s.x1 })))
    .sort((a, b) => a.x0 - b.x0);
  const columns: Column[] = [];
  for (const s of spans) {
    const last = columns[columns.length - 1];
    if (last && s.x0 < last.x1) last.x1 = Math.max(last.x1, s.x1);
    else columns.push({ ...s });
  }
  return columns;
}

/** Columns holding figures of at least two rows: a lone stray number makes no column. */
function supportedColumns(rows: Baseline[]): Column[] {
  const columns = figureColumns(rows);
  const figures = rows.flatMap((r) => r.segments.filter((s) => s.figure));
  return columns.filter((c) => figures.filter((f) => overlap(f, c) > 0).length >= 2);
}

/** A label line, or a row whose figures all stand in the columns. */
function fitsColumns(row: Baseline, columns: Column[]): boolean {
  return row.segments.filter((s) => s.figure).every((f) => columns.some((c) => overlap(f, c) > 0));
}

function overlap(a: { x0: number; x1: number }, b: { x0: number; x1: number }): number {
  return Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0);
}

/**
 * The columns a header segment stands over: centred in the gap between two columns ("Years ended" over
 * "2018 | 2017") it heads both; else those it overlaps by a fair share, else the nearest one.
 */
function columnsUnder(s: Segment, columns: Column[]): number[] {
  const mid = (s.x0 + s.x1) / 2;
  const width = s.x1 - s.x0;
  if (!columns.some((c) => mid > c.x0 + 1 && mid < c.x1 - 1)) {
    const left = columns.findLastIndex((c) => c.x1 <= mid + 1);
    const right = columns.findIndex((c) => c.x0 >= mid - 1);
    if (left >= 0 && right > left && s.x0 - columns[left].x1 < width && columns[right].x0 - s.x1 < width) {
      return [left, right];
    }
  }
  const out: number[] = [];
  columns.forEach((c, k) => {
    if (overlap(s, c) > 0.25 * Math.min(width, c.x1 - c.x0)) out.push(k);
  });
  if (out.length > 0) return out;
  let best = 0;
  columns.forEach((c, k) => {
    if (Math.abs((c.x0 + c.x1) / 2 - mid) < Math.abs((columns[best].x0 + columns[best].x1) / 2 - mid)) best = k;
  });
  return [best];
}

/** Runs of baselines holding figure rows, with the label-only lines between them. */
function bodyRuns(rows: Baseline[]): { first: number; last: number }[] {
  const runs: { first: number; last: number }[] = [];
  let start = -1;
  let lastFigure = -1;
  const close = () => {
    if (start >= 0) {
      const count = rows.slice(start, lastFigure + 1).filter(isFigureRow).length;
      if (count >= MIN_FIGURE_ROWS) runs.push({ first: start, last: lastFigure });
    }
    start = -1;
    lastFigure = -1;
  };
  rows.forEach((row, i) => {
    const near = i > 0 && row.line.y - rows[i - 1].line.y <= MAX_ROW_GAP_EM * row.line.size;
    if (isFigureRow(row)) {
      if (start < 0 || !near) {
        close();
        start = i;
      }
      lastFigure = i;
    } else if (start >= 0 && (!near || !isLabelLine(row))) close();
  });
  close();
  return runs;
}

/** A line of one short piece of text: a section label or the first line of a wrapped label. */
function isLabelLine(b: Baseline): boolean {
  return b.segments.length === 1 && !b.segments[0].figure && b.segments[0].text.length <= MAX_LABEL_CHARS;
}

/** Header lines above the body: every piece over the figure columns (or a short label-column heading). */
function headerLines(rows: Baseline[], first: number, columns: Column[]): number {
  const left = columns[0].x0;
  let top = first;
  let sectionLines = 0;
  let headerFound = false;
  for (let i = first - 1; i >= 0 && first - top < MAX_HEADER_LINES + sectionLines; i--) {
    const gap = rows[top].line.y - rows[i].line.y;
    if (gap > MAX_HEADER_GAP_EM * rows[i].line.size) break;
    const segs = rows[i].segments;
    const overFigures = segs.filter((s) => s.x0 >= left - 2 * rows[i].line.size);
    const inLabels = segs.filter((s) => s.x1 < left);
    if (overFigures.length === 0) {
      // "Net sales:" above the first figures belongs to the body; anything else ends the table.
      if (!headerFound && isLabelLine(rows[i]) && sectionLines < MAX_SECTION_LINES) {
        sectionLines++;
        top = i;
        continue;
      }
      break;
    }
    if (overFigures.length + inLabels.length !== segs.length || inLabels.length > 1) break;
    if (overFigures.some((s) => s.text.length > 60)) break;
    headerFound = true;
    top = i;
  }
  return top;
}

/** The text of each figure column's header: its header lines' pieces above it, top to bottom. */
function columnHeaders(headerRows: Baseline[], columns: Column[]): { label: string; columns: string[] } {
  const parts: string[][] = columns.map(() => []);
  const label: string[] = [];
  for (const row of headerRows) {
    const inLabels = row.segments.filter((s) => s.x1 < columns[0].x0 && !s.figure);
    const over = row.segments.filter((s) => !inLabels.includes(s));
    // "Three Months Ended September 30, | 2022 | 2021" on one line: the words on the left qualify every
    // column of that line; a scale ("(In millions)") on the left is the label column's own header.
    const qualifier = inLabels.map((s) => s.text).join(' ');
    if (qualifier && over.length > 0 && !SCALE_WORDS.test(qualifier)) {
      for (const k of new Set(over.flatMap((s) => columnsUnder(s, columns)))) parts[k].push(qualifier);
    } else if (qualifier) label.push(qualifier);
    for (const s of over) for (const k of columnsUnder(s, columns)) parts[k].push(s.text);
  }
  return { label: label.join(' '), columns: parts.map((p) => p.join(' ').replace(/\s+/g, ' ').trim()) };
}

function cell(text: string, header = false, colspan = 1): TableCell {
  return { text, header, colspan, rowspan: 1 };
}

/** Body lines as rows: label then one cell per figure column; a label line wrapped onto the next joins it. */
function bodyRows(rows: Baseline[], columns: Column[]): TableRow[] {
  const out: TableRow[] = [];
  let pending: string[] = [];
  rows.forEach((row, i) => {
    if (!isFigureRow(row)) {
      const text = row.segments[0].text;
      const next = rows[i + 1];
      // A wrapped label goes on at the same indent, or further in after a long first line; a short line
      // with rows indented under it, or one that ends in ":", names a section.
      const nextLabel = next?.segments[0];
      const wraps =
        !/:\s*$/.test(text) &&
        next !== undefined &&
        isFigureRow(next) &&
        !nextLabel.figure &&
        next.line.y - row.line.y <= 1.5 * row.line.size &&
        (nextLabel.x0 <= row.segments[0].x0 + 0.5 * row.line.size || text.length >= WRAPPED_LABEL_CHARS);
      if (wraps) pending.push(text);
      else {
        out.push([cell([...pending, text].join(' '), false, columns.length + 1)]);
        pending = [];
      }
      return;
    }
    const label = row.segments.filter((s) => !s.figure).map((s) => s.text);
    const cells = columns.map(() => '');
    for (const s of row.segments.filter((x) => x.figure)) {
      const k = columns.findIndex((c) => overlap(s, c) > 0);
      if (k >= 0) cells[k] = cells[k] ? `${cells[k]} ${s.text}` : s.text;
    }
    out.push([cell([...pending, ...label].join(' ')), ...cells.map((c) => cell(c))]);
    pending = [];
  });
  return out;
}

/** Tables of figures on one page (visible pieces in a reading frame), top to bottom. */
export function findGridTables(pieces: TextPiece[]): PdfTable[] {
  const rows = baselines(pieces);
  const tables: PdfTable[] = [];
  for (const run of bodyRuns(rows)) {
    let body = rows.slice(run.first, run.last + 1);
    const columns = supportedColumns(body.filter(isFigureRow));
    // A figure out of every column at the end (a page number under the table) is not part of it.
    while (body.length > 0 && !fitsColumns(body[body.length - 1], columns)) body = body.slice(0, -1);
    while (body.length > 0 && !isFigureRow(body[body.length - 1])) body = body.slice(0, -1);
    if (body.filter(isFigureRow).length < MIN_FIGURE_ROWS) continue;
    run.last = run.first + body.length - 1;
    // Labels must stay left of the figures: a run whose "labels" reach into the figure columns is prose.
    if (columns.length === 0 || body.some((r) => r.segments.some((s) => !s.figure && s.x1 > columns[0].x0 + 1))) {
      continue;
    }
    const top = headerLines(rows, run.first, columns);
    const headerRows = rows.slice(top, run.first).filter((r) => !isLabelLine(r) || r.segments[0].x1 >= columns[0].x0);
    const leading = rows.slice(top, run.first).filter((r) => !headerRows.includes(r));
    // A header names the figures: without one, aligned numbers (a table of contents, a list of page
    // references) are left as text.
    if (headerRows.length === 0) continue;
    const headers = columnHeaders(headerRows, columns);
    if (headers.columns.every((h) => h === '')) continue;
    const used = rows.slice(top, run.last + 1);
    tables.push({
      rows: [
        [cell(headers.label, true), ...headers.columns.map((h) => cell(h, true))],
        ...bodyRows([...leading, ...body], columns),
      ],
      pieces: used.flatMap((r) => r.pieces),
      lines: used.map((r) => r.line),
      top: used[0].line.y,
      x0: Math.min(...used.map((r) => r.line.x0)),
      x1: Math.max(...used.map((r) => r.line.x1)),
    });
  }
  return tables;
}
