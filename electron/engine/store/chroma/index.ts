// The Chroma backend (scale-out): a VectorIndex over a collection on a Chroma server, the connection it goes
// through, where it is configured, and migrations to and from the embedded store. The rest of the engine
// imports it from here; the modules of this folder import one another directly.
export {
  type ChromaConfig,
  ChromaConfigError,
  collectionNameFor,
  DEFAULT_CHROMA_CONFIG,
  parseChromaUrl,
  publicChromaConfig,
  resolveStoreChoice,
  type StoreBackend,
  type StoreChoice,
} from './config';
export {
  ChromaBackendError,
  ChromaConnection,
  type ChromaProbe,
  type ChromaProblem,
  type ChromaStatus,
  probeChroma,
  type RetryPolicy,
  testChromaConnection,
} from './connection';
export {
  type MigrationOptions,
  type MigrationPhase,
  type MigrationProgress,
  type MigrationResult,
  migrateToChroma,
  migrateToEmbedded,
  type VerifyReport,
  verifyBackends,
} from './migrate';
export type { RemoteChunk } from './records';
export {
  ChromaIndex,
  type ChromaIndexOptions,
  type ChromaOpenReport,
  type ChromaRole,
  LIBRARY_ID_KEY,
  libraryIdOf,
} from './vector-index';
