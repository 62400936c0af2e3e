// The citation checker: every sentence of a written answer compared with the passages it cites, without any
// model. Pure and synchronous; the answer path, `lucarne verify` and the measurements call it the same way.
//   supported         every quantity, entity and negation found in one span that covers most of its words
//   partly-supported  those found, but the span covers only part of its words; or found in an uncited source
//   not-supported     a quantity, entity or negation missing or contradicted, or little of its words found
//   no-claim          nothing to check ("Here is what I found:", a greeting, a lead-in to a list)
import { detectLanguage, type Language } from '../answer/language';
import { claimsOf } from './claims';
import { bestSpan, type PreparedSource, prepareSource } from './match';
import { splitAnswer, withoutMarkers } from './split';

export type Support = 'supported' | 'partly-supported' | 'not-supported' | 'no-claim';

export interface VerifiedSentence {
  text: string;
  start: number;
  end: number;
  citations: number[];
  support: Support;
  span: { n: number; start: number; end: number } | null; // offsets in that source's text
  missing: string[]; // what was not found: numbers, names, negations ("not", or "¬word" for the source's), "[n]" for a citation to no source, "citation"
}

export interface VerifyResult {
  sentences: VerifiedSentence[];
}

export interface VerifySource {
  n: number;
  text: string;
}

export interface VerifyOptions {
  language?: Language;
}

/** Coverage of the sentence's content words at or above which a sentence is supported. */
export const SUPPORTED_COVERAGE = 0.7;
/** Below this it is not supported at all (too little of it is in the source). */
export const PARTLY_COVERAGE = 0.4;

const NO_CLAIM =
  /^(?:(?:here(?:'s| is| are)|below is|voici|voilà)\b.*\b(?:found|what|answer|summary|information|trouvé|réponse|résumé|informations?)\b|(?:hello|hi|bonjour|salut|sure|certainly|of course|bien sûr|d'accord|avec plaisir)\b|(?:from|according to|based on|d'après|selon) (?:your|the provided|the|vos|les) (?:documents?|sources?|passages?|context)\s*[:,]?$|(?:i hope this helps|j'espère que cela (?:vous )?aide)|sources?\s*(?:\(s\))?\s*:)/i;

export function verifyAnswer(answer: string, sources: VerifySource[], opts: VerifyOptions = {}): VerifyResult {
  return verifyWith(answer, sources, opts.language ?? detectLanguage(answer), new Map());
}

/**
 * verifyAnswer with the sources' prepared sentences kept in `prepared` (by n, for this language), so that the
 * repair, which checks the same sources several times, splits and analyses each passage once.
 */
export function verifyWith(
  answer: string,
  sources: VerifySource[],
  language: Language,
  prepared: Map<number, PreparedSource>,
): VerifyResult {
  const source = (n: number): PreparedSource | undefined => {
    let p = prepared.get(n);
    if (!p) {
      const s = sources.find((x) => x.n === n);
      if (!s) return undefined;
      p = prepareSource(s.n, s.text, language);
      prepared.set(n, p);
    }
    return p;
  };
  const sentences = splitAnswer(answer).map((s): VerifiedSentence => {
    const base = { text: s.text, start: s.start, end: s.end, citations: s.citations };
    const claimText = withoutMarkers(s.text);
    const claims = claimsOf(claimText, language);
    const trimmed = claimText.trim();
    const nothingToCheck = claims.quantities.length === 0 && claims.entities.length === 0 && claims.stems.size < 2;
    // A stock phrase is no claim only when short and number-free ("Here is what I found: revenue was $5M"
    // still claims $5M).
    const stockPhrase = NO_CLAIM.test(trimmed) && claims.quantities.length === 0 && claims.words.length <= 12;
    if (stockPhrase || nothingToCheck || (s.citations.length === 0 && /:\s*$/.test(trimmed)))
      return { ...base, support: 'no-claim', span: null, missing: [] };

    const cited = s.citations.map((n) => source(n));
    const missing: string[] = s.citations.filter((_, i) => !cited[i]).map((n) => `[${n}]`);
    let pool = cited.filter((p): p is PreparedSource => p !== undefined);
    const uncited = pool.length === 0;
    // No usable citation: look in every source, so the report can say where the claim is (a later step
    // repairs the citation), but never call the sentence fully supported.
    if (uncited) {
      pool = sources.map((x) => source(x.n)).filter((p): p is PreparedSource => p !== undefined);
      if (s.citations.length === 0) missing.push('citation');
    }
    const m = bestSpan(claims, pool);
    if (!m) return { ...base, support: 'not-supported', span: null, missing };
    const span = { n: m.n, start: m.start, end: m.end };
    missing.push(...m.missingQuantities, ...m.missingEntities, ...m.negation);
    const hardMiss = m.missingQuantities.length + m.missingEntities.length + m.negation.length > 0;
    if (hardMiss || m.coverage < PARTLY_COVERAGE) {
      if (!hardMiss) missing.push(...uncoveredWords(claims, pool, m.n, span));
      return { ...base, support: 'not-supported', span, missing };
    }
    const support = m.coverage >= SUPPORTED_COVERAGE && !uncited ? 'supported' : 'partly-supported';
    if (m.coverage < SUPPORTED_COVERAGE) missing.push(...uncoveredWords(claims, pool, m.n, span));
    return { ...base, support, span, missing };
  });
  return { sentences };
}

/** The sentence's content words absent from the span, as written (the report's "what was not found"). */
function uncoveredWords(
  claims: ReturnType<typeof claimsOf>,
  pool: PreparedSource[],
  n: number,
  span: { start: number; end: number },
): string[] {
  const src = pool.find((p) => p.n === n);
  const stems = new Set<string>();
  for (const s of src?.sentences ?? [])
    if (s.start >= span.start && s.end <= span.end) for (const t of s.claims.stems) stems.add(t);
  const out: string[] = [];
  for (const w of claims.words) if (w.content && !stems.has(w.stem) && !out.includes(w.text)) out.push(w.text);
  return out;
}
