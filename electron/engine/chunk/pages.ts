// Maps text offsets to physical pages.
import type { PageSpan } from '../types';

export interface PageLookup {
  /** 1-based page holding `first`, and the page holding `last` (both offsets of characters in the chunk). */
  span(first: number, last: number): { pageStart: number; pageEnd: number; pageLabel: string | null } | null;
}

export function pageLookup(pages: PageSpan[]): PageLookup {
  const sorted = [...pages].sort((a, b) => a.start - b.start);
  // Index of the last page starting at or before pos (-1 if none).
  const before = (pos: number): number => {
    let lo = 0;
    let hi = sorted.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid].start <= pos) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  };
  return {
    span(first, last) {
      if (sorted.length === 0) return null;
      // Text between two pages' spans (a separator) belongs to the page that follows for a start, and to the
      // page before for an end, so that a span never claims a page the chunk has no text on.
      let i = before(first);
      if (i < 0 || first >= sorted[i].end) i = Math.min(i + 1, sorted.length - 1);
      const j = Math.max(before(last), 0);
      const start = sorted[i];
      const end = sorted[Math.max(i, j)];
      return { pageStart: start.number, pageEnd: end.number, pageLabel: start.label ?? null };
    },
  };
}
