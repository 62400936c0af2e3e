// Checks a data folder the way the engine relies on it after a crash, on a copy (so the check itself
// repairs nothing the engine should find): SQLite opens (quick_check), the full integrity check passes
// (FTS5 against chunks, foreign keys, chunk counts), the FAISS index opens and holds exactly the store's
// vectors, and every document marked indexed has a vector for every chunk.
import { cpSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OFFLINE_EMBEDDER_ID } from '../../../electron/engine/public/retrieval';
import { FaissIndex, type FaissOpenReport, SqliteStore } from '../../../electron/engine/public/store';

export interface DataDirState {
  problems: string[];
  documents: number;
  byStatus: Record<string, number>;
  chunks: number;
  vectors: number;
  pendingJobs: number;
  faiss: FaissOpenReport | null;
}

export async function checkDataDir(dataDir: string, model = OFFLINE_EMBEDDER_ID): Promise<DataDirState> {
  const copy = join(tmpdir(), `lucarne-check-${process.pid}-${Date.now()}`);
  cpSync(dataDir, copy, { recursive: true });
  const problems: string[] = [];
  const state: DataDirState = {
    problems,
    documents: 0,
    byStatus: {},
    chunks: 0,
    vectors: 0,
    pendingJobs: 0,
    faiss: null,
  };
  let store: SqliteStore | null = null;
  try {
    try {
      store = SqliteStore.open(copy);
    } catch (e) {
      problems.push(`store did not open: ${(e as Error).message}`);
      return state;
    }
    problems.push(...store.verifyIntegrity());
    const docs = store.listDocuments({ limit: 100_000 });
    state.documents = docs.total;
    for (const d of docs.items) state.byStatus[d.status] = (state.byStatus[d.status] ?? 0) + 1;
    state.chunks = store.chunkCount();
    state.vectors = store.countChunkVectors(model);
    state.pendingJobs = store.jobs.pending();
    const missing = store.chunksMissingVectors(model, 100_000);
    const indexedWithout = new Set(
      missing.map((c) => c.documentId).filter((id) => store?.getDocument(id)?.status === 'indexed'),
    );
    if (indexedWithout.size) problems.push(`${indexedWithout.size} indexed document(s) with chunks lacking vectors`);
    try {
      const index = await FaissIndex.open({ dir: copy, model, dim: 100, store });
      state.faiss = index.openReport;
      const n = await index.count();
      if (n !== state.vectors) problems.push(`FAISS holds ${n} vectors, the store ${state.vectors}`);
      await index.close();
    } catch (e) {
      problems.push(`FAISS index did not open: ${(e as Error).message}`);
    }
    return state;
  } finally {
    store?.close();
    rmSync(copy, { recursive: true, force: true });
  }
}
