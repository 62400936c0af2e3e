// Concepts named in a text, from the synonym lexicon (synonyms-data.ts): "capital expenditure" in a question
// and "Purchases of property, plant and equipment" in a statement are the same concept. Matching is on
// stemmed content words (terms.ts), longest phrase first, so "cost of sales" is not also "sales". Used as
// weighted query expansion by passage evidence (a phrase of the concept counts, below the question's own
// words) and by table-cell answers (a row label matches a question through its concept).
import { FINANCIAL_SYNONYMS } from './synonyms-data';
import { contentTerms } from './terms';

export interface ConceptMatch {
  concept: number;
  /** Term positions [start, end) in the stem sequence. */
  start: number;
  end: number;
}

export interface QueryExpansion {
  /** The query's stems that named the concept. */
  covers: string[];
  /** Every phrase of the concept, as stems (the query's own among them). */
  phrases: string[][];
}

/** "PP&E", "R&D", "SG&A" are one word each: the "&" would split them into letters that mean nothing. */
function joinAmpersands(text: string): string {
  return text.replace(/\b([\p{L}]{1,3})\s*&\s*([\p{L}]{1,3})\b/gu, '$1$2');
}

/** Content stems of a text, with "PP&E"-style abbreviations kept whole (see joinAmpersands). */
export function conceptTerms(text: string): string[] {
  return contentTerms(joinAmpersands(text));
}

interface Lexicon {
  /** Phrases by their first stem: [concept, stems]. */
  byFirst: Map<string, { concept: number; stems: string[] }[]>;
  phrases: string[][][];
}

let lexicon: Lexicon | null = null;

function load(): Lexicon {
  if (lexicon) return lexicon;
  const byFirst = new Map<string, { concept: number; stems: string[] }[]>();
  const phrases = FINANCIAL_SYNONYMS.map((group, concept) => {
    const stems = [...new Map(group.map((p) => conceptTerms(p)).map((s) => [s.join(' '), s])).values()];
    for (const s of stems) {
      if (s.length === 0) continue;
      byFirst.set(s[0], [...(byFirst.get(s[0]) ?? []), { concept, stems: s }]);
    }
    return stems.filter((s) => s.length > 0);
  });
  for (const list of byFirst.values()) list.sort((a, b) => b.stems.length - a.stems.length);
  lexicon = { byFirst, phrases };
  return lexicon;
}

/** The concepts in a stem sequence, left to right, longest phrase first, non-overlapping. */
export function findConcepts(terms: readonly string[]): ConceptMatch[] {
  const { byFirst } = load();
  const out: ConceptMatch[] = [];
  for (let i = 0; i < terms.length; ) {
    const match = byFirst
      .get(terms[i])
      ?.find((p) => p.stems.every((s, k) => terms[i + k] === s) && i + p.stems.length <= terms.length);
    if (match) {
      out.push({ concept: match.concept, start: i, end: i + match.stems.length });
      i += match.stems.length;
    } else i++;
  }
  return out;
}

/** For each concept the query names: the query's words for it and every phrase of the concept. */
export function expandQuery(query: string): QueryExpansion[] {
  return expandTerms(conceptTerms(query));
}

/** expandQuery on stems already made (stemming a stem again may change it). */
export function expandTerms(terms: readonly string[]): QueryExpansion[] {
  const { phrases } = load();
  const seen = new Set<number>();
  const out: QueryExpansion[] = [];
  for (const m of findConcepts(terms)) {
    if (seen.has(m.concept)) continue;
    seen.add(m.concept);
    out.push({ covers: terms.slice(m.start, m.end), phrases: phrases[m.concept] });
  }
  return out;
}

/** Whether every stem of one of `phrases` is in `terms`. */
export function containsPhrase(terms: ReadonlySet<string>, phrases: readonly string[][]): boolean {
  return phrases.some((p) => p.every((s) => terms.has(s)));
}
