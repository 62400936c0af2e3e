// Word-level text handling shared by search (feedback terms) and the extractive generator (sentence
// scoring). Mirrors the keyword index's tokenizer (`porter unicode61 remove_diacritics 2`): lower case,
// diacritics removed, Porter stems, so "Résumés" and "resume" are the same term here as in FTS5.
import { porterStem } from './porter';

/** Lower case, diacritics removed (NFKD then combining marks dropped), ligatures expanded. */
export function foldText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

/** Words as FTS5's unicode61 sees them: runs of letters and digits. */
export function words(text: string): string[] {
  return foldText(text).match(/[\p{L}\p{N}]+/gu) ?? [];
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
