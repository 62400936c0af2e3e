// Child: start-up on an existing data folder. Modes: `modules` (import the engine, nothing else: the
// baseline), `store` (open SQLite and load the FAISS index), `engine` (Engine.open: store, index, library
// started with its catch-up scan, ready to answer). Each reports its in-process time and the time of a
// first search. Usage: startup.ts MODE DATA
import { sendResult } from '../lib/child';

const [mode, dataDir] = process.argv.slice(2);
const imported = performance.now();
const { Engine } = await import('../../electron/engine/index');
const { FaissIndex, SqliteStore } = await import('../../electron/engine/public/store');
const { OfflineEmbedder } = await import('../../electron/engine/public/retrieval');
const importMs = performance.now() - imported;

if (mode === 'modules') {
  sendResult({ importMs, readyMs: 0, firstSearchMs: 0 });
  process.exit(0);
}

const t0 = performance.now();
if (mode === 'store') {
  const store = SqliteStore.open(dataDir);
  const storeOpenMs = performance.now() - t0;
  const embedder = new OfflineEmbedder();
  const vectors = await FaissIndex.open({ dir: dataDir, model: embedder.id, dim: embedder.dim, store });
  const readyMs = performance.now() - t0;
  const t1 = performance.now();
  await vectors.search(await embedder.embedQuery('cell growth in tumours'), 10);
  const firstSearchMs = performance.now() - t1;
  // What SqliteStore.open spends in its integrity check, measured again on the open connection.
  const q0 = performance.now();
  (store as unknown as { db: { pragma(s: string): unknown } }).db.pragma('quick_check');
  const quickCheckMs = performance.now() - q0;
  sendResult({
    importMs,
    readyMs,
    storeOpenMs,
    quickCheckMs,
    faissOpenMs: vectors.openReport.ms,
    firstSearchMs,
    chunks: store.chunkCount(),
  });
  await vectors.close();
  store.close();
} else {
  const engine = await Engine.open({ dataDir, log: () => {} });
  const readyMs = performance.now() - t0;
  const t1 = performance.now();
  const hits = (await engine.handle('search.query', {
    query: 'cell growth in tumours',
    k: 10,
    mode: 'hybrid',
  })) as unknown[];
  const firstSearchMs = performance.now() - t1;
  sendResult({ importMs, readyMs, firstSearchMs, hits: hits.length });
  await engine.close();
}
process.exit(0);
