// Child: exact flat search against HNSW and IVF on the vectors of a chunk library: build time, size,
// single-query latency (k = 100, what hybrid search asks for) and recall against flat at 10 and 100.
// Then hybrid search end to end with the HNSW index in place of the flat one.
// Usage: faiss-types.ts LIBRARY_DIR QUERIES [--hybrid]
import faiss from 'faiss-node';
import { OfflineEmbedder, hybridSearch } from '../../electron/engine/public/retrieval';
import {
  SqliteStore,
  type VectorHit,
  type VectorIndex,
  chooseIndexType,
  ivfListsFor,
  ivfProbesFor,
  withHnswEfSearch,
  withIvfNprobe,
} from '../../electron/engine/public/store';
import { seeded } from '../corpus/rng';
import { loadTextSource } from '../corpus/text-source';
import { ownPeakRssMb, sendResult } from '../lib/child';
import { type Summary, summarize } from '../lib/stats';

type NativeIndex = InstanceType<typeof faiss.Index>;
const [dir, queryCountArg, ...flags] = process.argv.slice(2);
const queryCount = Number(queryCountArg ?? 200);
/** --lite (quick runs): fewer parameter values. */
const lite = flags.includes('--lite');
const K = 100;
/** The efSearch used for hybrid search with HNSW (recall@100 ≥ 0.95 at 100k in the measurements). */
const CHOSEN_EF = 256;

const store = SqliteStore.open(dir);
const embedder = new OfflineEmbedder();
const dim = embedder.dim;

// All vectors, normalised, in chunk id order (as FaissIndex rebuilds them).
const t0 = performance.now();
const positions: number[] = [];
const rows: number[] = [];
for (const { chunkId, vector } of store.iterateChunkVectors(embedder.id)) {
  let s = 0;
  for (const x of vector) s += x * x;
  const k = s > 0 ? 1 / Math.sqrt(s) : 0;
  for (const x of vector) rows.push(x * k);
  positions.push(chunkId);
}
const loadMs = performance.now() - t0;
const n = positions.length;

const rand = seeded(9);
const texts = [...loadTextSource().queries].sort(() => rand() - 0.5).slice(0, queryCount);
const queries: number[][] = [];
for (const q of texts) {
  const v = await embedder.embedQuery(q);
  let s = 0;
  for (const x of v) s += x * x;
  queries.push(Array.from(v, (x) => x / Math.sqrt(s || 1)));
}

function build(descriptor: string): { index: NativeIndex; trainMs: number; addMs: number } {
  const index = faiss.Index.fromFactory(dim, descriptor, 0);
  let trainMs = 0;
  if (!index.isTrained()) {
    const t = performance.now();
    // k-means on a sample: 40 points per list is what faiss itself considers enough.
    const nlist = Number(/IVF(\d+)/.exec(descriptor)?.[1] ?? 1);
    const sample = Math.min(n, Math.max(nlist * 40, 10_000));
    index.train(rows.slice(0, sample * dim));
    trainMs = performance.now() - t;
  }
  const t = performance.now();
  for (let i = 0; i < n; i += 20_000) index.add(rows.slice(i * dim, Math.min(n, i + 20_000) * dim));
  return { index, trainMs, addMs: performance.now() - t };
}

function searchAll(index: NativeIndex): { labels: number[][]; latency: Summary } {
  const labels: number[][] = [];
  const times: number[] = [];
  for (const q of queries.slice(0, 10)) index.search(q, Math.min(K, n)); // warm-up
  for (const q of queries) {
    const s = performance.now();
    const r = index.search(q, Math.min(K, n));
    times.push(performance.now() - s);
    labels.push(r.labels);
  }
  return { labels, latency: summarize(times) };
}

function recall(truth: number[][], got: number[][], at: number): number {
  let hit = 0;
  let total = 0;
  for (let i = 0; i < truth.length; i++) {
    const t = new Set(truth[i].slice(0, at));
    total += t.size;
    for (const l of got[i].slice(0, at)) if (t.has(l)) hit++;
  }
  return total ? hit / total : 1;
}

interface Variant {
  type: string;
  param: string;
  buildMs: number;
  bytes: number;
  p50: number;
  p95: number;
  recall10: number;
  recall100: number;
}
const variants: Variant[] = [];

const flat = build('Flat');
const truth = searchAll(flat.index);
variants.push({
  type: 'Flat',
  param: 'exact',
  buildMs: flat.addMs,
  bytes: n * dim * 4,
  p50: truth.latency.p50,
  p95: truth.latency.p95,
  recall10: 1,
  recall100: 1,
});

const hnsw = build('HNSW32');
const hnswBuffer = hnsw.index.toBuffer();
let hnswChosen: NativeIndex = hnsw.index;
for (const ef of lite ? [64, CHOSEN_EF] : [16, 32, 64, 128, 256, 512]) {
  const index = faiss.Index.fromBuffer(withHnswEfSearch(hnswBuffer, ef));
  const r = searchAll(index);
  variants.push({
    type: 'HNSW32',
    param: `efSearch ${ef}`,
    buildMs: hnsw.addMs,
    bytes: hnswBuffer.length,
    p50: r.latency.p50,
    p95: r.latency.p95,
    recall10: recall(truth.labels, r.labels, 10),
    recall100: recall(truth.labels, r.labels, 100),
  });
  if (ef === CHOSEN_EF) hnswChosen = index;
}

// The lists and probes the store would choose at this size (it keeps flat below its threshold).
const nlist = ivfListsFor(n);
const storeChoice = chooseIndexType(n);
const chosenProbe = ivfProbesFor(nlist);
const ivf = build(`IVF${nlist},Flat`);
const ivfBuffer = ivf.index.toBuffer();
let ivfChosen: NativeIndex = ivf.index;
const probes = [...new Set([...(lite ? [16] : [1, 4, 8, 16, 32, 64]), chosenProbe])].sort((a, b) => a - b);
for (const nprobe of probes.filter((p) => p <= nlist)) {
  const index = faiss.Index.fromBuffer(withIvfNprobe(ivfBuffer, nprobe));
  if (nprobe === chosenProbe) ivfChosen = index;
  const r = searchAll(index);
  variants.push({
    type: `IVF${nlist},Flat`,
    param: `nprobe ${nprobe}`,
    buildMs: ivf.trainMs + ivf.addMs,
    bytes: ivfBuffer.length,
    p50: r.latency.p50,
    p95: r.latency.p95,
    recall10: recall(truth.labels, r.labels, 10),
    recall100: recall(truth.labels, r.labels, 100),
  });
}

/** The engine's VectorIndex over a native index built from `positions`, for hybrid search. */
function asVectorIndex(index: NativeIndex): VectorIndex {
  return {
    model: embedder.id,
    dim,
    count: async () => n,
    add: async () => {},
    remove: async () => {},
    flush: async () => {},
    close: async () => {},
    search: async (vector: Float32Array, k: number): Promise<VectorHit[]> => {
      let s = 0;
      for (const x of vector) s += x * x;
      const r = index.search(
        Array.from(vector, (x) => x / Math.sqrt(s || 1)),
        Math.min(k, n),
      );
      const hits: VectorHit[] = [];
      r.labels.forEach((label, i) => {
        if (label >= 0) hits.push({ chunkId: positions[label], score: r.distances[i] });
      });
      return hits;
    },
  };
}

const hybrid: Record<string, Summary> = {};
if (flags.includes('--hybrid')) {
  for (const [name, index] of [
    ['Flat', flat.index],
    [`IVF${nlist},Flat nprobe ${chosenProbe}`, ivfChosen],
    [`HNSW32 efSearch ${CHOSEN_EF}`, hnswChosen],
  ] as const) {
    const vectors = asVectorIndex(index);
    for (const q of texts.slice(0, 10))
      await hybridSearch({ store, vectors, embedder }, { query: q, k: 10, mode: 'hybrid' });
    const times: number[] = [];
    for (const q of texts) {
      const s = performance.now();
      await hybridSearch({ store, vectors, embedder }, { query: q, k: 10, mode: 'hybrid' });
      times.push(performance.now() - s);
    }
    hybrid[name] = summarize(times);
  }
}

sendResult({
  n,
  loadMs,
  nlist,
  chosenProbe,
  storeChoice: storeChoice.descriptor,
  variants,
  hybrid,
  peakRssMb: ownPeakRssMb(),
});
store.close();
