// A short excerpt of a hit for result lists: the window of the chunk that holds the most distinct query
// terms (ties: the earliest), else the beginning. Matching words are marked «…» as FTS5's snippet() marks
// them. Made here rather than by FTS5 because snippet() costs one MATCH per hit (~1 ms each at 100k chunks)
// and vector-only hits have no keyword match at all.
import { foldText, type QueryTermMatcher } from './terms';

const WINDOW = 200;
/** Characters kept before the first matching word of the window, for context. */
const LEAD = WINDOW / 4;

interface Match {
  at: number;
  term: string;
}

/** `matcher`: the query's (queryTermMatcher); one per search, shared by its hits. */
export function makeSnippet(text: string, matcher: QueryTermMatcher): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  // A word folds to one word except for rare ligatures ("ﬁ" → "fi"), which may not match: harmless here.
  const termOf = (word: string): string | null => matcher.termOf(foldText(word));
  const matches: Match[] =
    matcher.matchesIn(flat)?.map((m) => ({ at: m.start, term: m.term })) ??
    [...flat.matchAll(/[\p{L}\p{N}]+/gu)].flatMap((m) => {
      const term = termOf(m[0]);
      return term ? [{ at: m.index ?? 0, term }] : [];
    });
  const start = flat.length <= WINDOW ? 0 : wordStart(flat, bestWindowStart(matches, flat.length));
  const end = Math.min(flat.length, start + WINDOW);
  const body = flat.slice(start, end).replace(/[\p{L}\p{N}]+/gu, (w) => (termOf(w) ? `«${w}»` : w));
  return `${start > 0 ? '…' : ''}${body}${end < flat.length ? '…' : ''}`;
}

/** Start of the window (anchored LEAD characters before a match) covering the most distinct terms. */
function bestWindowStart(matches: Match[], length: number): number {
  let best = 0;
  let bestCount = 0;
  for (let i = 0; i < matches.length; i++) {
    const start = Math.max(0, Math.min(matches[i].at - LEAD, length - WINDOW));
    const seen = new Set<string>();
    for (let j = i; j < matches.length && matches[j].at < start + WINDOW; j++) seen.add(matches[j].term);
    if (seen.size > bestCount) {
      bestCount = seen.size;
      best = start;
    }
  }
  return best;
}

/** Moves `at` back to the beginning of the word it falls in, so no excerpt starts mid-word. */
function wordStart(text: string, at: number): number {
  let i = at;
  while (i > 0 && /[\p{L}\p{N}]/u.test(text[i - 1])) i--;
  return i;
}
