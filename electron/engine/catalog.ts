// A data folder's catalog alone: read-only views of its database (the status report, the keyword index),
// without the vector index, the embedder or the indexing code. The CLI's `status` and keyword-only
// `search` open this rather than the Engine: importing the Engine loads the parsers and tokenizers
// (seconds on a small machine), which a read of the database must not pay.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type StatusReport, statusReport } from './library/report';
import type { ChunkWithSource } from './search/types';
import { DB_FILE_NAME } from './store/open-database';
import { SqliteStore } from './store/sqlite';

export interface CatalogKeywordHit {
  chunk: ChunkWithSource;
  /** The database's own BM25 score (unbounded; higher is better). */
  bm25: number;
  snippet: string;
}

export class Catalog {
  private constructor(private readonly store: SqliteStore) {}

  /** Whether dataDir holds a library: read-only commands say so rather than create an empty one. */
  static exists(dataDir: string): boolean {
    return existsSync(join(dataDir, DB_FILE_NAME));
  }

  /** Opens (creating if missing: check exists() first) the database of dataDir. */
  static open(dataDir: string): Catalog {
    return new Catalog(SqliteStore.open(dataDir));
  }

  /** Every folder and document with its status (`lucarne status`). */
  status(): StatusReport {
    return statusReport(this.store);
  }

  /** The database's BM25 ranking with raw scores (`lucarne search --mode bm25`), not the app's fused search. */
  keywordSearch(query: string, k: number): CatalogKeywordHit[] {
    const hits = this.store.keywordSearch(query, k);
    const chunks = new Map(this.store.getChunks(hits.map((h) => h.chunkId)).map((c) => [c.id, c]));
    return hits.flatMap((h) => {
      const chunk = chunks.get(h.chunkId);
      return chunk ? [{ chunk, bm25: h.bm25, snippet: h.snippet }] : [];
    });
  }

  close(): void {
    this.store.close();
  }
}
