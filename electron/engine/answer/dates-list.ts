// The offline answer to "what are the key dates?": the sentences (or table rows) of the passages that carry
// a date, one per date, sorted chronologically, each as "date — sentence [n]". The date and the sentence are
// verbatim slices of the passage; only the frame ("Key dates in your documents:") is ours.
//
// Which dates, when there are more than fit: precise ones (a day beats a month, a month a quarter…),
// stated in prose rather than in a table header, in sentences about one date rather than lists of them,
// and sharing words with the question's topic. Then the kept ones are put in time order.
import { basename } from 'node:path';
import { contentTerms } from '../search/terms';
import { squashSpaces } from '../search/sentences';
import type { ContextPassage } from '../types';
import { type DateMention, dateOrder, findDates } from './dates';
import { detectLanguage, type Language } from './language';
import { textUnits } from './summary-units';

export const DATES_PHRASES: Record<Language, { one: (name: string) => string; many: string }> = {
  en: { one: (name) => `Key dates in ${name}:`, many: 'Key dates in your documents:' },
  fr: { one: (name) => `Dates clés de ${name} :`, many: 'Dates clés de vos documents :' },
};

export interface DatedLine {
  passage: ContextPassage;
  date: DateMention;
  /** The sentence or table row, whitespace squashed. */
  text: string;
  /** Where it starts in the passage (document order among equal dates). */
  at: number;
  score: number;
}

/** At most this many lines: a list to read, not an index of the document. */
const MAX_LINES = 12;
/** Sentences read, at most (bounded work on long passages). */
const MAX_CANDIDATES = 600;
const MIN_WORDS = 3;
const MAX_WORDS = 70;
const PRECISION_WEIGHT: Record<DateMention['precision'], number> = {
  day: 3,
  month: 2.2,
  quarter: 1.8,
  half: 1.6,
  part: 1.6,
  year: 1,
};

/** The dated lines to show, in chronological order; empty when the passages hold no date. */
export function datedLines(passages: ContextPassage[], topic: string): DatedLine[] {
  const topicTerms = new Set(contentTerms(topic));
  const byDate = new Map<number, DatedLine>();
  const seen = new Set<string>();
  let read = 0;
  for (const passage of passages) {
    const language = detectLanguage(passage.text);
    for (const unit of textUnits(passage.text)) {
      if (++read > MAX_CANDIDATES) break;
      const text = squashSpaces(unit.text);
      // A lower-case start is the tail of a sentence cut at the chunk's start (its head is in the chunk before).
      if (/^\p{Ll}/u.test(text)) continue;
      const count = text.split(' ').length;
      if (count < MIN_WORDS || count > MAX_WORDS) continue;
      const key = text.toLowerCase();
      // Overlapping chunks repeat sentences: each is read once.
      if (seen.has(key)) continue;
      seen.add(key);
      const dates = findDates(text, language);
      if (dates.length === 0) continue;
      const date = dates[0];
      const line: DatedLine = {
        passage,
        date,
        text,
        at: unit.start,
        score: lineScore(text, dates, topicTerms),
      };
      // One line per date: the best-scoring sentence for it.
      const order = dateOrder(date) * 10 + precisionRank(date.precision);
      const best = byDate.get(order);
      if (!best || line.score > best.score) byDate.set(order, line);
    }
  }
  return [...byDate.values()]
    .sort((a, b) => b.score - a.score)
    .slice(0, MAX_LINES)
    .sort((a, b) => dateOrder(a.date) - dateOrder(b.date) || a.passage.n - b.passage.n || a.at - b.at);
}

/** The answer text: frame, then "- date — sentence [n]" lines. Null when there is no dated line. */
export function datesAnswer(passages: ContextPassage[], topic: string, language: Language): string[] | null {
  const lines = datedLines(passages, topic);
  if (lines.length === 0) return null;
  const docs = new Set(lines.map((l) => l.passage.documentId));
  const phrases = DATES_PHRASES[language];
  const frame = docs.size === 1 ? phrases.one(basename(lines[0].passage.path)) : phrases.many;
  return [`${frame}\n`, ...lines.map((l) => `\n- ${l.date.text} — ${l.text} [${l.passage.n}]`)];
}

function lineScore(text: string, dates: DateMention[], topicTerms: Set<string>): number {
  let score = PRECISION_WEIGHT[dates[0].precision];
  // Prose (a sentence that ends like one, mostly words) states what happens on the date; a row of figures
  // or a column header only labels it: rows come after every sentence, and fill the list only when the
  // document has few dated sentences.
  const tokens = text.split(' ');
  const wordy = tokens.filter((t) => /\p{L}{2,}/u.test(t)).length / tokens.length;
  score += wordy;
  if (!/[.!?…]["'”’»)]*$/u.test(text) || wordy < 0.6) score -= 3;
  // A sentence listing many dates is about none of them in particular.
  score -= 0.3 * (dates.length - 1);
  if (topicTerms.size > 0) {
    const terms = new Set(contentTerms(text));
    let shared = 0;
    for (const t of topicTerms) if (terms.has(t)) shared++;
    score += (2 * shared) / topicTerms.size;
  }
  return score;
}

function precisionRank(p: DateMention['precision']): number {
  return ['day', 'month', 'quarter', 'half', 'part', 'year'].indexOf(p);
}
