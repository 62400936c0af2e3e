// What a user sees of a library through the API, for comparing two data folders built from the same files
// (one interrupted by kills, one clean): each document's status, flags, pages and chunks, and the scores of
// the top 10 results of fixed queries by keywords and by vectors, the two lists hybrid search fuses (ties:
// see test-support/ranking-view.ts).
import { rankingView } from '../../../test-support/ranking-view';
import type { HostApi } from './host-api';

export interface LibraryView {
  documents: Record<string, { status: string; flags: string[]; pages: number | null; chunks: number }>;
  searches: Record<string, string[]>;
}

interface Doc {
  path: string;
  status: string;
  flags: string[];
  pages: number | null;
  chunks: number;
}

interface Hit {
  chunk: { path: string; ordinal: number };
  score: { bm25: number | null; vector: number | null };
}

export async function libraryView(api: HostApi, queries: string[]): Promise<LibraryView> {
  const { items } = await api.call<{ items: Doc[] }>('library.listDocuments', { limit: 1000 });
  const documents: LibraryView['documents'] = {};
  for (const d of items) {
    documents[d.path] = { status: d.status, flags: [...d.flags].sort(), pages: d.pages, chunks: d.chunks };
  }
  const searches: LibraryView['searches'] = {};
  for (const query of queries) {
    for (const mode of ['bm25', 'vector'] as const) {
      const hits = await api.call<Hit[]>('search.query', { query, k: 10, mode });
      const ranked = hits.map((h) => ({ ...h.chunk, score: (mode === 'bm25' ? h.score.bm25 : h.score.vector) ?? 0 }));
      // Scores only: the API's search diversifies (MMR), and among tied near-duplicates it keeps one by chunk
      // id, which differs between the two libraries; the documents map above says which files hold what.
      searches[`${mode}: ${query}`] = rankingView(ranked, 10).map((line) => line.split(' ')[0]);
    }
  }
  return { documents, searches };
}
