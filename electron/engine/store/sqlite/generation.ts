// meta.vector_generation: bumped by every transaction that changes which chunk ids have a vector for some
// model (chunks inserted or deleted, embeddings inserted). The FAISS index records the generation it
// reflects, and keyword search keys its cached statistics on it (see ../README.md).
import type { Sql } from '../open-database';

export function vectorGeneration(sql: Sql): number {
  return Number(sql.value<string>(`SELECT value FROM meta WHERE key = 'vector_generation'`) ?? 0);
}

export function bumpVectorGeneration(sql: Sql): void {
  sql.run(`UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'vector_generation'`);
}
