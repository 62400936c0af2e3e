// The Chroma backend (scale-out), one module per job:
//   vector-index.ts   ChromaIndex: the VectorIndex of an owner or a reader, tying the modules below together
//   collection.ts     the collection: get or create it, whose it is, which catalog generation it mirrors
//   write-queue.ts    the owner's writes, queued through outages (reconnect.ts: when to try again)
//   reconcile.ts      repairs between the catalog and the collection (mirror.ts: what the server holds)
//   record-reader.ts  records read back, by id (cached), by text pattern, or all of them
//   records.ts        one chunk as a record: id, text, metadata, vector
//   connection.ts     the server: probe, errors with what to do, retries (config.ts: where it is)
//   migrate.ts        moving a library between the embedded store and Chroma, with verification
// The rest of the engine imports it from here; the modules of this folder import one another directly.
export { type HnswOptions, LIBRARY_ID_KEY, libraryIdOf } from './collection';
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
export { ChromaIndex, type ChromaIndexOptions, type ChromaOpenReport, type ChromaRole } from './vector-index';
