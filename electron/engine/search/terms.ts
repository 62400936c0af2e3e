// Word-level text handling shared by search (feedback terms) and the extractive generator (sentence
// scoring). Mirrors the keyword index's tokenizer (`porter unicode61 remove_diacritics 2`): lower case,
// diacritics removed, Porter stems, so "Résumés" and "resume" are the same term here as in FTS5.
import { porterStem } from './porter';

const ASCII = /^[\x00-\x7f]*$/;

/** Lower case, diacritics removed (NFKD then combining marks dropped), ligatures expanded. */
export function foldText(text: string): string {
  // Most text is ASCII, where folding is lower-casing: skip the Unicode passes (passage scoring folds the
  // text of every candidate of every query).
  if (ASCII.test(text)) return text.toLowerCase();
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

/**
 * The folded text when every character folds to exactly one (so offsets in it are offsets in `text`),
 * else null: a ligature that expands or a combining mark that is dropped would shift them.
 */
export function foldAligned(text: string): string | null {
  if (ASCII.test(text)) return text.toLowerCase();
  const folded = foldText(text);
  if (folded.length !== text.length) return null;
  for (const m of text.matchAll(/[^\x00-\x7f]/g)) if (foldText(m[0]).length !== 1) return null;
  return folded;
}

/** Words as FTS5's unicode61 sees them: runs of letters and digits. */
export function words(text: string): string[] {
  const folded = foldText(text);
  return (ASCII.test(folded) ? folded.match(/[a-z0-9]+/g) : folded.match(/[\p{L}\p{N}]+/gu)) ?? [];
}

const ENGLISH_STOPWORDS =
  'a about above after again against all also am an and any are as at be because been before being below between both but by can could did do does doing down during each few for from further had has have having he her here hers herself him himself his how i if in into is it its itself just me more most my myself no nor not of off on once only or other our ours ourselves out over own same she should so some such than that the their theirs them themselves then there these they this those through to too under until up very was we were what when where which while who whom why will with would you your yours yourself yourselves';

const FRENCH_STOPWORDS =
  'a au aux avec ce ces cet cette dans de des du elle elles en est et etaient etait ete etre eu il ils je la le les leur leurs lui ma mais me meme mes moi mon ne nos notre nous on ont ou par pas pour qu que quel quelle quelles quels qui sa sans se ses son sont sur ta te tes toi ton tu un une vos votre vous y c d j l m n s t comment pourquoi quand quoi combien dont ici tres plus peut fait faire avoir sont';

/** English and French function words, folded (no accents). Questions mix both ("What does le contrat say?"). */
export const STOPWORDS: ReadonlySet<string> = new Set(`${ENGLISH_STOPWORDS} ${FRENCH_STOPWORDS}`.split(/\s+/));

// Stemming is the hot path of passage scoring (every word of ~100 candidates per query): memoise it.
const stemCache = new Map<string, string>();
const STEM_CACHE_MAX = 100_000;

/** Porter stem of a folded word; words with digits or non-ASCII letters are kept as they are. */
export function stemWord(w: string): string {
  let s = stemCache.get(w);
  if (s === undefined) {
    s = /^[a-z]+$/.test(w) ? porterStem(w) : w;
    if (stemCache.size >= STEM_CACHE_MAX) stemCache.clear();
    stemCache.set(w, s);
  }
  return s;
}

/** Stems of the content words of `text`, in order, stopwords removed. */
export function contentTerms(text: string): string[] {
  const out: string[] = [];
  for (const w of words(text)) if (!STOPWORDS.has(w)) out.push(stemWord(w));
  return out;
}

export interface QueryTermMatcher {
  /** The query's distinct content stems. */
  terms: string[];
  /** The query stem a folded word stands for, or null (stopword, or not a query term). */
  termOf(foldedWord: string): string | null;
  /** The query stems found in `text` (any text: it is folded here). */
  termsIn(text: string): Set<string>;
  /**
   * Where the query's words occur in `text`, as offsets into `text` itself; null when folding changes the
   * length of the text (some non-ASCII text), where offsets into the folded text would not map back.
   */
  matchesIn(text: string): TermMatch[] | null;
}

export interface TermMatch {
  start: number;
  end: number;
  term: string;
}

/**
 * Matches the words of many texts against one query's stems. Remembers each word it has seen, because
 * scoring a query's candidates meets the same words thousands of times and most are not query terms.
 */
export function queryTermMatcher(query: string): QueryTermMatcher {
  const terms = [...new Set(contentTerms(query))];
  const wanted = new Set(terms);
  const memo = new Map<string, string | null>();
  const termOf = (word: string): string | null => {
    let term = memo.get(word);
    if (term === undefined) {
      const stem = STOPWORDS.has(word) ? null : stemWord(word);
      term = stem !== null && wanted.has(stem) ? stem : null;
      memo.set(word, term);
    }
    return term;
  };
  const prefixes = candidatePrefixes(terms);
  const scan = (folded: string) => scanWords(folded, prefixes, termOf);
  return {
    terms,
    termOf,
    termsIn(text: string): Set<string> {
      return new Set(scan(foldText(text)).map((m) => m.term));
    },
    matchesIn(text: string): TermMatch[] | null {
      const folded = foldAligned(text);
      return folded === null ? null : scan(folded);
    },
  };
}

const UNICODE_WORD_CHAR = /^[\p{L}\p{N}]$/u;

/** Length (1, or 2 for a surrogate pair) of the letter or digit at `i`, 0 if there is none. */
function wordCharAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90) ? 1 : 0;
  const len = c >= 0xd800 && c <= 0xdbff ? 2 : 1;
  return UNICODE_WORD_CHAR.test(text.slice(i, i + len)) ? len : 0;
}

/**
 * The words of folded text (runs of letters and digits, as `words()` finds them) that start with a
 * candidate prefix, with their offsets. Written by hand: a regular expression allocates a string per
 * match and tries the alternation at every character; this walks the text once and slices out only the
 * few candidate words. Passage scoring spends most of its time here.
 */
function scanWords(
  text: string,
  byFirstChar: Map<number, string[]>,
  termOf: (word: string) => string | null,
): TermMatch[] {
  const out: TermMatch[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const step = wordCharAt(text, i);
    if (step === 0) {
      i++;
      continue;
    }
    let end = i + step;
    for (let w = wordCharAt(text, end); end < n && w > 0; w = wordCharAt(text, end)) end += w;
    const prefixes = byFirstChar.get(text.charCodeAt(i));
    if (prefixes?.some((p) => p.length <= end - i && text.startsWith(p, i))) {
      const term = termOf(text.slice(i, end));
      if (term !== null) out.push({ start: i, end, term });
    }
    i = end;
  }
  return out;
}

/**
 * The prefixes (by first character) of the only words that can stem to one of `stems`: Porter
 * rewrites the end of a word only, and at most the last letter of the stem differs from the word ("hoping"
 * → "hope", "happy" → "happi"), so every such word starts with its stem minus the last letter. Looking only
 * at words with such a prefix skips the stemming and lookup of every other word (most of them).
 */
function candidatePrefixes(stems: string[]): Map<number, string[]> {
  const byFirstChar = new Map<number, string[]>();
  for (const p of new Set(stems.map((s) => (s.length > 1 ? s.slice(0, -1) : s)))) {
    byFirstChar.set(p.charCodeAt(0), [...(byFirstChar.get(p.charCodeAt(0)) ?? []), p]);
  }
  return byFirstChar;
}
