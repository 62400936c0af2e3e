// The header rows a chunk must carry. A table longer than a chunk is cut between rows; a chunk holding rows
// of a table whose header row lies outside it gets that header appended to its heading path. The heading path
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

/** Each table's header row (tables without a detected header are absent). */
export function headerRows(text: string, units: Unit[]): Map<number, HeaderRow> {
  const headers = new Map<number, HeaderRow>();
  for (const u of units) {
    if (u.kind !== 'table-row' || !u.header || u.table === undefined || headers.has(u.table)) continue;
    headers.set(u.table, { start: u.start, end: u.end, title: headingTitle(text.slice(u.start, u.end)) });
  }
  return headers;
}

/**
 * Header rows of the tables that have rows in text[start, end) but whose header row is not in it, in the order
 * the tables appear, each text once. `last` is the index of the chunk's last atom; the chunk may begin earlier than its first
 * own atom (the overlap), so atoms are looked at backwards from the end until one ends before `start`.
 */
export function missingHeaders(
  headers: Map<number, HeaderRow>,
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
  const present = tables.map((t) => headers.get(t)).filter((h): h is HeaderRow => h !== undefined && h.title !== '');
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
