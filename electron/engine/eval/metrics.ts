// Ranking metrics with the definitions BEIR reports (pytrec_eval / trec_eval): graded relevance with
// linear gain, log2 discount, ideal ranking from all judged-relevant documents; a grade ≤ 0 is not relevant.

/** Judgements of one query: document id → grade. */
export type Judgements = ReadonlyMap<string, number>;

/** DCG@k = Σ_{i=1..k} rel_i / log2(i + 1). */
function dcg(grades: number[], k: number): number {
  let s = 0;
  for (let i = 0; i < Math.min(k, grades.length); i++) if (grades[i] > 0) s += grades[i] / Math.log2(i + 2);
  return s;
}

/** Duplicates in a ranking count once (at their best rank), as a document can be retrieved only once. */
function dedupe(ranked: readonly string[]): string[] {
  return [...new Set(ranked)];
}

export function ndcgAt(ranked: readonly string[], judged: Judgements, k: number): number {
  const ideal = [...judged.values()].filter((g) => g > 0).sort((a, b) => b - a);
  const idcg = dcg(ideal, k);
  if (idcg === 0) return 0;
  return (
    dcg(
      dedupe(ranked).map((id) => judged.get(id) ?? 0),
      k,
    ) / idcg
  );
}

export function recallAt(ranked: readonly string[], judged: Judgements, k: number): number {
  let relevant = 0;
  for (const g of judged.values()) if (g > 0) relevant++;
  if (relevant === 0) return 0;
  let found = 0;
  for (const id of dedupe(ranked).slice(0, k)) if ((judged.get(id) ?? 0) > 0) found++;
  return found / relevant;
}

/** Reciprocal rank of the first relevant document within the top k, 0 if none. */
export function mrrAt(ranked: readonly string[], judged: Judgements, k: number): number {
  const list = dedupe(ranked).slice(0, k);
  for (let i = 0; i < list.length; i++) if ((judged.get(list[i]) ?? 0) > 0) return 1 / (i + 1);
  return 0;
}

export interface QueryMetrics {
  ndcg10: number;
  recall10: number;
  recall100: number;
  mrr10: number;
}

export function queryMetrics(ranked: readonly string[], judged: Judgements): QueryMetrics {
  return {
    ndcg10: ndcgAt(ranked, judged, 10),
    recall10: recallAt(ranked, judged, 10),
    recall100: recallAt(ranked, judged, 100),
    mrr10: mrrAt(ranked, judged, 10),
  };
}

export function meanMetrics(all: QueryMetrics[]): QueryMetrics {
  const n = all.length || 1;
  const sum = (f: (m: QueryMetrics) => number) => all.reduce((a, m) => a + f(m), 0) / n;
  return {
    ndcg10: sum((m) => m.ndcg10),
    recall10: sum((m) => m.recall10),
    recall100: sum((m) => m.recall100),
    mrr10: sum((m) => m.mrr10),
  };
}
