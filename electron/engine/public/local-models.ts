// Public: the in-process GGUF models, used directly (without the Engine) by the benchmarks, which measure
// them against node-llama-cpp called directly; and the tiny test models they run on.
export { LlamaClient } from '../local/gguf/client';
export { GgufEmbedder, type GgufEmbedderOptions } from '../local/gguf/embedder';
export { GgufError } from '../local/gguf/errors';
export { GgufGenerator, type GgufGeneratorOptions } from '../local/gguf/generator';
export { type TinyModels, writeTinyModels } from '../local/gguf/test-support/tiny-models';
