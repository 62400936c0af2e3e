// Units cut into atoms (pieces no larger than the packing budget) and grouped by section.
//
// A unit that fits the budget is one atom; a longer one is cut at sentences, then line breaks, then words, then
// (for a "word" longer than the budget: a base64 blob, a line of CJK that the segmenter has no word for)
// graphemes, so a cut never falls inside a word unless the word alone exceeds the budget, and never inside a
// grapheme or surrogate pair. Each atom's token count includes the whitespace before it (the BPE merges a
// leading space into the word), so atom counts add up to the count of the joined text within a token or two.
import { countTokens } from '../tokens';
import { segmentRange, trimRange } from './segment';
import type { Unit } from './units';

export interface Atom {
  start: number;
  end: number;
  tokens: number;
  heading: boolean;
  /** Titles of the enclosing headings, outermost first (shared between atoms of a section). */
  path: readonly string[];
  /** Table rows only: the table's number in the document (see Unit). */
  table?: number;
}

/** Atoms from one heading to the next; a heading with no text of its own joins its first subsection. */
export interface SectionGroup {
  atoms: Atom[];
}

type Level = 'sentence' | 'line' | 'word' | 'grapheme';
const NEXT_LEVEL: Record<Level, Level | null> = { sentence: 'line', line: 'word', word: 'grapheme', grapheme: null };

/**
 * A unit longer than this many characters per token of budget is cut before being counted (English runs ~4 chars
 * per token, so such a unit is probably over budget) and put back together if its pieces fit after all: counting
 * it whole first would count most of a document's text twice.
 */
const CUT_FIRST_CHARS_PER_TOKEN = 3;

interface Range {
  start: number;
  end: number;
}

export function sectionGroups(text: string, units: Unit[], budget: number): SectionGroup[] {
  const groups: SectionGroup[] = [];
  const stack: { level: number; title: string }[] = [];
  let path: readonly string[] = [];
  let current: SectionGroup = { atoms: [] };
  let hasBody = false;
  let gapStart = -1;
  for (const unit of units) {
    const heading = unit.kind === 'heading';
    if (heading) {
      const level = unit.level ?? 1;
      while (stack.length > 0 && stack[stack.length - 1].level >= level) stack.pop();
      if (unit.title) stack.push({ level, title: unit.title });
      path = stack.map((h) => h.title);
      if (hasBody) {
        groups.push(current);
        current = { atoms: [] };
        hasBody = false;
        gapStart = -1;
      }
    } else hasBody = true;
    const pieces: (Range & { tokens: number })[] = [];
    cutToBudget(text, gapStart < 0 ? unit.start : gapStart, unit.start, unit.end, firstLevel(unit), budget, pieces);
    for (const p of pieces)
      current.atoms.push(
        unit.table === undefined ? { ...p, heading, path } : { ...p, heading, path, table: unit.table },
      );
    gapStart = unit.end;
  }
  if (current.atoms.length > 0) groups.push(current);
  return groups;
}

function firstLevel(unit: Unit): Level {
  return unit.kind === 'code' || unit.kind === 'table-row' ? 'line' : 'sentence';
}

function cutToBudget(
  text: string,
  gapStart: number,
  start: number,
  end: number,
  level: Level | null,
  budget: number,
  out: (Range & { tokens: number })[],
): void {
  const cutFirst = level !== null && end - gapStart > budget * CUT_FIRST_CHARS_PER_TOKEN;
  const tokens = cutFirst ? Number.POSITIVE_INFINITY : countTokens(text.slice(gapStart, end));
  if (tokens <= budget || level === null) {
    out.push({ start, end, tokens });
    return;
  }
  let lvl: Level | null = level;
  let pieces: Range[] = [];
  while (lvl !== null) {
    pieces = piecesAt(text, start, end, lvl);
    if (pieces.length > 1) break;
    lvl = NEXT_LEVEL[lvl];
  }
  if (lvl === null) {
    // A single grapheme over budget: nothing left to cut.
    out.push({ start, end, tokens: cutFirst ? countTokens(text.slice(gapStart, end)) : tokens });
    return;
  }
  const first = out.length;
  let gap = gapStart;
  for (const piece of pieces) {
    cutToBudget(text, gap, piece.start, piece.end, NEXT_LEVEL[lvl], budget, out);
    gap = piece.end;
  }
  if (cutFirst) {
    let sum = 0;
    for (let i = first; i < out.length; i++) sum += out[i].tokens;
    if (sum <= budget) out.splice(first, out.length - first, { start, end, tokens: sum });
  }
}

function piecesAt(text: string, start: number, end: number, level: Level): Range[] {
  switch (level) {
    case 'line':
      return linePieces(text, start, end);
    case 'word':
      return wordPieces(text, start, end);
    default:
      return trimmedSegments(text, start, end, level);
  }
}

export function trimmedSegments(text: string, start: number, end: number, level: 'sentence' | 'grapheme'): Range[] {
  const out: Range[] = [];
  for (const seg of segmentRange(text, start, end, level)) {
    const [s, e] = trimRange(text, seg.start, seg.end);
    if (e > s) out.push({ start: s, end: e });
  }
  return out;
}

const LINE_BREAK = /\r\n|[\n\r\v\f\u0085\u2028\u2029]/g;

function linePieces(text: string, start: number, end: number): Range[] {
  const out: Range[] = [];
  const slice = text.slice(start, end);
  let from = 0;
  for (const m of slice.matchAll(LINE_BREAK)) {
    const [s, e] = trimRange(text, start + from, start + m.index);
    if (e > s) out.push({ start: s, end: e });
    from = m.index + m[0].length;
  }
  const [s, e] = trimRange(text, start + from, end);
  if (e > s) out.push({ start: s, end: e });
  return out;
}

/** Pieces that each start at a word and carry the punctuation and spaces that follow it. */
export function wordPieces(text: string, start: number, end: number): Range[] {
  const out: Range[] = [];
  let pieceStart = start;
  let pieceHasWord = false;
  for (const seg of segmentRange(text, start, end, 'word')) {
    if (seg.wordLike && pieceHasWord) {
      const [s, e] = trimRange(text, pieceStart, seg.start);
      if (e > s) out.push({ start: s, end: e });
      pieceStart = seg.start;
    }
    pieceHasWord ||= seg.wordLike;
  }
  const [s, e] = trimRange(text, pieceStart, end);
  if (e > s) out.push({ start: s, end: e });
  return out;
}
