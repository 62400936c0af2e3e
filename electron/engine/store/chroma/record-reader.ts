// Reading the collection's records back: chunks by id, through a cache that lets a reader's search store
// answer synchronously (bounded, and short-lived because the owner may rename or re-index meanwhile); ids by
// a pattern over the text (a reader's keyword search); and the whole collection page by page (reconcile,
// migration, verification).
import type { Collection } from 'chromadb';
import type { SearchFilters } from '../../../../shared/types';
import { chunkFromRecord, type RemoteChunk, recordId, whereFor } from './records';

/** Records per page when listing a whole collection. */
export const LIST_PAGE = 2000;
/** Read-back cache of records (reader searches): bounded so a long session does not grow without end. */
const RECORD_CACHE_MAX = 20_000;
/** Cached records older than this are read again (the owner may have renamed or re-indexed them). */
const RECORD_CACHE_TTL_MS = 30_000;

export type CachedChunk = RemoteChunk & { vector?: Float32Array };

/** Runs `op` on the collection with the connection's retries (ChromaIndex.withCollection). */
export type CollectionRunner = <T>(
  what: string,
  op: (collection: Collection) => Promise<T>,
  retryForMs?: number,
) => Promise<T>;

export class RecordReader {
  /** Records read back from the server (reader searches), most recent last. */
  private readonly cache = new Map<number, { chunk: CachedChunk; at: number }>();

  constructor(private readonly withCollection: CollectionRunner) {}

  /** Records of these chunk ids (text, metadata, optionally the vector), from the cache or the server. */
  async fetchChunks(chunkIds: number[], opts: { vectors?: boolean } = {}): Promise<Map<number, CachedChunk>> {
    const out = new Map<number, CachedChunk>();
    const missing: number[] = [];
    for (const id of chunkIds) {
      const hit = this.cachedChunk(id);
      if (hit && (!opts.vectors || hit.vector)) out.set(id, hit);
      else missing.push(id);
    }
    for (let i = 0; i < missing.length; i += LIST_PAGE) {
      const ids = missing.slice(i, i + LIST_PAGE).map(recordId);
      const res = await this.withCollection('read chunks', (c) =>
        c.get({ ids, include: opts.vectors ? ['documents', 'metadatas', 'embeddings'] : ['documents', 'metadatas'] }),
      );
      res.ids.forEach((id, j) => {
        const chunk = chunkFromRecord(id, res.documents[j], res.metadatas[j]);
        if (!chunk) return;
        const emb = res.embeddings[j];
        const entry = emb ? { ...chunk, vector: Float32Array.from(emb) } : chunk;
        this.remember(entry);
        out.set(chunk.id, entry);
      });
    }
    return out;
  }

  /** Ids of the records whose text matches `pattern` (Rust regex) and whose kind and folder pass `filters`. */
  async matchText(pattern: string, filters: SearchFilters | undefined, limit: number): Promise<number[]> {
    const where = whereFor(filters);
    const res = await this.withCollection('keyword search', (c) =>
      c.get({ whereDocument: { $regex: pattern }, ...(where ? { where } : {}), include: [], limit }),
    );
    return res.ids.map(Number);
  }

  /** Records cached by earlier searches and fetches (synchronous: for the search store). */
  cachedChunk(chunkId: number): CachedChunk | undefined {
    const entry = this.cache.get(chunkId);
    return entry && Date.now() - entry.at < RECORD_CACHE_TTL_MS ? entry.chunk : undefined;
  }

  /** Keeps a record read back by a search or a fetch (with the vector it had, if the text is the same). */
  remember(chunk: CachedChunk): void {
    const prev = this.cachedChunk(chunk.id);
    this.cache.delete(chunk.id);
    const merged =
      prev?.vector && !chunk.vector && prev.sha256 === chunk.sha256 ? { ...chunk, vector: prev.vector } : chunk;
    this.cache.set(chunk.id, { chunk: merged, at: Date.now() });
    if (this.cache.size > RECORD_CACHE_MAX) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
  }

  clearCache(): void {
    this.cache.clear();
  }

  /** Pages through the whole collection (migration and verification). */
  async *iterateRecords(opts: { vectors?: boolean; documents?: boolean } = {}): AsyncGenerator<{
    chunk: RemoteChunk;
    vector: Float32Array | null;
  }> {
    const include: ('metadatas' | 'documents' | 'embeddings')[] = ['metadatas'];
    if (opts.documents !== false) include.push('documents');
    if (opts.vectors) include.push('embeddings');
    for (let offset = 0; ; offset += LIST_PAGE) {
      const res = await this.withCollection('list the records', (c) => c.get({ include, limit: LIST_PAGE, offset }));
      for (let j = 0; j < res.ids.length; j++) {
        const chunk = chunkFromRecord(res.ids[j], res.documents[j], res.metadatas[j]);
        if (!chunk) continue;
        const emb = res.embeddings[j];
        yield { chunk, vector: emb ? Float32Array.from(emb) : null };
      }
      if (res.ids.length < LIST_PAGE) return;
    }
  }
}
