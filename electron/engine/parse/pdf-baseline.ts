// What both PDF table detectors (pdf-tables.ts: tables with a header row; pdf-grid.ts: tables of figures)
// read a page as: baselines of text pieces, each cut into segments at wide gaps, and columns as x ranges.
import { buildLine, type Line, type TextPiece } from './pdf-layout';
import type { TableRow } from './table-rows';

/** A horizontal range on the page (a column, a segment). */
export interface XRange {
  x0: number;
  x1: number;
}

/** One baseline of text: its pieces, the line they make, and its segments between wide gaps. */
export interface Baseline<S extends XRange> {
  pieces: TextPiece[];
  line: Line;
  segments: S[];
}

/** A table found on a page: its rows, the pieces and lines it claims, and where it stands. */
export interface PdfTable {
  rows: TableRow[];
  pieces: TextPiece[];
  lines: Line[];
  top: number;
  x0: number;
  x1: number;
}

/** A row's pieces split where the gap between two of them is wider than `gapEm` font sizes. */
export function splitAtGaps(pieces: TextPiece[], gapEm: number): Line[] {
  const sorted = [...pieces].sort((a, b) => a.x - b.x);
  const groups: TextPiece[][] = [];
  let end = Number.NEGATIVE_INFINITY;
  for (const p of sorted) {
    if (groups.length === 0 || p.x - end > gapEm * p.size) groups.push([p]);
    else groups[groups.length - 1].push(p);
    end = Math.max(end, p.x + p.w);
  }
  return groups.map((g) => buildLine(g));
}
