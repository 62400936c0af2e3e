// Retrieval: hybrid (BM25 + vectors) search with fusion, feedback, filters and MMR. searchAnyBackend is what
// callers use: it searches the local catalog, or a Chroma collection's records for a client without one.
export { searchAnyBackend } from './any-backend';
export { chromaHybridSearch } from './chroma-search';
export { DEFAULT_RRF_K, type FusedCandidate, type FusionMethod, type FusionWeights, fuse } from './fusion';
export { DEFAULT_SEARCH_OPTIONS, hybridSearch, type SearchDefaults, toChunkInfo } from './hybrid';
export { mmrOrder } from './mmr';
export type { SearchDeps, SearchQuery, SearchStore } from './types';
