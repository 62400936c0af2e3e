// Child: query latency of bm25, vector and hybrid search on a chunk library built by chunk-library.ts,
// through the same hybridSearch() the engine's search.query calls, next to the bare costs of its parts
// measured in the same process: a raw FTS5 MATCH (top 100), the FAISS search alone (top 100), the query
// embedding alone. Usage: query-latency.ts LIBRARY_DIR QUERIES
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { OfflineEmbedder } from '../../electron/engine/embed/offline';
import { dispatch } from '../../electron/engine/rpc';
import { hybridSearch } from '../../electron/engine/search/index';
import { FaissIndex } from '../../electron/engine/store/faiss';
import { toFtsQuery } from '../../electron/engine/store/keyword-query';
import { SqliteStore } from '../../electron/engine/store/sqlite';
import type { SearchMode } from '../../shared/types';
import { seeded } from '../corpus/rng';
import { loadTextSource } from '../corpus/text-source';
import { ownPeakRssMb, sendResult } from '../lib/child';
import { type Summary, summarize } from '../lib/stats';

const [dir, queryCountArg] = process.argv.slice(2);
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

async function measure(fn: (q: string) => Promise<unknown> | unknown): Promise<Summary> {
  for (const q of queries.slice(0, WARMUP)) await fn(q);
  const times: number[] = [];
  for (const q of queries.slice(WARMUP)) {
    const s = performance.now();
    await fn(q);
    times.push(performance.now() - s);
  }
  return summarize(times);
}

const modes: Record<string, Summary> = {};
for (const mode of ['bm25', 'vector', 'hybrid'] as SearchMode[]) {
  modes[mode] = await measure((query) => hybridSearch({ store, vectors, embedder }, { query, k: 10, mode }));
}
modes['hybrid (API dispatch)'] = await measure((query) =>
  dispatch('search.query', { query, k: 10, mode: 'hybrid' }, {
    engine: async (_name, args) => hybridSearch({ store, vectors, embedder }, args as { query: string; k: number; mode: SearchMode }),
  }),
);

// Baselines: the parts alone.
const raw = new Database(join(dir, 'lucarne.db'), { readonly: true });
const ftsStmt = raw.prepare('SELECT rowid, bm25(chunks_fts) AS s FROM chunks_fts WHERE chunks_fts MATCH ? ORDER BY s LIMIT 100');
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
  faissOpen: vectors.openReport,
  modes,
  baselines: { bareFts, bareVector, embedOnly, keywordSearch100: snippetProbe },
  peakRssMb: ownPeakRssMb(),
});
await vectors.close();
store.close();
