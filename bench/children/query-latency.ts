// Child: query latency of bm25, vector and hybrid search on a chunk library built by chunk-library.ts,
// through the same hybridSearch() the engine's search.query calls, next to the bare costs of its parts
// measured in the same process: a raw FTS5 MATCH (top 100), the FAISS search alone (top 100), the query
// embedding alone. Usage: query-latency.ts LIBRARY_DIR QUERIES
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { OfflineEmbedder, hybridSearch } from '../../electron/engine/public/retrieval';
import { dispatch } from '../../electron/engine/rpc';
import { FaissIndex, SqliteStore, toFtsQuery } from '../../electron/engine/public/store';
import type { SearchMode } from '../../shared/types';
import { seeded } from '../corpus/rng';
import { loadTextSource } from '../corpus/text-source';
import { ownPeakRssMb, sendResult } from '../lib/child';
import { type Summary, summarize } from '../lib/stats';

const [dir, queryCountArg, ...flags] = process.argv.slice(2);
/** --lite (quick runs): the three modes and the bare baselines only. */
const lite = flags.includes('--lite');
const queryCount = Number(queryCountArg ?? 200);
const WARMUP = 15;

const t0 = performance.now();
const store = SqliteStore.open(dir);
const embedder = new OfflineEmbedder();
const vectors = await FaissIndex.open({ dir, model: embedder.id, dim: embedder.dim, store });
const openMs = performance.now() - t0;
await embedder.embedQuery('warm up the word table');

const rand = seeded(5);
const pool = [...loadTextSource().queries];
for (let i = pool.length - 1; i > 0; i--) {
  const j = Math.floor(rand() * (i + 1));
  [pool[i], pool[j]] = [pool[j], pool[i]];
}
const queries = pool.slice(0, queryCount + WARMUP);

let lastTimes: number[] = [];
async function measure(fn: (q: string) => Promise<unknown> | unknown): Promise<Summary> {
  for (const q of queries.slice(0, WARMUP)) await fn(q);
  const times: number[] = [];
  for (const q of queries.slice(WARMUP)) {
    const s = performance.now();
    await fn(q);
    times.push(performance.now() - s);
  }
  lastTimes = times;
  return summarize(times);
}

/** Hybrid latency by query length (distinct terms after the store drops the idf-less ones is not visible here: all terms). */
function byLength(times: number[]): Record<string, Summary> {
  const buckets: Record<string, number[]> = { '≤ 5 terms': [], '6–10 terms': [], '> 10 terms': [] };
  queries.slice(WARMUP).forEach((q, i) => {
    const n = toFtsQuery(q)?.split(' OR ').length ?? 0;
    buckets[n <= 5 ? '≤ 5 terms' : n <= 10 ? '6–10 terms' : '> 10 terms'].push(times[i]);
  });
  return Object.fromEntries(
    Object.entries(buckets)
      .filter(([, t]) => t.length > 0)
      .map(([k, t]) => [k, summarize(t)]),
  );
}

const modes: Record<string, Summary> = {};
let hybridByLength: Record<string, Summary> = {};
for (const mode of ['bm25', 'vector', 'hybrid'] as SearchMode[]) {
  modes[mode] = await measure((query) => hybridSearch({ store, vectors, embedder }, { query, k: 10, mode }));
  if (mode === 'hybrid') hybridByLength = byLength(lastTimes);
}
if (!lite)
  modes['hybrid (API dispatch)'] = await measure((query) =>
    dispatch(
      'search.query',
      { query, k: 10, mode: 'hybrid' },
      {
        engine: async (_name, args) =>
          hybridSearch({ store, vectors, embedder }, args as { query: string; k: number; mode: SearchMode }),
      },
    ),
  );

const stage = { keyword: 0, vector: 0, rows: 0, total: 0 };
let breakdown = { keywordMs: 0, vectorMs: 0, rowsMs: 0, restMs: 0, totalMs: 0 };
const whatIf: Record<string, Summary> = {};
const whatIfTop10Overlap: Record<string, number> = {};
if (!lite) {
  // Where hybrid's time goes (shipped code, timed through thin wrappers of the store and the index).
  const timedStore = {
    keywordSearch: (q: string, k: number, f?: Parameters<typeof store.keywordSearch>[2]) => {
      const t = performance.now();
      try {
        return store.keywordSearch(q, k, f);
      } finally {
        stage.keyword += performance.now() - t;
      }
    },
    getChunks: (ids: number[]) => {
      const t = performance.now();
      try {
        return store.getChunks(ids);
      } finally {
        stage.rows += performance.now() - t;
      }
    },
    vectorsForChunks: (ids: number[], model: string) => {
      const t = performance.now();
      try {
        return store.vectorsForChunks(ids, model);
      } finally {
        stage.rows += performance.now() - t;
      }
    },
    getFolder: (id: number) => store.getFolder(id),
  };
  const timedVectors = Object.assign(Object.create(vectors) as typeof vectors, {
    search: async (v: Float32Array, k: number, allowed?: Set<number>) => {
      const t = performance.now();
      try {
        return await vectors.search(v, k, allowed);
      } finally {
        stage.vector += performance.now() - t;
      }
    },
    count: () => vectors.count(),
  });
  for (const q of queries.slice(WARMUP)) {
    const t = performance.now();
    await hybridSearch({ store: timedStore, vectors: timedVectors, embedder }, { query: q, k: 10, mode: 'hybrid' });
    stage.total += performance.now() - t;
  }
  const n = Math.max(1, queries.length - WARMUP);
  breakdown = {
    keywordMs: stage.keyword / n,
    vectorMs: stage.vector / n,
    rowsMs: stage.rows / n,
    restMs: (stage.total - stage.keyword - stage.vector - stage.rows) / n,
    totalMs: stage.total / n,
  };

  // What-if: the exact keyword list (every query term, no postings budget), as before the budget.
  const exact = (query: string) =>
    hybridSearch(
      { store, vectors, embedder },
      { query, k: 10, mode: 'hybrid', keywordBudget: Number.POSITIVE_INFINITY },
    );
  whatIf['exact keyword list (no postings budget)'] = await measure(exact);
  let same = 0;
  let total = 0;
  for (const query of queries.slice(WARMUP)) {
    const a = (await hybridSearch({ store, vectors, embedder }, { query, k: 10, mode: 'hybrid' })).map(
      (h) => h.chunk.id,
    );
    const b = new Set((await exact(query)).map((h) => h.chunk.id));
    same += a.filter((id) => b.has(id)).length;
    total += a.length;
  }
  whatIfTop10Overlap['exact keyword list (no postings budget)'] = total ? same / total : 1;
}
const queryTermsMean = queries.reduce((x, q) => x + (toFtsQuery(q)?.split(' OR ').length ?? 0), 0) / queries.length;

// Baselines: the parts alone.
const raw = new Database(join(dir, 'lucarne.db'), { readonly: true });
raw.pragma('cache_size = -65536'); // as the store's own connection
const ftsStmt = raw.prepare(
  'SELECT rowid, bm25(chunks_fts) AS s FROM chunks_fts WHERE chunks_fts MATCH ? ORDER BY s LIMIT 100',
);
const bareFts = await measure((q) => {
  const match = toFtsQuery(q);
  return match ? ftsStmt.all(match) : [];
});
const queryVectors = new Map<string, Float32Array>();
for (const q of queries) queryVectors.set(q, await embedder.embedQuery(q));
const bareVector = await measure((q) => vectors.search(queryVectors.get(q)!, 100));
const embedOnly = await measure((q) => embedder.embedQuery(q));
const snippetProbe = await measure((q) => store.keywordSearch(q, 100));
raw.close();

sendResult({
  chunks: store.chunkCount(),
  openMs,
  indexType: vectors.indexType,
  faissOpen: vectors.openReport,
  modes,
  hybridByLength,
  breakdown,
  whatIf,
  whatIfTop10Overlap,
  queryTermsMean,
  baselines: { bareFts, bareVector, embedOnly, keywordSearch100: snippetProbe },
  peakRssMb: ownPeakRssMb(),
});
await vectors.close();
store.close();
