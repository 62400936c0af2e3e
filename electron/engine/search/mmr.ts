// Maximal marginal relevance: re-orders a ranked list so that near-duplicates (overlapping chunks, the same
// paragraph copied into two files) do not fill the top. score(d) = λ·relevance(d) − (1−λ)·max red(d, picked).
// λ = 1 keeps the input order untouched.
//
// red() is the cosine rescaled above a floor: red = max(0, (cos − floor) / (1 − floor)). Word-vector
// cosines are compressed near the top (two passages on the same topic score 0.85–0.95, copies 1.0), so
// raw cosine makes classic MMR prefer an unrelated passage to a second relevant one, and costs nDCG on
// SciFact; with the floor (0.95 by default) only what is nearly the same text is pushed down.

export interface MmrItem {
  id: number;
  /** Relevance on any scale; normalised to [0, 1] over the pool here. */
  relevance: number;
  /** Unit-length vector, or null when unknown (then it never counts as a duplicate). */
  vector: Float32Array | null;
}

export function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) s += a[i] * b[i];
  return s;
}

/** Returns item ids in MMR order, at most k of them. `items` must be sorted best first. */
export function mmrOrder(items: MmrItem[], k: number, lambda: number, similarityFloor = 0): number[] {
  const floor = Math.min(0.99, Math.max(0, similarityFloor));
  if (lambda >= 1 || items.length <= 1) return items.slice(0, k).map((i) => i.id);
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const it of items) {
    lo = Math.min(lo, it.relevance);
    hi = Math.max(hi, it.relevance);
  }
  const span = hi - lo;
  const rel = items.map((it) => (span > 0 ? (it.relevance - lo) / span : 1));
  // maxSim[i]: highest similarity of item i to anything picked so far (updated incrementally).
  const maxSim = new Array<number>(items.length).fill(0);
  const picked = new Array<boolean>(items.length).fill(false);
  const order: number[] = [];
  const limit = Math.min(k, items.length);
  while (order.length < limit) {
    let best = -1;
    let bestScore = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < items.length; i++) {
      if (picked[i]) continue;
      const s = lambda * rel[i] - (1 - lambda) * maxSim[i];
      // Strict '>' keeps the earlier (better-ranked) item on ties.
      if (s > bestScore) {
        bestScore = s;
        best = i;
      }
    }
    picked[best] = true;
    order.push(items[best].id);
    const v = items[best].vector;
    if (v) {
      for (let i = 0; i < items.length; i++) {
        const w = items[i].vector;
        if (picked[i] || !w) continue;
        const sim = Math.max(0, (dot(v, w) - floor) / (1 - floor));
        if (sim > maxSim[i]) maxSim[i] = sim;
      }
    }
  }
  return order;
}
