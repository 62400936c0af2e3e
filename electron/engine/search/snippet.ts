// A short excerpt for results that have no keyword snippet (found through vectors only): the window
// around the first query word found in the text, else the beginning. Matching words are marked «…» like
// the keyword index's snippets, so lists render both kinds alike.
import { contentTerms } from './terms';

const WINDOW = 200;

export function makeSnippet(text: string, query: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const wanted = new Set(contentTerms(query));
  const isMatch = (word: string) => contentTerms(word).some((t) => wanted.has(t));
  let at = -1;
  for (const m of flat.matchAll(/[\p{L}\p{N}]+/gu)) {
    if (isMatch(m[0])) {
      at = m.index ?? 0;
      break;
    }
  }
  const start = at < 0 || flat.length <= WINDOW ? 0 : Math.max(0, at - WINDOW / 4);
  const end = Math.min(flat.length, start + WINDOW);
  const body = flat.slice(start, end).replace(/[\p{L}\p{N}]+/gu, (w) => (isMatch(w) ? `«${w}»` : w));
  return `${start > 0 ? '…' : ''}${body}${end < flat.length ? '…' : ''}`;
}
