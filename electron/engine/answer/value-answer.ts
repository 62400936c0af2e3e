// The offline answer to a value question: the table cell whose row label names what is asked (directly or
// through the synonym lexicon) and whose column matches the question's period (else the most recent), said
// as "Row label, Column header: value scale [n]", with the row's other values named after it. Only words and
// figures from the passages; null when no cell fits well enough, and the caller quotes sentences instead.
import { conceptTerms, findConcepts } from '../search/synonyms';
import type { ContextPassage } from '../types';
import type { Language } from './language';
import { type TableCellValue, tableCells } from './table-cells';
import type { Period, ValueQuestion } from './value-question';

export const VALUE_PHRASES: Record<Language, { intro: string; others: string }> = {
  en: { intro: 'From your documents:', others: 'Other values in this row:' },
  fr: { intro: "D'après vos documents :", others: 'Autres valeurs de cette ligne :' },
};

/** How well the row label must name what is asked (0..1, see labelScore). */
const MIN_LABEL_SCORE = 0.5;
const MIN_LABEL_SCORE_MIXED = 0.75;
const PERIOD_WEIGHT = 0.25;
/** A passage ranked lower by the search costs this much per rank. */
const RANK_PENALTY = 0.02;
/**
 * A cell from another document than the best-ranked passage's costs this much: search put the document the
 * question names first, and another company's or another quarter's statement has the same rows.
 */
const OTHER_DOCUMENT_PENALTY = 0.15;
const MAX_OTHERS = 3;

interface Scored {
  cell: TableCellValue;
  passage: ContextPassage;
  rank: number;
  score: number;
}

/** Stems with each concept's words replaced by one concept term, so "capex" and "purchases of PP&E" meet. */
function conceptSet(terms: string[]): Set<string> {
  const out = new Set(terms);
  for (const m of findConcepts(terms)) {
    for (let i = m.start; i < m.end; i++) out.delete(terms[i]);
    out.add(`#${m.concept}`);
  }
  for (const t of out) if (t.length < 2) out.delete(t);
  return out;
}

/**
 * How much each question word says about *which row*: words found in no passage cannot be matched by any
 * label and are left out; words in nearly every passage (the company's name in its own filing, "report")
 * weigh little; rare ones weigh most (BM25's IDF over the passages).
 */
function termWeights(question: Set<string>, passages: ContextPassage[]): Map<string, number> {
  const texts = passages.map((p) => conceptSet(conceptTerms(`${(p.headingPath ?? []).join(' ')} ${p.text}`)));
  const n = texts.length;
  const weights = new Map<string, number>();
  for (const t of question) {
    const df = texts.filter((words) => words.has(t)).length;
    if (df > 0) weights.set(t, Math.log(1 + (n - df + 0.5) / (df + 0.5)));
  }
  return weights;
}

/** Half the weighted share of the question's words the label says, half the share of the label's words asked for. */
function labelScore(weights: Map<string, number>, cell: TableCellValue): number {
  const label = conceptSet(conceptTerms(cell.label));
  if (label.size === 0 || weights.size === 0) return 0;
  const section = cell.section ? conceptSet(conceptTerms(cell.section)) : new Set<string>();
  let inLabel = 0;
  let inQuestion = 0;
  let total = 0;
  for (const [t, w] of weights) {
    total += w;
    if (label.has(t) || section.has(t)) inQuestion += w;
  }
  for (const t of label) if (weights.has(t)) inLabel++;
  if (inLabel === 0 || total === 0) return 0;
  return 0.5 * (inQuestion / total) + 0.5 * (inLabel / label.size);
}

const YEAR = /\b(?:19|20)\d\d\b/g;
const MONTH_SPANS: [RegExp, number][] = [
  [/\b(?:three|3)\s+months?\b|\bquarter\b|\btrois\s+mois\b|\btrimestre\b/i, 3],
  [/\b(?:six|6)\s+months?\b|\bsix\s+mois\b|\bsemestre\b/i, 6],
  [/\b(?:nine|9)\s+months?\b|\bneuf\s+mois\b/i, 9],
  [/\b(?:twelve|12)\s+months?\b|\byear\s+ended\b|\bexercice\b/i, 12],
];

const MONTH_NUMBERS: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  oct: 10,
  nov: 11,
  dec: 12,
  janv: 1,
  févr: 2,
  fevr: 2,
  mars: 3,
  avr: 4,
  mai: 5,
  juin: 6,
  juil: 7,
  août: 8,
  aout: 8,
  sept: 9,
  déc: 12,
};
const DAY_MONTH_YEAR =
  /\b(?:([a-zéû]{3,})\.?\s+(\d{1,2}),?\s+((?:19|20)\d\d)|(\d{1,2})(?:er)?\s+([a-zéû]{3,})\.?\s+((?:19|20)\d\d))\b/iu;

/** The date a column ends, as a sortable number (20230701), from "Three Months Ended July 1, 2023". */
function headerDate(header: string): number | null {
  const m = DAY_MONTH_YEAR.exec(header);
  if (m) {
    const monthWord = (m[1] ?? m[5]).toLowerCase();
    const month = MONTH_NUMBERS[monthWord.slice(0, 4)] ?? MONTH_NUMBERS[monthWord.slice(0, 3)];
    if (month) return Number(m[3] ?? m[6]) * 10_000 + month * 100 + Number(m[2] ?? m[4]);
  }
  const years = (header.match(YEAR) ?? []).map(Number);
  return years.length > 0 ? Math.max(...years) * 10_000 + 1231 : null;
}

/**
 * -1..1: the header names the question's year and period length; or, the question asking for the latest
 * figure, the header ends on the latest date of all the passages; or (nothing asked) the passage's latest year.
 */
function periodScore(period: Period, header: string, latestYear: number | null, latestDate: number | null): number {
  const years = (header.match(YEAR) ?? []).map(Number);
  let score = 0;
  if (period.years.length > 0 && years.length > 0) score += years.some((y) => period.years.includes(y)) ? 0.6 : -0.6;
  else if (period.latest && latestDate !== null && years.length > 0)
    score += headerDate(header) === latestDate ? 0.6 : -0.6;
  else if (latestYear !== null && years.length > 0) score += years.includes(latestYear) ? 0.3 : -0.3;
  const months = MONTH_SPANS.find(([re]) => re.test(header))?.[1] ?? null;
  if (period.months !== null && months !== null) score += months === period.months ? 0.4 : -0.4;
  return score;
}

function scaleWord(scale: string | null): string {
  if (!scale) return '';
  const singular: Record<string, string> = { millions: 'million', thousands: 'thousand', billions: 'billion' };
  return ` ${singular[scale] ?? scale}`;
}

function describe(cell: { label: string; section: string | null }): string {
  // "Products" or "Basic" alone says little: its section ("Net sales", "Earnings per share") goes first.
  const short = cell.label.split(/\s+/).length <= 2;
  return cell.section && short ? `${cell.section} — ${cell.label}` : cell.label;
}

/** The answer text, or null when no table cell of the passages answers the question. */
export function valueAnswer(vq: ValueQuestion, passages: ContextPassage[], language: Language): string | null {
  if (vq.kind !== 'value') return null;
  const weights = termWeights(conceptSet(vq.terms), passages);
  // A question that mainly asks for an explanation gets a value only when a row names exactly what it asks.
  const minLabel = vq.mixed ? MIN_LABEL_SCORE_MIXED : MIN_LABEL_SCORE;
  const scored: Scored[] = [];
  const cellsOf = passages.map((p) => tableCells(p.text, p.headingPath ?? []));
  const dates = cellsOf.flat().map((c) => headerDate(c.header) ?? 0);
  const latestDate = dates.length > 0 && Math.max(...dates) > 0 ? Math.max(...dates) : null;
  passages.forEach((passage, rank) => {
    const cells = cellsOf[rank];
    const yearsOf = (c: TableCellValue) => (c.header.match(YEAR) ?? []).map(Number);
    const latest = Math.max(0, ...cells.flatMap(yearsOf));
    for (const cell of cells) {
      const label = labelScore(weights, cell);
      if (label < minLabel) continue;
      const period = periodScore(vq.period, cell.header, latest > 0 ? latest : null, latestDate);
      const elsewhere = passage.documentId !== passages[0].documentId ? OTHER_DOCUMENT_PENALTY : 0;
      scored.push({ cell, passage, rank, score: label + PERIOD_WEIGHT * period - RANK_PENALTY * rank - elsewhere });
    }
  });
  if (scored.length === 0) return null;
  scored.sort(
    (a, b) => b.score - a.score || a.rank - b.rank || a.cell.row - b.cell.row || a.cell.column - b.cell.column,
  );
  const best = scored[0];
  const { cell, passage } = best;
  const phrases = VALUE_PHRASES[language];
  const n = passage.n;
  const scale = scaleWord(cell.scale);
  let text = `${phrases.intro}\n\n- ${describe(cell)}, ${cell.header}: ${cell.value}${scale} [${n}]`;
  const others = cell.siblings.slice(0, MAX_OTHERS).map((s) => `${s.header}: ${s.value}${scale}`);
  if (others.length > 0) text += `\n\n${phrases.others} ${others.join('; ')} [${n}]`;
  return text;
}
