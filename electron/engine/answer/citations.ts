// Reads the [n] markers of an answer ([1], [2, 3], [1-3], [1–3; 5]) and maps them to the passages that
// were given to the generator. Numbers that match no passage are dropped and reported, never shown as
// sources. Where the sentence before a marker appears in the passage, the citation quotes that sentence.
import type { Citation } from '../../../shared/types';
import type { ContextPassage } from '../types';
import { squashSpaces } from '../search/sentences';

export interface CitationMarker {
  start: number;
  end: number;
  numbers: number[]; // expanded, in the order written
  written: number[]; // the literal numbers (range endpoints, not their expansion)
}

export interface CitationResult {
  citations: Citation[]; // one per cited passage, by n
  invalid: number[]; // numbers written in the answer that match no passage, ascending
}

const MARKER = /\[\s*(\d{1,4}(?:\s*[-–—]\s*\d{1,4})?(?:\s*[,;]\s*\d{1,4}(?:\s*[-–—]\s*\d{1,4})?)*)\s*\]/g;
/** A range wider than this is read as its two endpoints ("[1-1000]" is not a thousand citations). */
const MAX_RANGE = 50;

export function parseCitationMarkers(text: string): CitationMarker[] {
  const out: CitationMarker[] = [];
  for (const m of text.matchAll(MARKER)) {
    const numbers: number[] = [];
    const written: number[] = [];
    for (const part of m[1].split(/[,;]/)) {
      const [a, b] = part.split(/[-–—]/).map((x) => Number.parseInt(x.trim(), 10));
      if (b === undefined) {
        numbers.push(a);
        written.push(a);
        continue;
      }
      written.push(a, b);
      const lo = Math.min(a, b);
      const hi = Math.max(a, b);
      if (hi - lo > MAX_RANGE) numbers.push(lo, hi);
      else for (let n = lo; n <= hi; n++) numbers.push(n);
    }
    const start = m.index ?? 0;
    out.push({ start, end: start + m[0].length, numbers, written });
  }
  return out;
}

/** The sentence an answer states just before `markerStart` (back to the previous marker or sentence end). */
function claimBefore(answer: string, markerStart: number, previousEnd: number): string {
  const head = answer.slice(previousEnd, markerStart);
  // Last sentence of `head`: after the last terminal punctuation followed by space, or a line break.
  const parts = head.split(/(?<=[.!?…])\s+|\n+/);
  let claim = parts[parts.length - 1] ?? '';
  if (claim.trim() === '' && parts.length > 1) claim = parts[parts.length - 2];
  return squashSpaces(claim.replace(/^\s*(?:[-•*]|\d+[.)])\s+/, ''));
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Where `claim` occurs in `text`, ignoring differences in whitespace; null when it does not. */
export function findVerbatim(text: string, claim: string): { start: number; end: number } | null {
  const words = claim.split(' ').filter((w) => w !== '');
  if (words.length === 0) return null;
  const re = new RegExp(words.map(escapeRegExp).join('\\s+'));
  const m = re.exec(text);
  return m ? { start: m.index, end: m.index + m[0].length } : null;
}

/** A claim shorter than this is too weak a match to narrow a quote to (e.g. "Yes."). */
const MIN_QUOTE_CHARS = 20;

export function extractCitations(answer: string, passages: ContextPassage[]): CitationResult {
  const byN = new Map(passages.map((p) => [p.n, p]));
  const cited = new Map<number, Citation>();
  const invalid = new Set<number>();
  let previousEnd = 0;
  let claim = '';
  for (const marker of parseCitationMarkers(answer)) {
    // "claim [1] [2]": the second marker supports the same claim as the first.
    claim = claimBefore(answer, marker.start, previousEnd) || claim;
    previousEnd = marker.end;
    for (const n of marker.written) if (!byN.has(n)) invalid.add(n);
    for (const n of marker.numbers) {
      const p = byN.get(n);
      if (!p || cited.has(n)) continue;
      cited.set(n, toCitation(p, claim));
    }
  }
  return {
    citations: [...cited.values()].sort((a, b) => a.n - b.n),
    invalid: [...invalid].sort((a, b) => a - b),
  };
}

function toCitation(p: ContextPassage, claim: string): Citation {
  const base: Citation = {
    n: p.n,
    chunkId: p.chunkId,
    documentId: p.documentId,
    path: p.path,
    pageStart: p.pageStart,
    pageEnd: p.pageEnd,
    pageLabel: p.pageLabel,
    charStart: p.charStart,
    charEnd: p.charEnd,
    quote: p.text,
  };
  if (claim.length < MIN_QUOTE_CHARS) return base;
  const at = findVerbatim(p.text, claim);
  if (!at) return base;
  // Offsets can be narrowed only when the passage text is the document's text slice, character for character.
  const exact = p.charEnd - p.charStart === p.text.length;
  return {
    ...base,
    quote: squashSpaces(p.text.slice(at.start, at.end)),
    charStart: exact ? p.charStart + at.start : p.charStart,
    charEnd: exact ? p.charStart + at.end : p.charEnd,
  };
}
