// Turns whatever the user typed into a safe FTS5 MATCH expression with BM25's OR semantics.
// FTS5 has its own query language (AND/OR/NOT/NEAR, quotes, parentheses, `*`, `^`, `col:`), and a stray
// operator is a syntax error. We never pass user syntax through: we keep only the characters that the
// unicode61 tokenizer treats as part of a token, and quote every term, so each one is a plain string.

/** Characters unicode61 keeps in tokens: letters, numbers, private use, and combining marks (folded later). */
const TERM = /[\p{L}\p{N}\p{M}\p{Co}]+/gu;

/** Upper bound on OR'ed terms: keeps pathological pastes (a whole page as a query) fast. */
export const MAX_QUERY_TERMS = 64;

/** A key that treats "Résumé" and "resume" as the same term, as the tokenizer will. */
function foldKey(term: string): string {
  return term.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

/** The distinct terms of a query, in order of first appearance. */
export function queryTerms(text: string, maxTerms = MAX_QUERY_TERMS): string[] {
  const seen = new Set<string>();
  const terms: string[] = [];
  for (const match of text.normalize('NFC').matchAll(TERM)) {
    const term = match[0];
    const key = foldKey(term);
    // A lone combining mark folds to nothing; it would make an empty phrase.
    if (!key || seen.has(key)) continue;
    seen.add(key);
    terms.push(term);
    if (terms.length >= maxTerms) break;
  }
  return terms;
}

/**
 * FTS5 MATCH expression: every term quoted (a string, never an operator), joined with OR.
 * Returns null when nothing searchable remains (e.g. "*", "++", an emoji): the caller returns no hits.
 */
export function toFtsQuery(text: string, maxTerms = MAX_QUERY_TERMS): string | null {
  const terms = queryTerms(text, maxTerms);
  if (terms.length === 0) return null;
  // Terms contain no double quote (not a token character), so quoting needs no escaping.
  return terms.map((t) => `"${t}"`).join(' OR ');
}
