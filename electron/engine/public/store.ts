// Public: the index's storage opened directly, without the Engine: the SQLite catalog, the FAISS vector index
// (and the index-type tuning the benchmarks compare) and the Chroma backend. For the tools that build, migrate,
// check or measure an index: `lucarne migrate`, the benchmarks, the e2e consistency checks, the Chroma bench.
export { SqliteStore } from '../store/sqlite';
export { toFtsQuery } from '../store/sqlite/keyword-query';
export { FaissIndex, type FaissOpenReport, faissFileFor } from '../store/faiss';
export { chooseIndexType, ivfListsFor, ivfProbesFor, withHnswEfSearch, withIvfNprobe } from '../store/faiss/index-type';
export {
  ChromaBackendError,
  ChromaConfigError,
  ChromaConnection,
  ChromaIndex,
  type MigrationProgress,
  type MigrationResult,
  migrateToChroma,
  migrateToEmbedded,
  publicChromaConfig,
  resolveStoreChoice,
} from '../store/chroma';
export type { VectorHit, VectorIndex } from '../store/types';
export { readActiveEmbedder } from '../library/active-embedder';
