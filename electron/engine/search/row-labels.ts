// Row-label evidence: how well a question names one row of a table in a candidate chunk. Parsers write a
// table row as one line "Row label | Column header: value | …" (parse/table-rows.ts, parse/pdf-grid.ts), so
// "What was Intel's gross margin?" is answered by the statement line whose label is "Gross margin", not by
// the prose around it that repeats the words (passage evidence and BM25 score both alike). A row scores
// by its label's words the question covers (a share of the label: "Gross margin" 1, "Non-GAAP gross margin
// percentage" ½) times the question's words the label covers (IDF-weighted over the labels of the
// candidates, so "total" weighs less than "margin"; words no label holds left out), the synonym lexicon counting below the question's own
// words ("capital expenditure" ↔ "Purchases of property, plant and equipment"). When the question names a
// period, a row whose column headers name none of its periods counts less.
import { periodTokens } from '../text/periods';
import { conceptTerms, expandTerms } from './synonyms';

/** A synonym's words count this much of the question's own (as in passage evidence). */
const EXPANSION_WEIGHT = 0.8;
/** A row whose headers name none of the question's periods keeps this share of its score. */
const OTHER_PERIOD_FACTOR = 0.75;

export interface RowLabelInput {
  id: number;
  text: string;
  headings: string[];
}

interface Row {
  label: string[];
  periods: Set<string>;
}

/** An amount, a percentage, a count, or a dash standing for nil. */
const VALUE = /^(?:[(−–-]?\s*[$€£¥]?\s*[(−–-]?\s*\d[\d,.  ]*\s*%?\s*\)?\s*[%*€]?|[—–-]{1,2}|n\/?[am])$/iu;

/** Splits "Column header: value" at the last ": " before a value; null for a label cell. */
function valueCell(part: string): { header: string } | null {
  const at = part.lastIndexOf(': ');
  if (at < 0) return null;
  return VALUE.test(part.slice(at + 2).trim()) ? { header: part.slice(0, at).trim() } : null;
}

/**
 * The table rows of a chunk with their labels' stems. A label cell written "Stub header: Net revenue" (the
 * table's top-left header, often its scale "(In millions)") keeps only the label when that header is the
 * first cell of a header line of the chunk or of its heading path.
 */
export function tableRows(text: string, headings: readonly string[] = []): Row[] {
  const lines = text.split(/\n+/).map((l) => l.trim());
  const stubs = new Set<string>();
  for (const line of [...headings, ...lines]) {
    const parts = line.split(' | ');
    if (parts.length > 1 && parts.every((p) => valueCell(p) === null)) stubs.add(parts[0].trim());
  }
  const out: Row[] = [];
  for (const line of lines) {
    const parts = line.split(' | ');
    if (parts.length < 2) continue;
    const cells = parts.map(valueCell);
    const headers = cells.filter((c): c is { header: string } => c !== null).map((c) => c.header);
    if (headers.length === 0) continue;
    const label = parts
      .filter((_, i) => cells[i] === null)
      .map((p) => {
        const at = p.indexOf(': ');
        return at > 0 && stubs.has(p.slice(0, at).trim()) ? p.slice(at + 2) : p;
      })
      .join(' ');
    const stems = conceptTerms(label);
    if (stems.length === 0) continue;
    out.push({ label: stems, periods: new Set(headers.flatMap((h) => periodTokens(h, { bareYears: true }))) });
  }
  return out;
}

/** Each candidate's best row-label match in [0, 1] (absent: no table row, or none that matches). */
export function rowLabelEvidence(query: string, docs: RowLabelInput[]): Map<number, number> {
  const out = new Map<number, number>();
  const queryTerms = [...new Set(conceptTerms(query))];
  if (queryTerms.length === 0) return out;
  const wanted = new Set(queryTerms);
  const expansions = expandTerms(queryTerms);
  const periods = periodTokens(query, { bareYears: true });
  const rows = new Map<number, Row[]>();
  for (const d of docs) {
    // Cheap test first: most candidates of most collections hold no table row at all.
    if (!d.text.includes(' | ')) continue;
    const r = tableRows(d.text, d.headings);
    if (r.length > 0) rows.set(d.id, r);
  }
  if (rows.size === 0) return out;

  // What each row's label covers: the question's words (some through a synonym) and its own words matched.
  const matchRow = (row: Row) => {
    const label = new Set(row.label);
    const covered = new Map<string, number>(); // query term → weight it is covered with
    const labelHit = new Map<string, number>(); // label stem → weight it is matched with
    for (const t of label) {
      if (!wanted.has(t)) continue;
      covered.set(t, 1);
      labelHit.set(t, 1);
    }
    for (const e of expansions) {
      const phrase = e.phrases.find((p) => p.every((s) => label.has(s)));
      if (!phrase) continue;
      for (const t of e.covers) if (!covered.has(t)) covered.set(t, EXPANSION_WEIGHT);
      for (const s of phrase) if (!labelHit.has(s)) labelHit.set(s, EXPANSION_WEIGHT);
    }
    let l = 0;
    for (const w of labelHit.values()) l += w;
    return { covered, labelShare: l / label.size, periods: row.periods };
  };
  const matched = new Map([...rows].map(([id, list]) => [id, list.map(matchRow)]));

  // IDF of the question's words over the candidates' row labels: a word many rows share tells them apart
  // less. Words no label covers name the document or the context ("Microsoft", "10-Q", "reported"), not a
  // row: they are left out of the question's total (measured: counting them at ¼ or ½ costs 2–4 points of
  // evidence in the top 5 on the sec10q filings).
  const all = [...matched.values()].flat();
  const df = new Map<string, number>();
  for (const m of all) for (const t of m.covered.keys()) df.set(t, (df.get(t) ?? 0) + 1);
  const idf = (t: string) => Math.log(1 + (all.length - (df.get(t) ?? 0) + 0.5) / ((df.get(t) ?? 0) + 0.5));
  let total = 0;
  for (const t of df.keys()) total += idf(t);

  const score = (m: (typeof all)[number]): number => {
    if (m.covered.size === 0 || !(total > 0)) return 0;
    let q = 0;
    for (const [t, w] of m.covered) q += w * idf(t);
    const s = (q / total) * m.labelShare;
    if (periods.length === 0) return s;
    return periods.some((p) => m.periods.has(p)) ? s : s * OTHER_PERIOD_FACTOR;
  };
  for (const [id, list] of matched) {
    let best = 0;
    for (const m of list) best = Math.max(best, score(m));
    if (best > 0) out.set(id, best);
  }
  return out;
}
