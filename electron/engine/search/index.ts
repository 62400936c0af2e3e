// Retrieval: hybrid (BM25 + vectors) search with fusion, feedback, filters and MMR.
export { DEFAULT_SEARCH_OPTIONS, hybridSearch, type SearchDefaults, toChunkInfo } from './hybrid';
export { DEFAULT_RRF_K, type FusedCandidate, type FusionMethod, type FusionWeights, fuse } from './fusion';
export { mmrOrder } from './mmr';
export type { SearchDeps, SearchQuery, SearchStore } from './types';
