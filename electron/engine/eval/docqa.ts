// Document question answering on a folder of real files (`lucarne eval --qa DIR`): a set is a folder with the
// documents (in docs/, or the folder itself) and a CSV of questions with, for each, the documents it needs
// (file-name globs such as "*2023 Q3 AAPL*") and a reference answer. The SEC 10-Q set of the fixtures has this
// shape (columns "Question", "Source Docs", "Answer"; optional "Question Type"). What is scored here is only
// what can be scored without a judge:
// - needed document in the top k hits (questions needing one document: the question names it — a company and
//   a period — or it is "the latest" one; questions needing several: any of them);
// - for numeric questions, an evidence passage in the top k (a hit from a needed document that prints one of
//   the reference's numbers) and whether the offline answer prints the reference's first number.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse } from 'csv-parse/sync';
import picomatch from 'picomatch';

export interface DocQaQuestion {
  /** 1-based row number in the CSV. */
  id: number;
  question: string;
  /** Globs over file names, as the CSV gives them. */
  sources: string[];
  /** The documents the globs match (file names). */
  needed: string[];
  answer: string;
  type: string | null;
}

export interface DocQaSet {
  name: string;
  docsDir: string;
  documents: string[];
  questions: DocQaQuestion[];
}

export class DocQaFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DocQaFormatError';
  }
}

const HEADERS = {
  question: ['question', 'query'],
  sources: ['source docs', 'source documents', 'sources', 'documents'],
  answer: ['answer', 'reference answer', 'reference'],
  type: ['question type', 'type'],
};

function column(header: string[], names: string[]): number {
  return header.findIndex((h) => names.includes(h.trim().toLowerCase()));
}

/** Loads a set: DIR/docs (or DIR) holds the documents, the first *.csv in DIR the questions. */
export function loadDocQa(dir: string): DocQaSet {
  const entries = readdirSync(dir);
  const csvName = entries.filter((e) => e.toLowerCase().endsWith('.csv')).sort()[0];
  if (!csvName)
    throw new DocQaFormatError(`${dir} has no questions file (a .csv with Question, Source Docs and Answer).`);
  const docsDir = entries.includes('docs') && statSync(join(dir, 'docs')).isDirectory() ? join(dir, 'docs') : dir;
  const documents = readdirSync(docsDir)
    .filter((f) => !f.toLowerCase().endsWith('.csv') && statSync(join(docsDir, f)).isFile())
    .sort();
  const rows = parse(readFileSync(join(dir, csvName)), { bom: true, relax_column_count: true }) as string[][];
  const [header, ...records] = rows;
  if (!header) throw new DocQaFormatError(`${csvName} is empty.`);
  const at = {
    question: column(header, HEADERS.question),
    sources: column(header, HEADERS.sources),
    answer: column(header, HEADERS.answer),
    type: column(header, HEADERS.type),
  };
  if (at.question < 0 || at.sources < 0 || at.answer < 0) {
    throw new DocQaFormatError(
      `${csvName} needs the columns Question, Source Docs and Answer (found: ${header.join(', ')}).`,
    );
  }
  const questions: DocQaQuestion[] = [];
  records.forEach((r, i) => {
    const question = (r[at.question] ?? '').trim();
    if (question === '') return;
    const sources = (r[at.sources] ?? '')
      .split(/[;\n]|,(?=\s*\*)/)
      .map((s) => s.trim())
      .filter(Boolean);
    const matchers = sources.map((g) => picomatch(g, { nocase: true, dot: true }));
    questions.push({
      id: i + 2,
      question,
      sources,
      needed: documents.filter((d) => matchers.some((m) => m(d))),
      answer: (r[at.answer] ?? '').trim(),
      type: at.type >= 0 ? (r[at.type] ?? '').trim() || null : null,
    });
  });
  return { name: basename(dir), docsDir, documents, questions };
}

// ---- numbers ----

export interface NumberMention {
  /** As printed, e.g. "$1,577 million". */
  text: string;
  /** The figure without its scale word: 1577. */
  figure: number;
  /** With the scale word applied (million, billion, thousand; "k", "M", "B" after a figure): 1.577e9. */
  value: number;
  percent: boolean;
}

const MONTHS =
  'january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|décembre|decembre';
const SCALES: Record<string, number> = {
  thousand: 1e3,
  thousands: 1e3,
  k: 1e3,
  million: 1e6,
  millions: 1e6,
  m: 1e6,
  mn: 1e6,
  billion: 1e9,
  billions: 1e9,
  b: 1e9,
  bn: 1e9,
  milliard: 1e9,
  milliards: 1e9,
  trillion: 1e12,
};
const NUMBER =
  /(?<![\w.,])(\(?-?\$?\s?)(\d{1,3}(?:[,\u202f\u00a0 ]\d{3})+(?:\.\d+)?|\d+(?:[.,]\d+)?)(\)?)(\s?%|\s?(?:thousands?|millions?|billions?|milliards?|trillion|bn|mn|[kKmMbB])\b)?/g;

/**
 * The figures a text prints, without what is only a date or a label: years (1900–2099 without a currency or
 * scale), day numbers next to a month, quarter and note numbers ("Q3", "Note 7"), form names ("10-Q"), single
 * digits.
 */
export function numbersIn(text: string): NumberMention[] {
  const out: NumberMention[] = [];
  for (const m of text.matchAll(NUMBER)) {
    const [whole, lead, digits, , tail] = m;
    const start = m.index ?? 0;
    const before = text.slice(Math.max(0, start - 12), start).toLowerCase();
    const after = text.slice(start + whole.length, start + whole.length + 12).toLowerCase();
    const money = lead.includes('$');
    const scaleWord = (tail ?? '').trim().toLowerCase();
    const percent = scaleWord === '%';
    const plain = digits.replace(/[,\u202f\u00a0 ]/g, (c) => (c === ',' && /,\d{1,2}$/.test(digits) ? '.' : ''));
    const figure = Number(plain);
    if (!Number.isFinite(figure)) continue;
    const bare = !money && !percent && scaleWord === '';
    if (bare && /^\d{4}$/.test(digits) && figure >= 1900 && figure <= 2099) continue; // a year
    if (bare && new RegExp(`(?:${MONTHS})\\.?\\s*$`).test(before)) continue; // "July 1"
    if (bare && new RegExp(`^\\s*(?:${MONTHS})\\b`).test(after)) continue; // "1 juillet"
    if (bare && /(?:\bq|\bnote|\bitem|\bpart|\bt)\s*$/.test(before)) continue; // Q3, Note 7, T3
    if (bare && /^-[a-z]/.test(after)) continue; // a form's name: 10-Q, 10-K
    if (bare && figure < 10 && Number.isInteger(figure)) continue; // "2 segments", list numbers
    const scale = percent ? 1 : (SCALES[scaleWord] ?? 1);
    out.push({ text: whole.trim(), figure, value: figure * scale, percent });
  }
  return out;
}

/** The reference's key figures: those of its first sentence that prints one, in order. */
export function referenceNumbers(answer: string): NumberMention[] {
  for (const sentence of answer.split(/(?<=[.!?])\s+(?=[A-Z(])|\n+/)) {
    const found = numbersIn(sentence);
    if (found.length > 0) return found;
  }
  return [];
}

function close(a: number, b: number): boolean {
  if (a === b) return true;
  const scale = Math.max(Math.abs(a), Math.abs(b));
  // Rounding in prose: "$23.198 billion" for 23,198 million; "25.9 %" for 25.93 %.
  return scale > 0 && Math.abs(a - b) / scale < 0.006;
}

/** Whether `text` prints `ref`: the same figure (units aside), or the same value once scales are applied. */
export function printsNumber(text: string, ref: NumberMention): boolean {
  return numbersIn(text).some(
    (n) =>
      n.percent === ref.percent &&
      (close(n.figure, ref.figure) ||
        close(n.value, ref.value) ||
        // A table's bare figure, whose scale is in its header ("in millions").
        (n.figure === n.value && TABLE_SCALES.some((s) => close(n.figure * s, ref.value)))),
  );
}

const TABLE_SCALES = [1e3, 1e6, 1e9];

/**
 * The question's own wording asks for a value ("how much", "what was the …", "what percentage", "combien",
 * "quel est le …"), as opposed to a question whose reference answer happens to print figures ("What changes
 * in debt did X disclose?"). A fixed wording rule, independent of how the app reads questions.
 */
const ASKS_FOR_VALUE =
  /\b(?:how\s+(?:much|many)|what\s+(?:is|was|were|are)\s+(?:the\s+)?(?:\w+['’]s\s+)?|what\s+percentage|combien|quel(?:le)?s?\s+(?:est|était|sont|étaient|a\s+été))/iu;

export function asksForValue(q: DocQaQuestion): boolean {
  return isNumeric(q) && ASKS_FOR_VALUE.test(q.question);
}

/** A numeric question: it needs one document and its reference answer prints a figure. */
export function isNumeric(q: DocQaQuestion): boolean {
  return q.needed.length === 1 && referenceNumbers(q.answer).length > 0;
}

// ---- scoring ----

export interface DocQaHit {
  path: string;
  text: string;
  page: number | null;
}

export interface DocQaOutcome {
  id: number;
  question: string;
  needed: string[];
  numeric: boolean;
  /** A numeric question whose wording asks for a value (asksForValue). */
  asksForValue: boolean;
  /** File names of the top hits, best first. */
  top: string[];
  pages: (number | null)[];
  documentInTop: boolean;
  /** Numeric questions: a top hit from a needed document prints a reference figure (null otherwise). */
  evidenceInTop: boolean | null;
  /** Numeric questions with an answer run: the answer prints the reference's first figure. */
  answerHasNumber: boolean | null;
  answer: string | null;
  reference: string;
}

export function scoreQuestion(q: DocQaQuestion, hits: DocQaHit[], answer: string | null): DocQaOutcome {
  const top = hits.map((h) => basename(h.path));
  const needed = new Set(q.needed);
  const numeric = isNumeric(q);
  const refs = referenceNumbers(q.answer);
  const evidenceInTop = numeric
    ? hits.some((h) => needed.has(basename(h.path)) && refs.some((r) => printsNumber(h.text, r)))
    : null;
  return {
    id: q.id,
    question: q.question,
    needed: q.needed,
    numeric,
    asksForValue: asksForValue(q),
    top,
    pages: hits.map((h) => h.page),
    documentInTop: top.some((f) => needed.has(f)),
    evidenceInTop,
    answerHasNumber: numeric && answer !== null ? printsNumber(answer, refs[0]) : null,
    answer,
    reference: q.answer,
  };
}

export interface DocQaReport {
  set: string;
  documents: number;
  questions: number;
  k: number;
  /** Questions needing one document: that document in the top k. */
  singleDocument: { questions: number; inTop: number };
  /** Questions needing several: one of them in the top k. */
  multiDocument: { questions: number; inTop: number };
  numeric: { questions: number; evidenceInTop: number; answerHasNumber: number; answered: number };
  /** The numeric questions whose wording asks for a value. */
  asksForValue: { questions: number; evidenceInTop: number; answerHasNumber: number; answered: number };
  secondsPerQuestion: number;
}

export function summarise(set: DocQaSet, k: number, outcomes: DocQaOutcome[], seconds: number): DocQaReport {
  const single = outcomes.filter((o) => o.needed.length === 1);
  const multi = outcomes.filter((o) => o.needed.length > 1);
  const numeric = outcomes.filter((o) => o.numeric);
  const counts = (list: DocQaOutcome[]) => ({
    questions: list.length,
    evidenceInTop: list.filter((o) => o.evidenceInTop).length,
    answered: list.filter((o) => o.answerHasNumber !== null).length,
    answerHasNumber: list.filter((o) => o.answerHasNumber).length,
  });
  return {
    set: set.name,
    documents: set.documents.length,
    questions: outcomes.length,
    k,
    singleDocument: { questions: single.length, inTop: single.filter((o) => o.documentInTop).length },
    multiDocument: { questions: multi.length, inTop: multi.filter((o) => o.documentInTop).length },
    numeric: counts(numeric),
    asksForValue: counts(numeric.filter((o) => o.asksForValue)),
    secondsPerQuestion: outcomes.length > 0 ? seconds / outcomes.length : 0,
  };
}

function share(n: number, of: number): string {
  return of === 0 ? '—' : `${((100 * n) / of).toFixed(1)} % (${n}/${of})`;
}

export function formatDocQaReport(r: DocQaReport, header: string): string {
  const rows: [string, string][] = [
    [
      `needed document in top ${r.k} (questions needing one)`,
      share(r.singleDocument.inTop, r.singleDocument.questions),
    ],
    [
      `a needed document in top ${r.k} (questions needing several)`,
      share(r.multiDocument.inTop, r.multiDocument.questions),
    ],
    [`evidence passage in top ${r.k} (numeric questions)`, share(r.numeric.evidenceInTop, r.numeric.questions)],
    ['offline answer prints the reference number (numeric)', share(r.numeric.answerHasNumber, r.numeric.answered)],
    [
      `evidence passage in top ${r.k} (asking for a value)`,
      share(r.asksForValue.evidenceInTop, r.asksForValue.questions),
    ],
    [
      'offline answer prints the number (asking for a value)',
      share(r.asksForValue.answerHasNumber, r.asksForValue.answered),
    ],
  ];
  const width = Math.max(...rows.map(([a]) => a.length));
  return `${header}\n${rows.map(([a, b]) => `${a.padEnd(width)}  ${b}`).join('\n')}\n${r.secondsPerQuestion.toFixed(2)} s per question\n`;
}
