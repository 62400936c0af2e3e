// Reading order for one PDF page: text pieces → lines → columns → paragraphs. Pure geometry, no pdfjs,
// so it is testable with hand-made pieces.
//
// Coordinates are in a "reading frame": a line runs along +x and the next line is at larger y (the
// caller rotates rotated pages and vertical writing into this frame).
import type { TableRow } from './table-rows';

export interface TextPiece {
  str: string;
  x: number; // start of the piece along its line
  y: number; // baseline position; larger is further down the page
  w: number; // advance along the line
  size: number; // font size
  rtl: boolean;
}

export interface Line {
  text: string;
  x0: number;
  x1: number;
  y: number;
  size: number;
}

export interface Paragraph {
  lines: Line[];
  text: string;
  size: number; // dominant font size, weighted by characters
  /** Set when the paragraph is a table found by position (pdf-tables.ts): its rows, cells in column order. */
  table?: TableRow[];
}

// Scripts written without spaces between words (Chinese, Japanese); Korean uses spaces, so Hangul is out.
const CJK_CHAR = /[\u2E80-\u9FFF\uF900-\uFAFF\uFF00-\uFFEF]/;

export function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Pieces on one baseline → one line, words spaced by the gaps between pieces. */
export function buildLine(pieces: TextPiece[]): Line {
  const rtlChars = pieces.reduce((n, p) => n + (p.rtl ? p.str.length : 0), 0);
  const total = pieces.reduce((n, p) => n + p.str.length, 0);
  const sorted = [...pieces].sort((a, b) => a.x - b.x);
  let text = '';
  let end = Number.NEGATIVE_INFINITY;
  let sizeWeighted = 0;
  for (const p of sorted) {
    const gap = p.x - end;
    if (text && gap > 0.2 * p.size && !/\s$/.test(text) && !/^\s/.test(p.str)) text += ' ';
    else if (text && gap < -0.5 * p.size && !/\s$/.test(text)) text += ' '; // overlapping restart
    text += p.str;
    end = Math.max(end, p.x + p.w);
    sizeWeighted += p.size * p.str.length;
  }
  if (rtlChars > total / 2) {
    // Each piece of right-to-left text is already in logical order; the pieces run right to left.
    text = '';
    let start = Number.POSITIVE_INFINITY;
    for (const p of [...sorted].reverse()) {
      if (text && start - (p.x + p.w) > 0.2 * p.size && !/\s$/.test(text) && !/^\s/.test(p.str)) text += ' ';
      text += p.str;
      start = Math.min(start, p.x);
    }
  }
  return {
    text: text.replace(/\s+/g, ' ').trim(),
    x0: sorted[0].x,
    x1: Math.max(...sorted.map((p) => p.x + p.w)),
    y: median(sorted.map((p) => p.y)),
    size: total > 0 ? sizeWeighted / total : sorted[0].size,
  };
}

/** Groups pieces by baseline (superscripts join their line), top to bottom. */
export function groupBaselines(pieces: TextPiece[]): TextPiece[][] {
  const sorted = [...pieces].sort((a, b) => a.y - b.y || a.x - b.x);
  const groups: { y: number; size: number; pieces: TextPiece[] }[] = [];
  for (const p of sorted) {
    // Compare with the last few groups: a superscript can sort just before its own line.
    let target: (typeof groups)[number] | undefined;
    for (let k = groups.length - 1; k >= 0 && k >= groups.length - 3; k--) {
      const g = groups[k];
      if (Math.abs(p.y - g.y) <= 0.45 * Math.max(g.size, p.size)) {
        target = g;
        break;
      }
    }
    if (target) {
      target.pieces.push(p);
      if (p.size > target.size) {
        target.size = p.size;
        target.y = p.y;
      }
    } else {
      groups.push({ y: p.y, size: p.size, pieces: [p] });
    }
  }
  return groups.map((g) => g.pieces);
}

export function groupLines(pieces: TextPiece[]): Line[] {
  return groupBaselines(pieces)
    .map(buildLine)
    .filter((l) => l.text.length > 0);
}

/** A column candidate holds prose: several lines, most of them filling the column's width. */
function looksLikeColumn(lines: Line[]): boolean {
  if (lines.length < 3) return false;
  const x0 = Math.min(...lines.map((l) => l.x0));
  const x1 = Math.max(...lines.map((l) => l.x1));
  const full = lines.filter((l) => l.x1 - l.x0 >= (x1 - x0) * 0.6).length;
  return full >= lines.length * 0.4;
}

interface Row {
  pieces: TextPiece[];
  x0: number;
  x1: number;
}

/** Rows (baselines) that leave position x free, with text on its left and on its right. */
function rowSides(row: Row, x: number): { free: boolean; left: boolean; right: boolean } {
  let free = true;
  let left = false;
  let right = false;
  for (const p of row.pieces) {
    if (p.x + p.w <= x) left = true;
    else if (p.x >= x) right = true;
    else free = false;
  }
  return { free, left, right };
}

/**
 * The x of a gutter between two columns, or null. A gutter is a vertical strip that many consecutive rows
 * leave empty while having text on both sides of it; rows crossing it (titles, author lists, full-width
 * captions) only interrupt it. The strip must be wider than a word space, so that "rivers" of aligned
 * spaces in justified text do not count.
 */
function findGutter(rows: Row[]): number | null {
  if (rows.length < 6) return null;
  const left = Math.min(...rows.map((r) => r.x0));
  const right = Math.max(...rows.map((r) => r.x1));
  const width = right - left;
  if (width <= 0) return null;
  const step = Math.max(0.5, width / 400);
  const scores: { x: number; score: number }[] = [];
  // Each row is tested at ~240 positions: its pieces' edges as flat arrays, and no object per test (this
  // loop was a tenth of the parser's own time).
  const starts = rows.map((r) => Float64Array.from(r.pieces, (p) => p.x));
  const ends = rows.map((r) => Float64Array.from(r.pieces, (p) => p.x + p.w));
  for (let x = left + width * 0.2; x <= right - width * 0.2; x += step) {
    let score = 0;
    let runRows = 0;
    let runLeft = 0;
    let runRight = 0;
    for (let r = 0; r < rows.length; r++) {
      // As rowSides(rows[r], x).
      const s = starts[r];
      const e = ends[r];
      let free = true;
      let hasLeft = false;
      let hasRight = false;
      for (let k = 0; k < s.length; k++) {
        if (e[k] <= x) hasLeft = true;
        else if (s[k] >= x) hasRight = true;
        else {
          free = false;
          break;
        }
      }
      if (!free) {
        if (runLeft >= 3 && runRight >= 3) score += runRows;
        runRows = 0;
        runLeft = 0;
        runRight = 0;
        continue;
      }
      runRows++;
      if (hasLeft) runLeft++;
      if (hasRight) runRight++;
    }
    if (runLeft >= 3 && runRight >= 3) score += runRows;
    scores.push({ x, score });
  }
  const best = Math.max(0, ...scores.map((s) => s.score));
  if (best < 6) return null;
  // The widest plateau of best score; its middle is the gutter's middle.
  let plateau: { start: number; end: number } | null = null;
  let open: number | null = null;
  scores.forEach((s, k) => {
    if (s.score === best && open === null) open = k;
    const closing = open !== null && (s.score !== best || k === scores.length - 1);
    if (closing && open !== null) {
      const end = s.score === best ? k : k - 1;
      if (!plateau || end - open > plateau.end - plateau.start) plateau = { start: open, end };
      open = null;
    }
  });
  if (!plateau) return null;
  const { start, end } = plateau as { start: number; end: number };
  const sizes = rows.flatMap((r) => r.pieces.map((p) => p.size)).sort((a, b) => a - b);
  const typicalSize = sizes[Math.floor(sizes.length / 2)];
  if ((end - start + 1) * step < 0.6 * typicalSize) return null;
  return (scores[start].x + scores[end].x) / 2;
}

/**
 * Lines of a region in reading order, as runs of lines (one run per column slice). Where the region has
 * two columns, the left column's lines come before the right one's, band by band: a line crossing the
 * gutter (a title, an author list, a full-width caption) ends a band and is read in its place.
 */
export function orderLines(pieces: TextPiece[], depth = 0): Line[][] {
  const rows: Row[] = groupBaselines(pieces).map((group) => ({
    pieces: group,
    x0: Math.min(...group.map((p) => p.x)),
    x1: Math.max(...group.map((p) => p.x + p.w)),
  }));
  const gutter = depth < 2 ? findGutter(rows) : null;
  if (gutter === null) return [groupLines(pieces)];
  const result: Line[][] = [];
  let band: Row[] = [];
  let single: TextPiece[] = [];
  const flushSingle = () => {
    if (single.length > 0) result.push(groupLines(single));
    single = [];
  };
  const flushBand = () => {
    const leftPieces = band.flatMap((r) => r.pieces.filter((p) => p.x + p.w <= gutter));
    const rightPieces = band.flatMap((r) => r.pieces.filter((p) => p.x >= gutter));
    if (looksLikeColumn(groupLines(leftPieces)) && looksLikeColumn(groupLines(rightPieces))) {
      flushSingle();
      result.push(...orderLines(leftPieces, depth + 1), ...orderLines(rightPieces, depth + 1));
    } else {
      single.push(...band.flatMap((r) => r.pieces));
    }
    band = [];
  };
  for (const row of rows) {
    if (rowSides(row, gutter).free) {
      band.push(row);
    } else {
      flushBand();
      single.push(...row.pieces);
    }
  }
  flushBand();
  flushSingle();
  return result.filter((column) => column.length > 0);
}

function endsWithHyphenatedWord(text: string): boolean {
  return /\p{L}[-\u2010\u00AD]$/u.test(text);
}

const PUNCT = /[\p{P}]/u;

/** Chinese and Japanese lines join without a space, also across punctuation next to a CJK character. */
function noSpaceBetween(before: string, after: string): boolean {
  const cjkBefore = CJK_CHAR.test(before);
  const cjkAfter = CJK_CHAR.test(after);
  return (cjkBefore && (cjkAfter || PUNCT.test(after))) || (cjkAfter && PUNCT.test(before));
}

/** Joins the lines of one paragraph: rejoins words hyphenated at the line end, no space between CJK. */
export function joinLines(lines: string[]): string {
  let out = '';
  for (const line of lines) {
    if (!out) {
      out = line;
      continue;
    }
    if (endsWithHyphenatedWord(out) && /^\p{Ll}/u.test(line)) {
      // "exam-" + "ple" → "example"; but "state-of-the-" + "art" keeps its hyphen (a compound).
      const lastWord = /\S*$/.exec(out)?.[0] ?? '';
      const compound = /\p{L}[-\u2010]\p{L}/u.test(lastWord.slice(0, -1));
      out = compound && !out.endsWith('\u00AD') ? out + line : out.slice(0, -1) + line;
    } else if (endsWithHyphenatedWord(out) && /^[\p{Lu}\p{Nd}]/u.test(line) && !out.endsWith('\u00AD')) {
      out += line; // "Jean-" + "Paul", "COVID-" + "19": a real hyphen, kept, no space
    } else if (noSpaceBetween(out.slice(-1), line[0])) {
      out += line;
    } else {
      out += ` ${line}`;
    }
  }
  return out;
}

/** Splits the lines of one column into paragraphs: vertical gaps, font size changes, first-line indents. */
export function splitParagraphs(lines: Line[], leading: number): Paragraph[] {
  if (lines.length === 0) return [];
  const colLeft = Math.min(...lines.map((l) => l.x0));
  const colRight = Math.max(...lines.map((l) => l.x1));
  const paragraphs: Line[][] = [];
  let current: Line[] = [];
  lines.forEach((line, k) => {
    const prev = lines[k - 1];
    let breakHere = false;
    if (prev) {
      const dy = line.y - prev.y;
      const sizeRatio = line.size / prev.size;
      // Leading is measured on the page's body text; larger type (titles) is spaced wider.
      const typical = Math.max(leading, Math.min(prev.size, line.size) * 1.2);
      const gap = dy > Math.max(typical * 1.35, typical + 0.3 * prev.size) || dy < -prev.size;
      const sizeChange = sizeRatio > 1.12 || sizeRatio < 0.89;
      const indented = line.x0 - colLeft > 0.8 * line.size && prev.x0 - colLeft < 0.3 * prev.size;
      const prevShort = prev.x1 < colRight - 2 * prev.size;
      breakHere = gap || sizeChange || (indented && (prevShort || /[.!?:"”)]$/.test(prev.text)));
    }
    if (breakHere && current.length > 0) {
      paragraphs.push(current);
      current = [];
    }
    current.push(line);
  });
  if (current.length > 0) paragraphs.push(current);
  return paragraphs.map((ls) => {
    const chars = ls.reduce((n, l) => n + l.text.length, 0);
    const size = chars > 0 ? ls.reduce((s, l) => s + l.size * l.text.length, 0) / chars : ls[0].size;
    return { lines: ls, text: joinLines(ls.map((l) => l.text)), size };
  });
}

/** Typical distance between consecutive baselines of body text on a page (0 if unknown). */
export function typicalLeading(columns: Line[][]): number {
  const deltas: number[] = [];
  for (const column of columns) {
    for (let k = 1; k < column.length; k++) {
      const dy = column[k].y - column[k - 1].y;
      if (dy > 0 && dy < 3 * column[k].size) deltas.push(dy);
    }
  }
  return median(deltas);
}

/** Pieces with text and a position. */
export function visiblePieces(pieces: TextPiece[]): TextPiece[] {
  return pieces.filter((p) => p.str.trim().length > 0 && Number.isFinite(p.x) && Number.isFinite(p.y));
}

/** The whole page: reading-ordered paragraphs. */
export function layoutPage(pieces: TextPiece[]): Paragraph[] {
  const visible = visiblePieces(pieces);
  if (visible.length === 0) return [];
  const columns = orderLines(visible);
  const leading = typicalLeading(columns);
  return columns.flatMap((column) => splitParagraphs(column, leading));
}
