// Which embedder and generator answer, from the settings and the key. The offline pair is the default
// and the fallback: it needs no key and no network. Local-only mode forbids anything else.
import type { Settings } from '../../shared/api';
import { ExtractiveGenerator } from './answer/extractive';
import { GeminiGenerator } from './answer/gemini';
import { GeminiEmbedder } from './embed/gemini';
import { OfflineEmbedder } from './embed/offline';
import type { Embedder, Generator } from './types';

export interface Secrets {
  geminiKey: string | null;
  env: NodeJS.ProcessEnv;
}

export function geminiKey(secrets: Secrets): string | null {
  return secrets.geminiKey || secrets.env.GEMINI_API_KEY || null;
}

/** Gemini is used only when chosen, allowed (not local-only) and a key exists. */
export function wantsGemini(settings: Settings, secrets: Secrets): boolean {
  return settings.provider === 'gemini' && !settings.localOnly && geminiKey(secrets) !== null;
}

let offline: OfflineEmbedder | null = null;

export function makeEmbedder(settings: Settings, secrets: Secrets, resourcesDir?: string): Embedder {
  if (wantsGemini(settings, secrets)) {
    return new GeminiEmbedder({
      apiKey: geminiKey(secrets)!,
      model: settings.geminiEmbeddingModel,
      outputDimensionality: settings.geminiDimensions,
      baseUrl: secrets.env.GEMINI_BASE_URL,
    });
  }
  offline ??= new OfflineEmbedder({ resourcesDir });
  return offline;
}

export function makeGenerator(settings: Settings, secrets: Secrets, resourcesDir?: string): Generator {
  if (wantsGemini(settings, secrets)) {
    return new GeminiGenerator({
      apiKey: geminiKey(secrets)!,
      model: settings.geminiGenerationModel,
      baseUrl: secrets.env.GEMINI_BASE_URL,
    });
  }
  return new ExtractiveGenerator({
    embedder: makeEmbedder({ ...settings, provider: 'offline' }, secrets, resourcesDir),
  });
}
