// Which embedder and generator answer, from the settings and the key: the offline default, Gemini, or a
// local model (in-process GGUF, Ollama, an OpenAI-compatible server). choose.ts decides who answers,
// specs.ts turns the settings into what to open, open.ts opens it, pool.ts keeps what is open.
export {
  chatModelOf,
  chooseProvider,
  embedModelOf,
  geminiKey,
  type ProviderChoice,
  type Secrets,
  wantsGemini,
} from './choose';
export { type OpenContext, offlineEmbedder, openEmbedder, openGenerator } from './open';
export { ProviderPool } from './pool';
export { serverAway, StandbyEmbedder } from './standby';
export {
  type EmbedderSpec,
  embedderSpecFor,
  type GeneratorSpec,
  generatorSpecFor,
  type KnownEmbedder,
  parseEmbedderSpec,
  specKey,
} from './specs';
