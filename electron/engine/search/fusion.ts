// Combines the keyword (BM25) list and the vector list into one ranking. Two methods:
// - 'rrf': reciprocal-rank fusion, Σ w / (k + rank). Only ranks count, so a weak list weighs as much as a
//   strong one at equal weights (measured on SciFact: BM25 + GloVe at equal weights falls from 0.70 to 0.48).
// - 'score': min-max normalised scores, Σ w · norm(score). Keeps how far ahead a result is, which lets a
//   strong keyword match survive a mediocre vector score; the default (see docs/retrieval.md).

export type FusionMethod = 'rrf' | 'score';

export interface FusionWeights {
  bm25: number;
  vector: number;
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

/**
 * Fuses two ranked lists (best first). `extraVectorScores` may give the cosine of candidates that the
 * vector list did not return (computed from their stored vectors), so score fusion need not treat
 * "absent from the vector top-N" as "similarity zero".
 */
export function fuse(
  keyword: ScoredId[],
  vector: ScoredId[],
  opts: FusionOptions,
  extraVectorScores?: Map<number, number>,
): FusedCandidate[] {
  const kw = rankMap(keyword);
  const vec = rankMap(vector);
  const ids = new Set<number>([...kw.keys(), ...vec.keys()]);

  const vectorScoreOf = (id: number): number | null => vec.get(id)?.score ?? extraVectorScores?.get(id) ?? null;
  const kwNorm = minMax([...kw.values()].map((x) => x.score));
  const vecValues: number[] = [];
  for (const id of ids) {
    const v = vectorScoreOf(id);
    if (v !== null) vecValues.push(v);
  }
  const vecNorm = minMax(vecValues);

  const out: FusedCandidate[] = [];
  for (const id of ids) {
    const k = kw.get(id);
    const v = vec.get(id);
    const vScore = vectorScoreOf(id);
    let fused: number;
    if (opts.method === 'rrf') {
      fused =
        (k ? opts.weights.bm25 / (opts.rrfK + k.rank) : 0) + (v ? opts.weights.vector / (opts.rrfK + v.rank) : 0);
    } else {
      fused = (k ? opts.weights.bm25 * kwNorm(k.score) : 0) + (vScore !== null ? opts.weights.vector * vecNorm(vScore) : 0);
    }
    out.push({
      chunkId: id,
      bm25: k ? k.score : null,
      vector: vScore,
      bm25Rank: k ? k.rank : null,
      vectorRank: v ? v.rank : null,
      fused,
    });
  }
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
