// Combines the ranking signals of each candidate into one score. Two methods:
// - 'rrf': reciprocal-rank fusion, Σ w / (k + rank). Only ranks count, so a weak signal weighs as much as a
//   strong one at equal weights (measured on SciFact: BM25 + GloVe at equal weights falls from 0.70 to 0.48).
// - 'score': min-max normalised scores, Σ w · norm(score). Keeps how far ahead a result is, so a strong
//   keyword match survives a mediocre vector score. The default (measured; see docs/retrieval.md).
// Signals: BM25 and vector similarity (each with its own top-N list), the passage evidence of evidence.ts
// (best-sentence and heading coverage of the query), known for every candidate, and the document prior of
// doc-refs.ts (how well the candidate's document's name, title and first page match the question), and the
// row-label evidence of row-labels.ts (how well the question names a table row of the candidate).

export type FusionMethod = 'rrf' | 'score';

export interface FusionWeights {
  bm25: number;
  vector: number;
  /** Best sentence's coverage of the query (passage evidence). */
  sentence: number;
  /** Headings' (and title's) coverage of the query. */
  heading: number;
  /** The candidate's document named by the question (doc-refs.ts): its prior, already in [0, 1]. Default 0. */
  document?: number;
  /** The candidate's best table-row label match (row-labels.ts), already in [0, 1]. Default 0. */
  row?: number;
}

export interface FusionOptions {
  method: FusionMethod;
  weights: FusionWeights;
  /** RRF's k constant: larger values flatten the advantage of top ranks. */
  rrfK: number;
}

export interface ScoredId {
  chunkId: number;
  score: number;
}

export interface FusedCandidate {
  chunkId: number;
  bm25: number | null;
  vector: number | null;
  bm25Rank: number | null;
  vectorRank: number | null;
  fused: number;
}

export interface FusionExtras {
  /** Cosine of candidates the vector list did not return (from their stored vectors). */
  vectorScores?: Map<number, number>;
  /** Passage evidence per candidate (evidence.ts). */
  evidence?: Map<number, { sentence: number; heading: number }>;
  /** Document prior per candidate, in [0, 1] (doc-refs.ts); absent = 0. */
  documentPrior?: Map<number, number>;
  /** Row-label evidence per candidate, in [0, 1] (row-labels.ts); absent = 0. */
  rowLabel?: Map<number, number>;
}

export const DEFAULT_RRF_K = 60;

function rankMap(list: ScoredId[]): Map<number, { rank: number; score: number }> {
  const m = new Map<number, { rank: number; score: number }>();
  list.forEach((item, i) => {
    if (!m.has(item.chunkId)) m.set(item.chunkId, { rank: i + 1, score: item.score });
  });
  return m;
}

/** Maps scores to [0, 1] over the given values; a constant list maps to 1 (every item is "the best"). */
export function minMax(values: number[]): (v: number) => number {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const span = hi - lo;
  return (v) => (span > 0 ? (v - lo) / span : 1);
}

/** 1-based ranks of the positive values, best first (ties share order by id for determinism). */
function ranksOf(values: Map<number, number>): Map<number, number> {
  const sorted = [...values.entries()].filter(([, v]) => v > 0).sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  return new Map(sorted.map(([id], i) => [id, i + 1]));
}

/** Fuses the keyword and vector lists (best first) and the per-candidate extras into one ranking. */
export function fuse(
  keyword: ScoredId[],
  vector: ScoredId[],
  opts: FusionOptions,
  extras: FusionExtras = {},
): FusedCandidate[] {
  const kw = rankMap(keyword);
  const vec = rankMap(vector);
  const ids = [...new Set<number>([...kw.keys(), ...vec.keys()])];
  const w = opts.weights;

  const vectorScore = new Map<number, number>();
  for (const id of ids) {
    const v = vec.get(id)?.score ?? extras.vectorScores?.get(id);
    if (v !== undefined) vectorScore.set(id, v);
  }
  const sentence = new Map<number, number>();
  const heading = new Map<number, number>();
  for (const id of ids) {
    const e = extras.evidence?.get(id);
    if (e) {
      sentence.set(id, e.sentence);
      heading.set(id, e.heading);
    }
  }

  const prior = extras.documentPrior ?? new Map<number, number>();
  const row = extras.rowLabel ?? new Map<number, number>();
  let fusedOf: (id: number) => number;
  if (opts.method === 'rrf') {
    const sentenceRank = ranksOf(sentence);
    const headingRank = ranksOf(heading);
    const priorRank = ranksOf(new Map(ids.map((id) => [id, prior.get(id) ?? 0])));
    const rowRank = ranksOf(row);
    const term = (weight: number, rank: number | undefined) => (rank && weight ? weight / (opts.rrfK + rank) : 0);
    fusedOf = (id) =>
      term(w.bm25, kw.get(id)?.rank) +
      term(w.vector, vec.get(id)?.rank) +
      term(w.sentence, sentenceRank.get(id)) +
      term(w.heading, headingRank.get(id)) +
      term(w.document ?? 0, priorRank.get(id)) +
      term(w.row ?? 0, rowRank.get(id));
  } else {
    const kwNorm = minMax([...kw.values()].map((x) => x.score));
    const vecNorm = minMax([...vectorScore.values()]);
    const sNorm = minMax([...sentence.values()]);
    const hNorm = minMax([...heading.values()]);
    const term = (weight: number, value: number | undefined, norm: (v: number) => number) =>
      value !== undefined && weight ? weight * norm(value) : 0;
    fusedOf = (id) =>
      term(w.bm25, kw.get(id)?.score, kwNorm) +
      term(w.vector, vectorScore.get(id), vecNorm) +
      term(w.sentence, sentence.get(id), sNorm) +
      term(w.heading, heading.get(id), hNorm) +
      // The prior is a share of the best document's match already: not rescaled over the candidates, so a
      // question that names no document (every prior 0) is ranked as without it.
      (w.document ?? 0) * (prior.get(id) ?? 0) +
      // Likewise raw: most candidates hold no table row, and a weak label match must stay weak.
      (w.row ?? 0) * (row.get(id) ?? 0);
  }

  const out: FusedCandidate[] = ids.map((id) => {
    const k = kw.get(id);
    const v = vec.get(id);
    return {
      chunkId: id,
      bm25: k ? k.score : null,
      vector: vectorScore.get(id) ?? null,
      bm25Rank: k ? k.rank : null,
      vectorRank: v ? v.rank : null,
      fused: fusedOf(id),
    };
  });
  out.sort(compareFused);
  return out;
}

/** Best first; ties broken by keyword rank, then vector rank, then id, so results are deterministic. */
export function compareFused(a: FusedCandidate, b: FusedCandidate): number {
  if (b.fused !== a.fused) return b.fused - a.fused;
  const ar = a.bm25Rank ?? Number.POSITIVE_INFINITY;
  const br = b.bm25Rank ?? Number.POSITIVE_INFINITY;
  if (ar !== br) return ar - br;
  const av = a.vectorRank ?? Number.POSITIVE_INFINITY;
  const bv = b.vectorRank ?? Number.POSITIVE_INFINITY;
  if (av !== bv) return av - bv;
  return a.chunkId - b.chunkId;
}
