import { describe, expect, it } from 'vitest';
import { meanMetrics, mrrAt, ndcgAt, queryMetrics, recallAt } from './metrics';

// Judgements: b is highly relevant (2), a relevant (1), c judged not relevant (0).
const judged = new Map([
  ['a', 1],
  ['b', 2],
  ['c', 0],
]);

describe('ndcgAt', () => {
  it('matches a hand computation with graded relevance', () => {
    // DCG = 0/log2(2) + 2/log2(3) + 1/log2(4) + 0 = 1.261860 + 0.5; IDCG = 2/log2(2) + 1/log2(3) = 2.630930
    const dcg = 2 / Math.log2(3) + 1 / 2;
    const idcg = 2 + 1 / Math.log2(3);
    expect(ndcgAt(['x', 'b', 'a', 'c'], judged, 10)).toBeCloseTo(dcg / idcg, 10);
    expect(ndcgAt(['x', 'b', 'a', 'c'], judged, 10)).toBeCloseTo(0.669672, 5);
  });

  it('cuts at k, for the ranking and for the ideal ranking', () => {
    // @2: DCG = 2/log2(3); IDCG = 2 + 1/log2(3)
    expect(ndcgAt(['x', 'b', 'a'], judged, 2)).toBeCloseTo(2 / Math.log2(3) / (2 + 1 / Math.log2(3)), 10);
    // @1: only b (grade 2) is ideal at rank 1
    expect(ndcgAt(['a', 'b'], judged, 1)).toBeCloseTo(1 / 2, 10);
  });

  it('is 1 for the ideal ranking and 0 when nothing relevant is retrieved', () => {
    expect(ndcgAt(['b', 'a', 'x'], judged, 10)).toBeCloseTo(1, 12);
    expect(ndcgAt(['x', 'y', 'c'], judged, 10)).toBe(0);
    expect(ndcgAt([], judged, 10)).toBe(0);
  });

  it('counts a document retrieved twice only once', () => {
    expect(ndcgAt(['b', 'b', 'a'], judged, 10)).toBeCloseTo(1, 12);
  });
});

describe('recallAt and mrrAt', () => {
  it('recall is the share of relevant documents found in the top k', () => {
    expect(recallAt(['x', 'b', 'a', 'c'], judged, 2)).toBe(0.5);
    expect(recallAt(['x', 'b', 'a', 'c'], judged, 10)).toBe(1);
    expect(recallAt(['c', 'x'], judged, 10)).toBe(0);
  });

  it('MRR is the reciprocal rank of the first relevant document within k', () => {
    expect(mrrAt(['x', 'y', 'a', 'b'], judged, 10)).toBeCloseTo(1 / 3, 12);
    expect(mrrAt(['x', 'y', 'a'], judged, 2)).toBe(0);
    expect(mrrAt(['c', 'b'], judged, 10)).toBe(0.5);
  });
});

describe('queryMetrics / meanMetrics', () => {
  it('averages per-query figures', () => {
    const perfect = queryMetrics(['b', 'a'], judged);
    const none = queryMetrics(['x'], judged);
    expect(perfect).toEqual({ ndcg10: 1, recall10: 1, recall100: 1, mrr10: 1 });
    expect(meanMetrics([perfect, none])).toEqual({ ndcg10: 0.5, recall10: 0.5, recall100: 0.5, mrr10: 0.5 });
  });

  it('recall@100 sees past rank 10', () => {
    const ranked = [...Array.from({ length: 20 }, (_, i) => `n${i}`), 'a'];
    const m = queryMetrics(ranked, judged);
    expect(m.recall10).toBe(0);
    expect(m.recall100).toBe(0.5);
  });
});
