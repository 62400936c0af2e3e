// Public: the embedders and the hybrid searches, used directly (without the Engine) by the tools that build or
// measure an index themselves: `lucarne eval` and `lucarne migrate`, the benchmarks, the e2e consistency
// checks, the Chroma bench. With the seam types they exchange (engine/types.ts).
export { GeminiEmbedder } from '../embed/gemini';
export { OFFLINE_EMBEDDER_ID, OfflineEmbedder } from '../embed/offline';
export { embedderSpecFor, openEmbedder } from '../providers';
export { closeSharedLlamaClient as closeLocalModels } from '../local/gguf/shared-client';
export { chromaHybridSearch } from '../search/chroma-search';
export { hybridSearch } from '../search/hybrid';
export type { ChunkDraft, Embedder, EmbedOptions } from '../types';
