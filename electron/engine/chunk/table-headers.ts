// The header rows a chunk must carry. A table longer than a chunk is cut between rows; a chunk holding rows
// of a table whose header row lies outside it gets that header appended to its heading path, and so does the
// table's caption: the short lines right above it ("CONDENSED CONSOLIDATED STATEMENTS OF CASH FLOWS",
// "(In millions)"), which name what the figures are and their scale. The heading path
// is the chunk's context outside its text: indexed (FTS5 heading column), weighed as heading evidence by the
// search, shown as the chunk's breadcrumb and written into the prompt. The chunk's text stays an exact slice of
// the document, so offsets, citations and the embedding cache key are unchanged.
import type { Atom } from './atoms';
import { headingTitle } from './units';
import type { Unit } from './units';

interface HeaderRow {
  start: number;
  end: number;
  /** Whitespace collapsed and bounded like a heading title. */
  title: string;
}

/** A table's context: caption lines above it, then its header row; each may be absent. */
export interface TableContext {
  caption: HeaderRow[];
  header?: HeaderRow;
}

/** A caption line is short: a title, a scale, a one-line lead-in ("The following table shows…:"). */
const MAX_CAPTION_CHARS = 200;
/** "in millions", "(en milliers d'euros)", "($ in thousands)". */
export const SCALE_STATEMENT = /\b(?:in|en)\s+(?:millions?|thousands?|billions?|milliers|milliards)\b/i;
/** Lines above a table looked at for its caption. */
const MAX_CAPTION_UNITS = 2;

function row(text: string, u: Unit): HeaderRow {
  return { start: u.start, end: u.end, title: headingTitle(text.slice(u.start, u.end)) };
}

/** Each table's caption and header row (a table with neither is absent). */
export function headerRows(text: string, units: Unit[]): Map<number, TableContext> {
  const headers = new Map<number, TableContext>();
  units.forEach((u, i) => {
    if (u.kind !== 'table-row' || u.table === undefined) return;
    let context = headers.get(u.table);
    if (!context) {
      context = { caption: captionBefore(text, units, i) };
      headers.set(u.table, context);
    }
    if (u.header && !context.header) context.header = row(text, u);
  });
  return headers;
}

/** The short paragraphs right above a table's first row (not headings: those are in the path already). */
function captionBefore(text: string, units: Unit[], first: number): HeaderRow[] {
  const out: HeaderRow[] = [];
  for (let j = first - 1; j >= 0 && first - j <= MAX_CAPTION_UNITS; j--) {
    const u = units[j];
    if (u.kind !== 'paragraph' || u.end - u.start > MAX_CAPTION_CHARS) break;
    const line = row(text, u);
    // A title or a lead-in ends without a full stop; a sentence of prose that happens to be short does not
    // describe the table, unless it states the figures' scale.
    if (/[.!?]$/.test(line.title) && !SCALE_STATEMENT.test(line.title)) break;
    out.unshift(line);
  }
  return out;
}

/**
 * Captions and header rows of the tables that have rows in text[start, end) but not those lines, in the order
 * the tables appear, each text once. `last` is the index of the chunk's last atom; the chunk may begin earlier than its first
 * own atom (the overlap), so atoms are looked at backwards from the end until one ends before `start`.
 */
export function missingHeaders(
  headers: Map<number, TableContext>,
  atoms: Atom[],
  last: number,
  start: number,
  end: number,
): string[] {
  if (headers.size === 0) return [];
  const tables: number[] = [];
  for (let i = last; i >= 0 && atoms[i].end > start; i--) {
    const table = atoms[i].table;
    if (table !== undefined && !tables.includes(table)) tables.unshift(table);
  }
  const present = tables
    .flatMap((t) => {
      const context = headers.get(t);
      return context ? [...context.caption, ...(context.header ? [context.header] : [])] : [];
    })
    .filter((h) => h.title !== '');
  const isInside = (h: HeaderRow) => h.start >= start && h.end <= end;
  // Two tables with the same header (a table continued after a paragraph) need it said once.
  const shown = new Set(present.filter(isInside).map((h) => h.title));
  const out: string[] = [];
  for (const header of present) {
    if (shown.has(header.title)) continue;
    shown.add(header.title);
    out.push(header.title);
  }
  return out;
}
