// Which embedder and generator answer, from the settings and the key. The offline pair is the default
// and the fallback: it needs no key and no network. Local-only mode forbids anything else.
import type { Settings } from '../../shared/api';
import type { ProviderId } from '../../shared/types';
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

/** Who answers, and when it is the offline provider, why (the CLI tells the user; the app shows the setting). */
export type ProviderChoice =
  | { provider: 'gemini' }
  | { provider: 'offline'; because: 'chosen' | 'local-only' | 'no-key' };

/**
 * The one place the provider is chosen: Gemini only when requested (the saved setting, or the CLI's
 * --provider), allowed (not local-only) and a key exists; otherwise offline.
 */
export function chooseProvider(requested: ProviderId, settings: Settings, secrets: Secrets): ProviderChoice {
  if (requested === 'offline') return { provider: 'offline', because: 'chosen' };
  if (settings.localOnly) return { provider: 'offline', because: 'local-only' };
  if (!geminiKey(secrets)) return { provider: 'offline', because: 'no-key' };
  return { provider: 'gemini' };
}

/** Gemini is used only when chosen, allowed (not local-only) and a key exists. */
export function wantsGemini(settings: Settings, secrets: Secrets): boolean {
  return chooseProvider(settings.provider, settings, secrets).provider === 'gemini';
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
