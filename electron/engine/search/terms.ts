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
  const candidates = candidateWords(terms);
  return {
    terms,
    termOf,
    termsIn(text: string): Set<string> {
      const found = new Set<string>();
      if (candidates) for (const m of scan(foldText(text))) found.add(m.term);
      return found;
    },
    matchesIn(text: string): TermMatch[] | null {
      const folded = foldAligned(text);
      if (folded === null) return null;
      return candidates ? scan(folded) : [];
    },
  };

  function scan(folded: string): TermMatch[] {
    const out: TermMatch[] = [];
    if (!candidates) return out;
    for (const m of folded.matchAll(ASCII.test(folded) ? candidates.ascii : candidates.unicode)) {
      const term = termOf(m[0]);
      if (term !== null) out.push({ start: m.index ?? 0, end: (m.index ?? 0) + m[0].length, term });
    }
    return out;
  }
}

/**
 * Regular expressions that find, in folded text, the only words that can stem to one of `stems`: Porter
 * rewrites the end of a word only, and at most the last letter of the stem differs from the word ("hoping"
 * → "hope", "happy" → "happi"), so every such word starts with its stem minus the last letter. Scanning
 * with one native regular expression skips the stemming and lookup of every other word (most of them).
 */
function candidateWords(stems: string[]): { ascii: RegExp; unicode: RegExp } | null {
  if (stems.length === 0) return null;
  const prefixes = [...new Set(stems.map((s) => (s.length > 1 ? s.slice(0, -1) : s)))]
    .sort((a, b) => b.length - a.length)
    .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('|');
  return {
    ascii: new RegExp(`(?<![a-z0-9])(?:${prefixes})[a-z0-9]*`, 'g'),
    unicode: new RegExp(`(?<![\\p{L}\\p{N}])(?:${prefixes})[\\p{L}\\p{N}]*`, 'gu'),
  };
}
