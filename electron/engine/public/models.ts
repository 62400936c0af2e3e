// Public: local model files without the Engine — what is on the machine (scan, header), what to download
// (catalog, download), and the facts around them (folders, prefixes, memory). For the CLI's `lucarne models`
// and for the engine's RPC; nothing here loads node-llama-cpp until a header is actually read.
export { type CatalogEntry, catalogEntry, MODEL_CATALOG, recommendedModels } from '../models/catalog';
export { type DownloadOptions, type DownloadProgress, type DownloadResult, downloadModel } from '../models/download';
export { DownloadError, type DownloadErrorCode, ModelFileError, type ModelFileErrorCode } from '../models/errors';
export {
  lucarneModelsDir,
  type ModelFolder,
  type ModelSource,
  modelDirsOverride,
  modelFolders,
  wellKnownModelFolders,
} from '../models/folders';
export { type ListedModel, type ListModelsOptions, listModels, type ModelsJson } from '../models/list';
export { type ModelInfo, type ModelRole, readModelInfo } from '../models/header';
export { defaultContextSize, estimateMemory, type MemoryEstimate } from '../models/memory';
export { type EmbeddingPrefixes, knownEmbeddingFamilies, prefixesFor } from '../models/prefixes';
export { type FoundModel, scanModels } from '../models/scan';
