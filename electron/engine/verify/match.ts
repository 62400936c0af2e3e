// The best supporting span for a sentence among the passages it cites: windows of one to three consecutive
// passage sentences, scored by how many of the sentence's quantities and entities they contain and how much
// of its content vocabulary they cover. What the best window lacks (a number, a name, a negation) is the
// reason a sentence is not supported.
import type { Language } from '../answer/language';
import { splitSentences } from '../search/sentences';
import { type Claims, claimsOf, type Negation } from './claims';
import { isYear, sameQuantity } from './numbers';

export interface PreparedSource {
  n: number;
  text: string;
  sentences: { start: number; end: number; claims: Claims }[];
}

export interface SpanMatch {
  n: number;
  start: number;
  end: number;
  coverage: number; // share of the sentence's content stems found in the span, 0..1
  missingQuantities: string[];
  missingEntities: string[];
  negation: string[]; // negations that differ: "not" (the sentence's, absent from the span) or "¬word" (the span's)
}

const MAX_WINDOW = 3;
// How much a missing name or a differing negation lowers a window's score (a missing figure costs 1): small,
// so that the window that says the same thing in the same words wins and then shows the difference, rather
// than an unrelated window with no negation at all.
const ENTITY_PENALTY = 0.3;
const NEGATION_PENALTY = 0.1;

export function prepareSource(n: number, text: string, language: Language): PreparedSource {
  const spans = splitSentences(text);
  const sentences = (spans.length ? spans : [{ start: 0, end: text.length, text }]).map((s) => ({
    start: s.start,
    end: s.end,
    claims: claimsOf(s.text, language),
  }));
  return { n, text, sentences };
}

/** The best window of the given sources for `claims`, or null when there is no source. */
export function bestSpan(claims: Claims, sources: PreparedSource[]): SpanMatch | null {
  let best: SpanMatch | null = null;
  let bestScore = -1;
  for (const src of sources) {
    for (let i = 0; i < src.sentences.length; i++) {
      for (let w = 1; w <= MAX_WINDOW && i + w <= src.sentences.length; w++) {
        const window = src.sentences.slice(i, i + w);
        const m = compare(
          claims,
          window.map((s) => s.claims),
        );
        const score =
          m.coverage -
          m.missingQuantities.length -
          m.missingEntities.length * ENTITY_PENALTY -
          m.negation.length * NEGATION_PENALTY -
          // A longer window must earn its length: prefer the single sentence on a tie.
          (w - 1) * 0.02;
        if (score > bestScore) {
          bestScore = score;
          best = { ...m, n: src.n, start: window[0].start, end: window[w - 1].end };
        }
      }
    }
  }
  return best;
}

function compare(claims: Claims, window: Claims[]): Omit<SpanMatch, 'n' | 'start' | 'end'> {
  const stems = new Set<string>();
  const entityKeys = new Set<string>();
  const words = new Set<string>();
  const compounds = new Set<string>();
  for (const c of window) {
    for (const k of c.compounds) compounds.add(k);
    for (const s of c.stems) stems.add(s);
    for (const e of c.entities) entityKeys.add(e.key);
    for (const w of c.words) words.add(w.folded);
  }
  let covered = 0;
  for (const s of claims.stems) if (stems.has(s)) covered++;
  const coverage = claims.stems.size === 0 ? 1 : covered / claims.stems.size;
  // A figure is found when the span states the same amount about the same thing: at least one of the
  // words around it in the sentence is around it in the span too (a "60 %" elsewhere in the span is
  // another figure). A figure with no words around it, or a year (which moves freely in a sentence: "En
  // 2023, le chiffre…" / "… in 2023"), is matched on its value alone.
  const missingQuantities = claims.quantities
    .filter((q, i) => {
      const context = isYear(q) ? [] : claims.quantityContext[i];
      return !window.some((c) =>
        c.quantities.some(
          (p, j) =>
            sameQuantity(q, p) &&
            (context.length === 0 ||
              c.quantityContext[j].length === 0 ||
              c.quantityContext[j].some((t) => context.includes(t))),
        ),
      );
    })
    .map((q) => q.raw);
  // An entity is found as an entity of the span or as any word of it (a name written lower-case there).
  const missingEntities = claims.entities
    .filter(
      (e) => !entityKeys.has(e.key) && !compounds.has(e.key) && !(!e.key.startsWith('month:') && words.has(e.key)),
    )
    .map((e) => e.raw);
  const spanNegations = window.flatMap((c) => c.negations);
  return { coverage, missingQuantities, missingEntities, negation: negationDifferences(claims, spanNegations) };
}

/**
 * Negations that do not agree: one of the sentence's with no negation of the same words in the span, or one
 * of the span's over words the sentence repeats without negating them.
 */
function negationDifferences(claims: Claims, span: Negation[]): string[] {
  const out: string[] = [];
  // Two negations agree when one negates the word the other negates first ("not significantly different"
  // and "did not differ significantly"), or when they follow the same word and share a negated one (a
  // synonym right after "not"); two with nothing after them agree with each other.
  const overlaps = (a: Negation, b: Negation) =>
    (a.targets.length === 0 && b.targets.length === 0) ||
    (a.subject === b.subject && a.targets.some((t) => b.targets.includes(t))) ||
    (a.targets.length > 0 && b.targets.includes(a.targets[0])) ||
    (b.targets.length > 0 && a.targets.includes(b.targets[0]));
  for (const n of claims.negations) if (!span.some((m) => overlaps(n, m))) out.push(n.raw);
  for (const m of span) {
    // Only a negation of something the sentence states (its subject and object both there): a span longer
    // than the sentence may negate other things.
    const repeated = m.targets.filter((t) => claims.stems.has(t));
    if (repeated.length === 0 || (m.subject !== null && !claims.stems.has(m.subject))) continue;
    if (!claims.negations.some((n) => overlaps(n, m))) {
      const word = claims.words.find((w) => w.content && repeated.includes(w.stem));
      out.push(`¬${word?.text ?? repeated[0]}`);
    }
  }
  return out;
}
