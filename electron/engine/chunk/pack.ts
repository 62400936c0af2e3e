// Atoms of one section packed into chunk cores, with boundaries that re-synchronise after an edit.
//
// Greedy packing from the start of a section lets one edited paragraph shift every later boundary of that
// section, and a PDF without headings is a single section of hundreds of pages. So boundaries are chosen in two
// steps:
// 1. Content-defined anchors cut the section into segments. Whether an atom starts a segment depends only on the
//    atom's own text (a hash) and size, plus a minimum segment size counted from the previous anchor, so the same
//    paragraphs produce the same anchors wherever they sit; after an edit, the anchors before and after it are
//    found again and only the segment holding the edit (and the overlap of the chunk after it) changes.
// 2. Each segment is packed on its own into chunks of about equal size (its total divided by the number of
//    chunks it needs), which avoids a tiny leftover chunk at every segment end.
// Expected segment size is MIN + MEAN_EXTRA budgets (three chunks' worth), the trade-off between chunk fill and
// the number of chunks an edit re-embeds.
import type { Atom } from './atoms';

export interface Core {
  first: number; // index of the first atom
  end: number; // index past the last atom
  tokens: number;
}

const MIN_SEGMENT_BUDGETS = 1;
const MEAN_EXTRA_BUDGETS = 2;

export function packSection(text: string, atoms: Atom[], budget: number): Core[] {
  const cores: Core[] = [];
  const anchors = segmentAnchors(text, atoms, budget);
  for (let k = 0; k < anchors.length; k++) {
    packSegment(atoms, anchors[k], k + 1 < anchors.length ? anchors[k + 1] : atoms.length, budget, cores);
  }
  return cores;
}

/** Indices of the atoms that start a segment (always including 0). */
export function segmentAnchors(text: string, atoms: Atom[], budget: number): number[] {
  const anchors = [0];
  const minTokens = MIN_SEGMENT_BUDGETS * budget;
  const extraTokens = MEAN_EXTRA_BUDGETS * budget;
  let since = 0;
  for (let i = 1; i < atoms.length; i++) {
    since += atoms[i - 1].tokens;
    if (since < minTokens) continue;
    // Each atom is an anchor with probability proportional to its size: on average one per extraTokens.
    const a = atoms[i];
    if (fnv1a(text, a.start, a.end) / 0x1_0000_0000 < a.tokens / extraTokens) {
      anchors.push(i);
      since = 0;
    }
  }
  return anchors;
}

function packSegment(atoms: Atom[], from: number, to: number, budget: number, cores: Core[]): void {
  let remaining = 0;
  for (let i = from; i < to; i++) remaining += atoms[i].tokens;
  let i = from;
  while (i < to) {
    const goal = remaining / Math.ceil(remaining / budget);
    const first = i;
    let sum = 0;
    while (i < to) {
      const t = atoms[i].tokens;
      // Stop before an atom that would overflow the budget, or whose larger half lies past this chunk's share.
      if (i > first && (sum + t > budget || sum + t / 2 > goal)) break;
      sum += t;
      i++;
    }
    cores.push({ first, end: i, tokens: sum });
    remaining -= sum;
  }
}

/** 32-bit FNV-1a of text[start, end): cheap, stable across runs and platforms. */
export function fnv1a(text: string, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
