// The embedding cache: vectors keyed by (chunk text sha256, model), so unchanged text is never embedded
// twice, and read back by chunk for the vector index (which is derived from this table). Each model's
// dimension is fixed by its first vectors.
import type { Sql } from '../open-database';
import type { StoredChunk } from '../types';
import { assertVector, decodeVector, encodeVector } from '../vector-blob';
import { bumpVectorGeneration } from './generation';
import { CHUNK_COLUMNS, type ChunkRow, json, toChunk } from './rows';

/** Rows per page when streaming vectors, so no statement stays open across a yield. */
const VECTOR_PAGE = 2048;

export class EmbeddingCache {
  constructor(private readonly sql: Sql) {}

  get(sha256s: string[], model: string): Map<string, Float32Array> {
    const out = new Map<string, Float32Array>();
    if (sha256s.length === 0) return out;
    const rows = this.sql.all<{ sha256: string; dim: number; vector: Buffer }>(
      'SELECT sha256, dim, vector FROM embeddings WHERE model = ? AND sha256 IN (SELECT value FROM json_each(?))',
      model,
      json(sha256s),
    );
    for (const r of rows) {
      const v = decodeVector(r.vector, r.dim);
      if (v) out.set(r.sha256, v);
    }
    return out;
  }

  /**
   * Caches vectors by (chunk hash, model) in one transaction; existing entries are kept as they are.
   * Bumps vector_generation when anything was inserted. Throws on a wrong dimension or a non-finite value,
   * or when `dim` differs from the dimension already stored for this model.
   */
  put(model: string, dim: number, entries: { sha256: string; vector: Float32Array }[]): void {
    if (!model) throw new TypeError('putVectors: model is required');
    if (!Number.isInteger(dim) || dim <= 0) throw new RangeError(`putVectors: invalid dimension ${dim}`);
    entries.forEach((e, i) => {
      assertVector(e.vector, dim, `vector ${i} (${e.sha256})`);
    });
    if (entries.length === 0) return;
    this.sql.db.transaction(() => {
      const storedDim = this.dimension(model);
      if (storedDim !== null && storedDim !== dim) {
        throw new RangeError(`putVectors: model ${model} has ${storedDim}-dimension vectors, got ${dim}`);
      }
      if (storedDim === null) this.sql.run('INSERT INTO embedding_models(model, dim) VALUES (?, ?)', model, dim);
      let inserted = 0;
      for (const e of entries) {
        inserted += this.sql.run(
          'INSERT INTO embeddings(sha256, model, dim, vector) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
          e.sha256,
          model,
          dim,
          encodeVector(e.vector),
        ).changes;
      }
      if (inserted) bumpVectorGeneration(this.sql);
    })();
  }

  /** Chunks without a vector for `model`, oldest first: what is left to embed after a crash. */
  chunksMissing(model: string, limit: number): StoredChunk[] {
    return this.sql
      .all<ChunkRow>(
        `SELECT ${CHUNK_COLUMNS} FROM chunks c
         WHERE NOT EXISTS (SELECT 1 FROM embeddings e WHERE e.sha256 = c.sha256 AND e.model = ?)
         ORDER BY c.id LIMIT ?`,
        model,
        Math.max(0, Math.floor(limit)),
      )
      .map(toChunk);
  }

  forChunks(chunkIds: number[], model: string): Map<number, Float32Array> {
    const out = new Map<number, Float32Array>();
    if (chunkIds.length === 0) return out;
    const rows = this.sql.all<{ id: number; dim: number; vector: Buffer }>(
      `SELECT c.id, e.dim, e.vector FROM json_each(?) j CROSS JOIN chunks c ON c.id = j.value
       CROSS JOIN embeddings e ON e.sha256 = c.sha256 AND e.model = ?`,
      json(chunkIds),
      model,
    );
    for (const r of rows) {
      const v = decodeVector(r.vector, r.dim);
      if (v) out.set(r.id, v);
    }
    return out;
  }

  /** Every chunk with a vector for `model`, in chunk id order (read page by page; no statement stays open). */
  *iterateChunks(model: string): IterableIterator<{ chunkId: number; vector: Float32Array }> {
    const ids = this.chunkIds(model);
    for (let start = 0; start < ids.length; start += VECTOR_PAGE) {
      const page = ids.slice(start, start + VECTOR_PAGE);
      const vectors = this.forChunks(page, model);
      for (const chunkId of page) {
        const vector = vectors.get(chunkId);
        // A row deleted between two pages is simply skipped.
        if (vector) yield { chunkId, vector };
      }
    }
  }

  countChunks(model: string): number {
    return (
      this.sql.value<number>(
        'SELECT count(*) FROM chunks c CROSS JOIN embeddings e ON e.sha256 = c.sha256 AND e.model = ?',
        model,
      ) ?? 0
    );
  }

  /** Ids of the chunks that have a vector for `model`, ascending. */
  chunkIds(model: string): number[] {
    // Sorted here: ORDER BY c.id would make SQLite walk the chunks table (text and all) instead of two indexes.
    return this.sql
      .column<number>('SELECT c.id FROM chunks c CROSS JOIN embeddings e ON e.sha256 = c.sha256 AND e.model = ?', model)
      .sort((a, b) => a - b);
  }

  /** The dimension stored for `model`, or null when it has no vectors yet. */
  dimension(model: string): number | null {
    return this.sql.value<number>('SELECT dim FROM embedding_models WHERE model = ?', model) ?? null;
  }

  /** Drops cached vectors no chunk uses any more (the cache otherwise keeps old versions of edited text). */
  pruneOrphans(model?: string): number {
    const orphan = 'NOT EXISTS (SELECT 1 FROM chunks c WHERE c.sha256 = embeddings.sha256)';
    if (model === undefined) return this.sql.run(`DELETE FROM embeddings WHERE ${orphan}`).changes;
    return this.sql.run(`DELETE FROM embeddings WHERE model = ? AND ${orphan}`, model).changes;
  }
}
