// What a user can see of a library, for comparing two data folders built from the same files (a run
// interrupted by kills against a clean one): every document's status, flags, page and chunk counts, and the
// top 10 results of fixed queries by keywords and by vectors, the two lists hybrid search fuses (see
// test-support/ranking-view.ts for ties).
import { OfflineEmbedder } from '../../embed/offline';
import { hybridSearch } from '../../search/index';
import { FaissIndex } from '../../store/faiss';
import { SqliteStore } from '../../store/sqlite';
import { rankingView } from '../../../../test-support/ranking-view';

export interface LibrarySnapshot {
  documents: Record<string, { status: string; flags: string[]; pages: number | null; chunks: number }>;
  searches: Record<string, string[]>;
}

export async function librarySnapshot(dataDir: string, queries: string[]): Promise<LibrarySnapshot> {
  const store = SqliteStore.open(dataDir);
  const embedder = new OfflineEmbedder();
  const vectors = await FaissIndex.open({ dir: dataDir, model: embedder.id, dim: embedder.dim, store });
  try {
    const documents: LibrarySnapshot['documents'] = {};
    for (const d of store.listDocuments({ limit: 100_000 }).items) {
      const chunks = store.documentChunks(d.id).length;
      documents[d.relPath] = { status: d.status, flags: [...d.flags].sort(), pages: d.pages, chunks };
    }
    const searches: LibrarySnapshot['searches'] = {};
    for (const query of queries) {
      for (const mode of ['bm25', 'vector'] as const) {
        // MMR off: it picks one of two tied near-duplicates by chunk id, which differs between the runs.
        const hits = await hybridSearch({ store, vectors, embedder }, { query, k: 10, mode, mmrLambda: 1 });
        const ranked = hits.map((h) => ({ ...h.chunk, score: (mode === 'bm25' ? h.score.bm25 : h.score.vector) ?? 0 }));
        searches[`${mode}: ${query}`] = rankingView(ranked, 10);
      }
    }
    return { documents, searches };
  } finally {
    await vectors.close();
    store.close();
  }
}
