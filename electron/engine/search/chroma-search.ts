// Hybrid search over a Chroma collection this client does not own (no local catalog of its chunks): the
// same hybridSearch pipeline (fusion, MMR, filters, snippets), fed by a SearchStore that answers from the
// records Chroma returned. hybridSearch's store calls are synchronous, so the keyword candidates (and their
// vectors) are fetched first, then vector hits bring their own text and metadata (the index caches them).
// Chroma is reached only through the index's reader capability (VectorIndex.records, store/types.ts).
import type { SearchFilters, SearchHit } from '../../../shared/types';
import type { ChunkRecords, KeywordHit, VectorIndex } from '../store/types';
import type { Embedder } from '../types';
import { type ChromaKeywordOptions, chromaKeywordSearch } from './chroma-keyword';
import { hybridSearch } from './hybrid';
import type { ChunkWithSource, SearchQuery, SearchStore } from './types';

/** Candidates per list, as hybridSearch's default (DEFAULT_SEARCH_OPTIONS.candidates). */
const DEFAULT_CANDIDATES = 100;

/** A SearchStore over a Chroma collection: keyword hits prepared in advance, chunks from fetched records. */
export class ChromaSearchStore implements SearchStore {
  private prepared: { query: string; hits: KeywordHit[] } | null = null;
  /** The owner's folder paths, as the records give them (for relative path globs). */
  private readonly folders = new Map<number, string>();

  constructor(
    private readonly records: ChunkRecords,
    /** The embedding model of the index the records belong to. */
    private readonly model: string,
    private readonly keywordOptions: ChromaKeywordOptions = {},
  ) {}

  /** Runs the keyword search (see chroma-keyword.ts) that keywordSearch() will then answer from. */
  async prepare(query: string, n: number, filters?: SearchFilters): Promise<KeywordHit[]> {
    const hits = await chromaKeywordSearch(this.records, query, n, filters, this.keywordOptions);
    this.prepared = { query, hits };
    return hits;
  }

  keywordSearch(query: string, k: number): KeywordHit[] {
    // Only the prepared query is known; any other query finds nothing here.
    if (!this.prepared || this.prepared.query !== query) return [];
    return this.prepared.hits.slice(0, Math.max(0, Math.floor(k)));
  }

  getChunks(ids: number[]): ChunkWithSource[] {
    const out: ChunkWithSource[] = [];
    for (const id of ids) {
      const c = this.records.cachedChunk(id);
      if (c) {
        if (c.folderPath) this.folders.set(c.folderId, c.folderPath);
        out.push(c);
      }
    }
    return out;
  }

  getFolder(id: number): { path: string } | null {
    const path = this.folders.get(id);
    return path === undefined ? null : { path };
  }

  vectorsForChunks(chunkIds: number[], model: string): Map<number, Float32Array> {
    const out = new Map<number, Float32Array>();
    if (model !== this.model) return out;
    for (const id of chunkIds) {
      const v = this.records.cachedChunk(id)?.vector;
      if (v) out.set(id, v);
    }
    return out;
  }
}

/** hybridSearch for a reader of a Chroma collection: an index whose `records` capability is set. */
export async function chromaHybridSearch(
  deps: { index: VectorIndex; embedder: Embedder; keyword?: ChromaKeywordOptions },
  q: SearchQuery,
): Promise<SearchHit[]> {
  const records = deps.index.records;
  if (!records) throw new TypeError('chromaHybridSearch: this vector index has no records to read (not a reader)');
  const store = new ChromaSearchStore(records, deps.index.model, deps.keyword);
  const query = q.query.trim();
  if (query === '') return [];
  if (q.mode !== 'vector') await store.prepare(query, Math.max(q.k, q.candidates ?? DEFAULT_CANDIDATES), q.filters);
  return hybridSearch({ store, vectors: deps.index, embedder: deps.embedder }, { ...q, query });
}
