// The store's contract. SQLite (sqlite.ts) is the source of truth for the embedded backend; the FAISS
// index (faiss.ts) is derived from its embeddings table. A Chroma backend (chroma/) implements
// VectorIndex (and keeps chunk text + metadata beside the vectors) for teams and larger corpora.
import type { DocFlag, DocStatus, DocumentInfo, FileKind, FolderInfo, SearchFilters } from '../../../shared/types';
import type { ChunkDraft, DocumentMeta } from '../types';

export interface FolderOptions {
  include: string[]; // globs relative to the folder; empty = all supported files
  exclude: string[];
}

export interface DocumentUpsert {
  folderId: number;
  path: string; // absolute
  relPath: string;
  kind: FileKind | null;
  size: number;
  mtimeMs: number;
}

export interface StoredChunk {
  id: number;
  documentId: number;
  ordinal: number;
  text: string;
  headingPath: string[];
  pageStart: number | null;
  pageEnd: number | null;
  pageLabel: string | null;
  charStart: number;
  charEnd: number;
  tokens: number;
  sha256: string;
}

/** Result of replacing a document's chunks: which rows are new (need vectors) and which are gone. */
export interface ChunkDiff {
  added: StoredChunk[]; // new rows (their text changed or is new): need embedding
  kept: StoredChunk[]; // unchanged hash: row (and vector) kept, offsets/ordinal updated
  removedIds: number[]; // rows deleted (vectors must go too)
}

export interface KeywordHit {
  chunkId: number;
  bm25: number; // higher is better (negated SQLite bm25())
  snippet: string;
}

export interface VectorHit {
  chunkId: number;
  score: number; // inner product of normalized vectors = cosine
}

export type JobKind = 'index' | 'remove' | 'rename';
export interface Job {
  id: number;
  kind: JobKind;
  folderId: number;
  path: string;
  newPath: string | null;
  attempts: number;
}

/** A vector index over chunk ids. Embedded: FAISS (positions mapped to chunk ids); scale-out: Chroma. */
export interface VectorIndex {
  readonly model: string;
  readonly dim: number;
  count(): Promise<number>;
  add(items: { chunkId: number; vector: Float32Array }[]): Promise<void>;
  remove(chunkIds: number[]): Promise<void>;
  search(vector: Float32Array, k: number, allowedChunkIds?: Set<number>): Promise<VectorHit[]>;
  /** Persist (atomically) whatever is not yet on disk / on the server. */
  flush(): Promise<void>;
  close(): Promise<void>;
  /**
   * The reader capability. Set when this client has no local catalog of the index's chunks (a reader of a
   * Chroma collection that another library maintains): search must then read chunk text and metadata from
   * the index's own records. Unset for FAISS and for the owner of a Chroma collection (search the catalog).
   */
  readonly records?: ChunkRecords;
}

/** A chunk as the records of a vector index hold it: the chunk, where it comes from, maybe its vector. */
export interface RecordedChunk extends StoredChunk {
  path: string;
  kind: FileKind | null;
  folderId: number;
  /** The path relative to its folder, and the folder's own path. */
  relPath: string;
  folderPath: string;
  /** Present when it was read with its vector. */
  vector?: Float32Array;
}

/** Reading chunks back from the records a vector index keeps beside its vectors (see VectorIndex.records). */
export interface ChunkRecords {
  count(): Promise<number>;
  /**
   * Chunk ids of the records whose text matches `pattern` (a regular expression in the server's syntax:
   * Rust's regex crate for Chroma) and whose kind and folder pass `filters`, at most `limit`.
   */
  matchText(pattern: string, filters: SearchFilters | undefined, limit: number): Promise<number[]>;
  /** Records of these chunk ids (text, metadata, optionally the vector), from a cache or the server. */
  fetchChunks(chunkIds: number[], opts?: { vectors?: boolean }): Promise<Map<number, RecordedChunk>>;
  /** Records cached by earlier searches and fetches (synchronous: for a SearchStore). */
  cachedChunk(chunkId: number): RecordedChunk | undefined;
}

export type { ChunkDraft, DocFlag, DocStatus, DocumentInfo, DocumentMeta, FolderInfo, SearchFilters };
