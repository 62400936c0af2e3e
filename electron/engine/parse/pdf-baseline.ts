// What both PDF table detectors (pdf-tables.ts: tables with a header row; pdf-grid.ts: tables of figures)
// read a page as: baselines of text pieces, each cut into segments at wide gaps, and columns as x ranges.
import type { Line, TextPiece } from './pdf-layout';

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
