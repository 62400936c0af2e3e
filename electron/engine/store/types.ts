// The store's contract. SQLite (sqlite.ts) is the source of truth for the embedded backend; the FAISS
// index (faiss.ts) is derived from its embeddings table. A Chroma backend (chroma.ts) implements
// VectorIndex (and keeps chunk text + metadata beside the vectors) for teams and larger corpora.
import type { DocFlag, DocStatus, DocumentInfo, FileKind, FolderInfo, SearchFilters } from '../../../shared/types';
import type { ChunkDraft } from '../types';

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
}

export type { DocFlag, DocStatus, DocumentInfo, FolderInfo, SearchFilters, ChunkDraft };
