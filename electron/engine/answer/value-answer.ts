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
const PERIOD_WEIGHT = 0.25;
/** A passage ranked lower by the search costs this much per rank. */
const RANK_PENALTY = 0.02;
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

/** Half the share of the question's words the label says, half the share of the label's words asked for. */
function labelScore(question: Set<string>, cell: TableCellValue): number {
  const label = conceptSet(conceptTerms(cell.label));
  if (label.size === 0 || question.size === 0) return 0;
  const section = cell.section ? conceptSet(conceptTerms(cell.section)) : new Set<string>();
  let inLabel = 0;
  let inQuestion = 0;
  for (const t of question) if (label.has(t) || section.has(t)) inQuestion++;
  for (const t of label) if (question.has(t)) inLabel++;
  if (inLabel === 0) return 0;
  return 0.5 * (inQuestion / question.size) + 0.5 * (inLabel / label.size);
}

const YEAR = /\b(?:19|20)\d\d\b/g;
const MONTH_SPANS: [RegExp, number][] = [
  [/\b(?:three|3)\s+months?\b|\bquarter\b|\btrois\s+mois\b|\btrimestre\b/i, 3],
  [/\b(?:six|6)\s+months?\b|\bsix\s+mois\b|\bsemestre\b/i, 6],
  [/\b(?:nine|9)\s+months?\b|\bneuf\s+mois\b/i, 9],
  [/\b(?:twelve|12)\s+months?\b|\byear\s+ended\b|\bexercice\b/i, 12],
];

/** -1..1: the header names the question's year and period length, or (none asked) the latest year. */
function periodScore(period: Period, header: string, latestYear: number | null): number {
  const years = (header.match(YEAR) ?? []).map(Number);
  let score = 0;
  if (period.years.length > 0 && years.length > 0) score += years.some((y) => period.years.includes(y)) ? 0.6 : -0.6;
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
  const question = conceptSet(vq.terms);
  const scored: Scored[] = [];
  passages.forEach((passage, rank) => {
    const cells = tableCells(passage.text, passage.headingPath ?? []);
    const yearsOf = (c: TableCellValue) => (c.header.match(YEAR) ?? []).map(Number);
    const latest = Math.max(0, ...cells.flatMap(yearsOf));
    for (const cell of cells) {
      const label = labelScore(question, cell);
      if (label < MIN_LABEL_SCORE) continue;
      const period = periodScore(vq.period, cell.header, latest > 0 ? latest : null);
      scored.push({ cell, passage, rank, score: label + PERIOD_WEIGHT * period - RANK_PENALTY * rank });
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
