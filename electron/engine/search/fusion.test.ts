import { describe, expect, it } from 'vitest';
import { fuse, minMax } from './fusion';
import { mmrOrder } from './mmr';

const W = { bm25: 1, vector: 1, sentence: 0, heading: 0 };

describe('fuse', () => {
  it('reciprocal-rank fusion adds w / (k + rank) from each list', () => {
    const keyword = [
      { chunkId: 1, score: 9 },
      { chunkId: 2, score: 5 },
    ];
    const vector = [
      { chunkId: 2, score: 0.9 },
      { chunkId: 3, score: 0.8 },
    ];
    const out = fuse(keyword, vector, { method: 'rrf', weights: { ...W, vector: 0.5 }, rrfK: 60 });
    const byId = new Map(out.map((c) => [c.chunkId, c]));
    expect(byId.get(1)!.fused).toBeCloseTo(1 / 61, 12);
    expect(byId.get(2)!.fused).toBeCloseTo(1 / 62 + 0.5 / 61, 12);
    expect(byId.get(3)!.fused).toBeCloseTo(0.5 / 62, 12);
    expect(out.map((c) => c.chunkId)).toEqual([2, 1, 3]);
    expect(byId.get(2)).toMatchObject({ bm25: 5, vector: 0.9, bm25Rank: 2, vectorRank: 1 });
    expect(byId.get(3)).toMatchObject({ bm25: null, bm25Rank: null, vectorRank: 2 });
  });

  it('score fusion adds weighted min-max normalised scores', () => {
    const keyword = [
      { chunkId: 1, score: 10 },
      { chunkId: 2, score: 6 },
      { chunkId: 3, score: 2 },
    ];
    const vector = [
      { chunkId: 3, score: 0.9 },
      { chunkId: 2, score: 0.5 },
      { chunkId: 4, score: 0.1 },
    ];
    const out = fuse(keyword, vector, { method: 'score', weights: { ...W, vector: 0.5 }, rrfK: 60 });
    const f = new Map(out.map((c) => [c.chunkId, c.fused]));
    // keyword norm: 1 → 1, 2 → 0.5, 3 → 0; vector norm: 3 → 1, 2 → 0.5, 4 → 0
    expect(f.get(1)).toBeCloseTo(1, 12);
    expect(f.get(2)).toBeCloseTo(0.5 + 0.25, 12);
    expect(f.get(3)).toBeCloseTo(0 + 0.5, 12);
    expect(f.get(4)).toBeCloseTo(0, 12);
    expect(out.map((c) => c.chunkId)).toEqual([1, 2, 3, 4]);
  });

  it('uses extra vector scores for keyword candidates the vector list missed', () => {
    const keyword = [
      { chunkId: 1, score: 4 },
      { chunkId: 2, score: 4 },
    ];
    const vector = [{ chunkId: 3, score: 0.8 }];
    const extra = new Map([
      [1, 0.2],
      [2, 0.6],
    ]);
    const out = fuse(keyword, vector, { method: 'score', weights: W, rrfK: 60 }, { vectorScores: extra });
    // Equal BM25; chunk 2 is closer by vector, so it wins; chunk 1 keeps its cosine but no vector rank.
    expect(out[0].chunkId).toBe(2);
    expect(out.find((c) => c.chunkId === 1)).toMatchObject({ vector: 0.2, vectorRank: null });
  });

  it('adds passage evidence as its own signal', () => {
    const keyword = [
      { chunkId: 1, score: 5 },
      { chunkId: 2, score: 4.9 },
      { chunkId: 3, score: 1 },
    ];
    const evidence = new Map([
      [1, { sentence: 0.2, heading: 0 }],
      [2, { sentence: 0.9, heading: 0 }],
      [3, { sentence: 0, heading: 0 }],
    ]);
    const weights = { ...W, vector: 0, sentence: 0.5 };
    const without = fuse(keyword, [], { method: 'score', weights, rrfK: 60 });
    const withEvidence = fuse(keyword, [], { method: 'score', weights, rrfK: 60 }, { evidence });
    expect(without[0].chunkId).toBe(1);
    expect(withEvidence[0].chunkId).toBe(2);
  });

  it('breaks ties deterministically by keyword rank then id', () => {
    const out = fuse(
      [
        { chunkId: 7, score: 1 },
        { chunkId: 3, score: 1 },
      ],
      [],
      { method: 'score', weights: W, rrfK: 60 },
    );
    expect(out.map((c) => c.chunkId)).toEqual([7, 3]);
  });

  it('minMax maps a constant list to 1', () => {
    expect(minMax([3, 3])(3)).toBe(1);
    expect(minMax([1, 3])(2)).toBe(0.5);
  });
});

function unit(...xs: number[]): Float32Array {
  const n = Math.hypot(...xs);
  return Float32Array.from(xs.map((x) => x / n));
}

describe('mmrOrder', () => {
  const items = [
    { id: 1, relevance: 1.0, vector: unit(1, 0, 0) },
    { id: 2, relevance: 0.95, vector: unit(1, 0.01, 0) }, // near-duplicate of 1
    { id: 3, relevance: 0.9, vector: unit(0, 1, 0) },
    { id: 4, relevance: 0.1, vector: unit(0, 0, 1) },
  ];

  it('keeps the input order at lambda 1', () => {
    expect(mmrOrder(items, 3, 1)).toEqual([1, 2, 3]);
  });

  it('pushes a near-duplicate below a different, almost as relevant, result', () => {
    expect(mmrOrder(items, 3, 0.7)).toEqual([1, 3, 2]);
  });

  it('still starts with the most relevant item and returns at most k ids', () => {
    const out = mmrOrder(items, 2, 0.3);
    expect(out).toHaveLength(2);
    expect(out[0]).toBe(1);
  });

  it('treats items without a vector as never duplicate', () => {
    const noVec = items.map((it) => ({ ...it, vector: null }));
    expect(mmrOrder(noVec, 4, 0.5)).toEqual([1, 2, 3, 4]);
  });
});
