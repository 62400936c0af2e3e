import faiss from 'faiss-node';
import { describe, expect, it } from 'vitest';
import {
  chooseIndexType,
  FaissLayoutError,
  FLAT_MAX_VECTORS,
  readHnswEfSearch,
  readIvfParams,
  withHnswEfSearch,
  withIvfNprobe,
} from './index-type';

const D = 8;

function data(n: number, seed: number): number[] {
  let s = seed;
  const out: number[] = [];
  for (let i = 0; i < n * D; i++) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    out.push(s / 2 ** 31 - 0.5);
  }
  return out;
}

function recallAt10(
  index: InstanceType<typeof faiss.Index>,
  flat: InstanceType<typeof faiss.Index>,
  queries: number[],
): number {
  let hit = 0;
  const nq = queries.length / D;
  for (let q = 0; q < nq; q++) {
    const v = queries.slice(q * D, (q + 1) * D);
    const truth = new Set(flat.search(v, 10).labels);
    for (const l of index.search(v, 10).labels) if (truth.has(l)) hit++;
  }
  return hit / (nq * 10);
}

describe('chooseIndexType', () => {
  it('is exact up to the threshold and IVF above it, probing a tenth of its lists', () => {
    expect(chooseIndexType(0)).toEqual({ descriptor: 'Flat' });
    expect(chooseIndexType(FLAT_MAX_VECTORS)).toEqual({ descriptor: 'Flat' });
    expect(chooseIndexType(100_000)).toEqual({ descriptor: 'IVF316,Flat', nprobe: 32 });
    expect(chooseIndexType(FLAT_MAX_VECTORS + 1)).toEqual({ descriptor: 'IVF224,Flat', nprobe: 23 });
    expect(chooseIndexType(2000, 1000)).toEqual({ descriptor: 'IVF64,Flat', nprobe: 8 });
    expect(chooseIndexType(Number.NaN)).toEqual({ descriptor: 'Flat' });
  });
});

describe('HNSW efSearch in the serialized index', () => {
  const vectors = data(2000, 1);
  const queries = data(40, 2);
  const hnsw = faiss.Index.fromFactory(D, 'HNSW32', 0);
  hnsw.add(vectors);
  const flat = faiss.Index.fromFactory(D, 'Flat', 0);
  flat.add(vectors);
  const buf = hnsw.toBuffer();

  it('reads the default, sets another value, and the index read back carries it', () => {
    expect(readHnswEfSearch(buf)).toBe(16);
    const patched = withHnswEfSearch(buf, 200);
    expect(readHnswEfSearch(patched)).toBe(200);
    expect(readHnswEfSearch(buf)).toBe(16); // a copy: the original is untouched
    const back = faiss.Index.fromBuffer(patched);
    expect(back.ntotal()).toBe(2000);
    expect(readHnswEfSearch(back.toBuffer())).toBe(200);
  });

  it('a wider search finds at least as many true neighbours', () => {
    const narrow = recallAt10(faiss.Index.fromBuffer(withHnswEfSearch(buf, 10)), flat, queries);
    const wide = recallAt10(faiss.Index.fromBuffer(withHnswEfSearch(buf, 400)), flat, queries);
    expect(wide).toBeGreaterThanOrEqual(narrow);
    expect(wide).toBeGreaterThan(0.95);
  });

  it('refuses what is not an HNSW index, truncated buffers and silly values', () => {
    expect(() => readHnswEfSearch(flat.toBuffer())).toThrow(FaissLayoutError);
    expect(() => readHnswEfSearch(buf.subarray(0, 60))).toThrow(FaissLayoutError);
    expect(() => withHnswEfSearch(buf, 0)).toThrow(RangeError);
    expect(() => withHnswEfSearch(buf, 1.5)).toThrow(RangeError);
  });
});

describe('IVF nprobe in the serialized index', () => {
  const vectors = data(2000, 3);
  const queries = data(40, 4);
  const ivf = faiss.Index.fromFactory(D, 'IVF16,Flat', 0);
  ivf.train(vectors);
  ivf.add(vectors);
  const flat = faiss.Index.fromFactory(D, 'Flat', 0);
  flat.add(vectors);
  const buf = ivf.toBuffer();

  it('reads nlist and nprobe; probing every list is exact', () => {
    expect(readIvfParams(buf)).toEqual({ nlist: 16, nprobe: 1 });
    const all = withIvfNprobe(buf, 16);
    expect(readIvfParams(all)).toEqual({ nlist: 16, nprobe: 16 });
    const back = faiss.Index.fromBuffer(all);
    expect(recallAt10(back, flat, queries)).toBe(1);
    expect(readIvfParams(back.toBuffer())).toEqual({ nlist: 16, nprobe: 16 }); // written again without crashing
    expect(recallAt10(faiss.Index.fromBuffer(buf), flat, queries)).toBeLessThan(1);
  });

  it('refuses nprobe outside 1..nlist and other index types', () => {
    expect(() => withIvfNprobe(buf, 17)).toThrow(RangeError);
    expect(() => withIvfNprobe(buf, 0)).toThrow(RangeError);
    expect(() => readIvfParams(flat.toBuffer())).toThrow(FaissLayoutError);
  });
});
