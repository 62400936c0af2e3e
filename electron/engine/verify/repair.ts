// Repairs the citations the checker can repair without guessing: a sentence that its citation does not support
// while exactly one other passage of the answer does, clearly better than every other passage, gets that
// passage's number instead; a sentence with no citation gets one on the same condition. Anything less clear
// is left as written (and stays flagged). Only citation numbers change, never the words: the repaired text is
// checked again, so the sentences' offsets and labels are those of the text the reader sees.
import { detectLanguage, type Language } from '../answer/language';
import { parseCitationMarkers } from '../answer/citations';
import { claimsOf } from './claims';
import { type VerifiedSentence, type VerifyOptions, type VerifySource, SUPPORTED_COVERAGE, verifyWith } from './index';
import { bestSpan, type PreparedSource, prepareSource } from './match';
import { withoutMarkers } from './split';

/** What was changed in one sentence: the numbers it cited (none: a citation was added) and those it cites now. */
export interface CitationRepair {
  from: number[];
  to: number[];
}

export interface RepairedSentence extends VerifiedSentence {
  repaired?: CitationRepair;
}

export interface RepairResult {
  /** The answer with the repaired citation numbers (the same text when nothing was repaired). */
  text: string;
  sentences: RepairedSentence[];
  repairs: number; // how many sentences had their citations repaired
}

/**
 * How far ahead of every other passage the supporting one must be: the share of the sentence's content words
 * the runner-up may cover at most, below the winner's. Two passages that both say it leave the choice open.
 */
export const REPAIR_MARGIN = 0.2;

interface Edit {
  at: number;
  end: number; // end === at: an insertion
  insert: string;
  sentence: number;
  repair: CitationRepair;
}

export function repairCitations(answer: string, sources: VerifySource[], opts: VerifyOptions = {}): RepairResult {
  const language = opts.language ?? detectLanguage(answer);
  const cache = new Map<number, PreparedSource>();
  const first = verifyWith(answer, sources, language, cache);
  const prepared = sources.map((s) => {
    const p = cache.get(s.n) ?? prepareSource(s.n, s.text, language);
    cache.set(s.n, p);
    return p;
  });
  const markers = parseCitationMarkers(answer);
  const edits: Edit[] = [];
  first.sentences.forEach((s, i) => {
    // A citation of a passage the answer was never given counts as none.
    const usable = s.citations.some((n) => sources.some((x) => x.n === n));
    if (s.support === 'no-claim' || (usable && s.support !== 'not-supported')) return;
    // One marker to replace, or none: with two markers ("… [1] … [2].") which one is wrong is a guess.
    const inside = markers.filter((m) => m.start >= s.start && m.end <= s.end);
    if (inside.length > 1) return;
    const n = soleSupporter(s.text, prepared, language);
    if (n === null || s.citations.includes(n)) return;
    const repair = { from: s.citations, to: [n] };
    if (inside.length === 1)
      edits.push({ at: inside[0].start, end: inside[0].end, insert: `[${n}]`, sentence: i, repair });
    else {
      // "… in 2023." → "… in 2023 [3].": before the closing punctuation, as models write citations.
      const tail = /[.!?…]+["'”’»)]*$/u.exec(s.text);
      const at = s.start + (tail ? tail.index : s.text.length);
      edits.push({ at, end: at, insert: ` [${n}]`, sentence: i, repair });
    }
  });
  if (edits.length === 0) return { text: answer, sentences: first.sentences, repairs: 0 };

  let text = '';
  let from = 0;
  for (const e of edits) {
    text += answer.slice(from, e.at) + e.insert;
    from = e.end;
  }
  text += answer.slice(from);
  const second = verifyWith(text, sources, language, cache);
  // Editing a marker never moves a sentence boundary, so the sentences correspond one to one.
  const byIndex = new Map(edits.map((e) => [e.sentence, e.repair]));
  const sentences = second.sentences.map((s, i): RepairedSentence => {
    const repair = second.sentences.length === first.sentences.length ? byIndex.get(i) : undefined;
    return repair ? { ...s, repaired: repair } : s;
  });
  return { text, sentences, repairs: edits.length };
}

/**
 * The one passage that supports the sentence — all its figures, names and negations there, most of its words
 * in one span — clearly ahead of the rest; null when none does or when another comes close.
 */
export function soleSupporter(sentence: string, sources: PreparedSource[], language: Language): number | null {
  const claims = claimsOf(withoutMarkers(sentence), language);
  const scored = sources.map((src) => {
    const m = bestSpan(claims, [src]);
    const hard = m ? m.missingQuantities.length + m.missingEntities.length + m.negation.length : 1;
    return { n: src.n, coverage: m?.coverage ?? 0, clean: hard === 0 };
  });
  const supporters = scored.filter((x) => x.clean && x.coverage >= SUPPORTED_COVERAGE);
  if (supporters.length !== 1) return null;
  const best = supporters[0];
  // A passage that lacks one of the sentence's figures or names is no rival; one that has them all is, unless
  // it covers clearly less of the sentence.
  const close = scored.some((x) => x.n !== best.n && x.clean && x.coverage > best.coverage - REPAIR_MARGIN);
  return close ? null : best.n;
}
