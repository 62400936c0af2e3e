// Who answers, from the settings, the key and local-only mode. The offline pair is the default and the
// fallback: it needs no key, no model and no network.
import type { Settings } from '../../../shared/api';
import type { ProviderId } from '../../../shared/types';

export interface Secrets {
  geminiKey: string | null;
  env: NodeJS.ProcessEnv;
}

export function geminiKey(secrets: Secrets): string | null {
  return secrets.geminiKey || secrets.env.GEMINI_API_KEY || null;
}

/** Who answers, and when it is the offline provider, why (the CLI tells the user; the app shows the setting). */
export type ProviderChoice =
  | { provider: Exclude<ProviderId, 'offline'> }
  | { provider: 'offline'; because: 'chosen' | 'local-only' | 'no-key' | 'no-model' };

/** The chat model a local kind is set to answer with ('' when none is chosen). */
export function chatModelOf(provider: ProviderId, settings: Settings): string {
  const m = settings.localModels;
  if (provider === 'local') return m.gguf.chatModel;
  if (provider === 'ollama') return m.ollama.chatModel;
  if (provider === 'openai-compatible') return m.openai.chatModel;
  return '';
}

/** The embedding model a local kind is set to search with ('' when none is chosen). */
export function embedModelOf(provider: ProviderId, settings: Settings): string {
  const m = settings.localModels;
  if (provider === 'local') return m.gguf.embedModel;
  if (provider === 'ollama') return m.ollama.embedModel;
  if (provider === 'openai-compatible') return m.openai.embedModel;
  return '';
}

/**
 * The one place the answering provider is chosen. Gemini only when requested (the saved setting, or the
 * CLI's --provider), allowed (not local-only) and a key exists. A local kind when requested and a chat
 * model is set; local-only allows it (a server kind is still checked for a loopback address when it is
 * opened). Otherwise offline, with the reason.
 */
export function chooseProvider(requested: ProviderId, settings: Settings, secrets: Secrets): ProviderChoice {
  if (requested === 'offline') return { provider: 'offline', because: 'chosen' };
  if (requested === 'gemini') {
    if (settings.localOnly) return { provider: 'offline', because: 'local-only' };
    if (!geminiKey(secrets)) return { provider: 'offline', because: 'no-key' };
    return { provider: 'gemini' };
  }
  if (!chatModelOf(requested, settings)) return { provider: 'offline', because: 'no-model' };
  return { provider: requested };
}

/** Gemini is used only when chosen, allowed (not local-only) and a key exists. */
export function wantsGemini(settings: Settings, secrets: Secrets): boolean {
  return chooseProvider(settings.provider, settings, secrets).provider === 'gemini';
}
