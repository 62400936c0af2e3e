// What retrieval needs from the store, the vector index and the embedder. The store side is the subset of
// SqliteStore (electron/engine/store/sqlite.ts) that search uses, so tests and other backends can supply it.
import type { FileKind, SearchFilters, SearchMode } from '../../../shared/types';
import type { KeywordHit, StoredChunk, VectorIndex } from '../store/types';
import type { Embedder } from '../types';
import type { FusionMethod, FusionWeights } from './fusion';

export type ChunkWithSource = StoredChunk & { path: string; kind: FileKind | null; folderId: number };

/** How hybrid search asks for its keyword list (see store/keyword-search.ts); backends may ignore them. */
export interface KeywordListOptions {
  /** Match only the rarest query terms, up to this many postings in all. */
  postingsBudget?: number;
  /** false: no per-hit snippet (search makes its own for the hits it returns). */
  snippets?: boolean;
  /** Only the chunks of these documents (the best chunks of the documents a question names). */
  documentIds?: number[];
  /** With documentIds: at most this many chunks of each document, in one search for all of them. */
  perDocument?: number;
}

/** A document whose fields match a query (store/sqlite/doc-fields.ts), BM25 higher = better. */
export interface DocumentFieldHit {
  documentId: number;
  score: number;
  /** Matched outside its first words: by its file name, folders, title, metadata, dates or periods. */
  named: boolean;
}

export interface SearchStore {
  keywordSearch(query: string, k: number, filters?: SearchFilters, opts?: KeywordListOptions): KeywordHit[];
  getChunks(ids: number[]): ChunkWithSource[];
  vectorsForChunks(chunkIds: number[], model: string): Map<number, Float32Array>;
  /** Used to match relative path globs on vector hits. */
  getFolder?(id: number): { path: string } | null;
  /**
   * The documents whose fields (file name, folders, title, metadata, first words, periods) match the query,
   * best first. Absent where there is no local catalogue (a Chroma collection read without it): search then
   * works on the chunks alone.
   */
  documentFieldSearch?(
    query: string,
    periods: string[],
    limit: number,
    opts: { filters?: SearchFilters; weights: number[] },
  ): DocumentFieldHit[];
  /** A document's period tokens, space-separated: of its name, title and metadata, and of its first words. */
  documentFields?(documentId: number): { periods: string; card_periods: string } | null;
}

export interface SearchDeps {
  store: SearchStore;
  vectors: VectorIndex;
  embedder: Embedder;
}

export interface SearchQuery {
  query: string;
  k: number;
  mode: SearchMode;
  filters?: SearchFilters;
  /** Fusion weights (hybrid). Defaults: DEFAULT_SEARCH_OPTIONS.weights. */
  weights?: Partial<FusionWeights>;
  fusion?: FusionMethod;
  rrfK?: number;
  /** MMR trade-off: 1 = pure relevance (off), lower = more diverse. */
  mmrLambda?: number;
  /** Cosine below which two results are not redundant at all (MMR); default 0.95. */
  mmrFloor?: number;
  /** Candidates taken from each list before fusion. */
  candidates?: number;
  /**
   * Hybrid only: postings the keyword list may read (its rarest terms first; the rest of the query still
   * counts through the passage evidence). Infinity: exact BM25 over every term.
   */
  keywordBudget?: number;
  /** Hybrid only: add the best chunks of the documents the question names (doc-refs.ts). Default true. */
  documentCandidates?: boolean;
}
