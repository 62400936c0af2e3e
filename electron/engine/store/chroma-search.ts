// Hybrid search over a Chroma collection this client does not own (no local catalog of its chunks): the
// same hybridSearch pipeline (fusion, MMR, filters, snippets), fed by a SearchStore that answers from the
// records Chroma returned. hybridSearch's store calls are synchronous, so the keyword candidates (and their
// vectors) are fetched first, then vector hits bring their own text and metadata (ChromaIndex caches them).
import type { SearchFilters, SearchHit } from '../../../shared/types';
import { hybridSearch } from '../search/hybrid';
import type { ChunkWithSource, SearchDeps, SearchQuery, SearchStore } from '../search/types';
import type { Embedder } from '../types';
import { ChromaIndex } from './chroma/vector-index';
import { type ChromaKeywordOptions, chromaKeywordSearch } from './chroma-keyword';
import type { KeywordHit, VectorIndex } from './types';

/** Candidates per list, as hybridSearch's default (DEFAULT_SEARCH_OPTIONS.candidates). */
const DEFAULT_CANDIDATES = 100;

/** A SearchStore over a Chroma collection: keyword hits prepared in advance, chunks from fetched records. */
export class ChromaSearchStore implements SearchStore {
  private prepared: { query: string; hits: KeywordHit[] } | null = null;
  /** The owner's folder paths, as the records give them (for relative path globs). */
  private readonly folders = new Map<number, string>();

  constructor(
    readonly index: ChromaIndex,
    private readonly keywordOptions: ChromaKeywordOptions = {},
  ) {}

  /** Runs the keyword search (see chroma-keyword.ts) that keywordSearch() will then answer from. */
  async prepare(query: string, n: number, filters?: SearchFilters): Promise<KeywordHit[]> {
    const hits = await chromaKeywordSearch(this.index, query, n, filters, this.keywordOptions);
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
      const c = this.index.cachedChunk(id);
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
    if (model !== this.index.model) return out;
    for (const id of chunkIds) {
      const v = this.index.cachedChunk(id)?.vector;
      if (v) out.set(id, v);
    }
    return out;
  }
}

/** hybridSearch for a reader of a Chroma collection. */
export async function chromaHybridSearch(
  deps: { index: ChromaIndex; embedder: Embedder; keyword?: ChromaKeywordOptions },
  q: SearchQuery,
): Promise<SearchHit[]> {
  const store = new ChromaSearchStore(deps.index, deps.keyword);
  const query = q.query.trim();
  if (query === '') return [];
  if (q.mode !== 'vector') await store.prepare(query, Math.max(q.k, q.candidates ?? DEFAULT_CANDIDATES), q.filters);
  return hybridSearch({ store, vectors: deps.index, embedder: deps.embedder }, { ...q, query });
}

/** True when search must read chunks from Chroma instead of the local catalog. */
export function isChromaReader(vectors: VectorIndex): vectors is ChromaIndex {
  return vectors instanceof ChromaIndex && vectors.role === 'reader';
}

/**
 * The search entry point for every backend: the local catalog (FTS5 + chunks) with whichever vector index,
 * or, for a reader of someone else's Chroma collection, chromaHybridSearch.
 */
export async function searchAnyBackend(deps: SearchDeps, q: SearchQuery): Promise<SearchHit[]> {
  if (isChromaReader(deps.vectors)) return chromaHybridSearch({ index: deps.vectors, embedder: deps.embedder }, q);
  return hybridSearch(deps, q);
}
