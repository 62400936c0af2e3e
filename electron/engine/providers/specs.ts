// What to open, as plain JSON: an embedder or a generator described by its kind and model. A spec is saved
// with the library's active embedder (library/reembed), so the engine can rebuild the model a library was
// embedded with after a restart, while it re-embeds toward a new one.
import type { Settings } from '../../../shared/api';
import type { ProviderId } from '../../../shared/types';
import { chatModelOf, chooseProvider, embedModelOf, type Secrets, wantsGemini } from './choose';

type ServerKind = 'ollama' | 'openai-compatible';
/**
 * What a server said when its embedder last opened (the id and vector size), recorded with the active model:
 * with it the library keeps that model while the server is not running, instead of falling back to another
 * (providers/standby.ts). Not part of what the spec asks for, so specKey leaves it out.
 */
export interface KnownEmbedder {
  id: string;
  dim: number;
}
interface Prefixes {
  /** null: the model family's known prefixes (models/prefixes.ts). */
  queryPrefix: string | null;
  documentPrefix: string | null;
}

export type EmbedderSpec =
  | { kind: 'offline' }
  | { kind: 'gemini'; model: string; dims: number }
  | ({ kind: 'local'; path: string } & Prefixes)
  | ({ kind: ServerKind; baseUrl: string; model: string; known?: KnownEmbedder } & Prefixes);

export type GeneratorSpec =
  | { kind: 'offline' }
  | { kind: 'gemini'; model: string }
  | { kind: 'local'; path: string; contextSize: number }
  | { kind: 'ollama'; baseUrl: string; model: string }
  | { kind: 'openai-compatible'; baseUrl: string; model: string; contextWindow: number };

function baseUrlOf(kind: ServerKind, settings: Settings): string {
  return kind === 'ollama' ? settings.localModels.ollama.baseUrl : settings.localModels.openai.baseUrl;
}

/** The embedder the settings ask for: the provider's embedding model, or the offline one when it has none. */
export function embedderSpecFor(settings: Settings, secrets: Secrets): EmbedderSpec {
  const p = settings.provider;
  if (p === 'gemini') {
    return wantsGemini(settings, secrets)
      ? { kind: 'gemini', model: settings.geminiEmbeddingModel, dims: settings.geminiDimensions }
      : { kind: 'offline' };
  }
  const model = embedModelOf(p, settings);
  if (p === 'offline' || !model) return { kind: 'offline' };
  const prefixes = {
    queryPrefix: settings.localModels.queryPrefix,
    documentPrefix: settings.localModels.documentPrefix,
  };
  if (p === 'local') return { kind: 'local', path: model, ...prefixes };
  return { kind: p, baseUrl: baseUrlOf(p, settings), model, ...prefixes };
}

/** The generator for `requested` (default: the saved provider), after chooseProvider's checks. */
export function generatorSpecFor(settings: Settings, secrets: Secrets, requested?: ProviderId): GeneratorSpec {
  const choice = chooseProvider(requested ?? settings.provider, settings, secrets);
  const p = choice.provider;
  if (p === 'offline') return { kind: 'offline' };
  if (p === 'gemini') return { kind: 'gemini', model: settings.geminiGenerationModel };
  const model = chatModelOf(p, settings);
  const m = settings.localModels;
  if (p === 'local') return { kind: 'local', path: model, contextSize: m.gguf.contextSize };
  if (p === 'ollama') return { kind: 'ollama', baseUrl: m.ollama.baseUrl, model };
  return { kind: 'openai-compatible', baseUrl: m.openai.baseUrl, model, contextWindow: m.openai.contextWindow };
}

/** A stable key for a spec (caching, comparing): JSON with sorted keys, without what a server last said. */
export function specKey(spec: EmbedderSpec | GeneratorSpec): string {
  return JSON.stringify(
    spec,
    Object.keys(spec)
      .filter((k) => k !== 'known')
      .sort(),
  );
}

/** A recorded KnownEmbedder, or undefined when there is none or it is not one. */
function knownOf(x: unknown): KnownEmbedder | undefined {
  const k = x as Partial<KnownEmbedder> | null | undefined;
  if (!k || typeof k !== 'object' || typeof k.id !== 'string' || !k.id) return undefined;
  return Number.isInteger(k.dim) && (k.dim as number) > 0 ? { id: k.id, dim: k.dim as number } : undefined;
}

/** Reads back a spec saved as JSON; null when it is not one (an older or hand-edited value). */
export function parseEmbedderSpec(value: unknown): EmbedderSpec | null {
  if (!value || typeof value !== 'object') return null;
  const v = value as Record<string, unknown>;
  const str = (x: unknown) => typeof x === 'string';
  const prefix = (x: unknown) => x === null || typeof x === 'string';
  switch (v.kind) {
    case 'offline':
      return { kind: 'offline' };
    case 'gemini':
      return str(v.model) && typeof v.dims === 'number' ? (v as EmbedderSpec) : null;
    case 'local':
      return str(v.path) && prefix(v.queryPrefix) && prefix(v.documentPrefix) ? (v as EmbedderSpec) : null;
    case 'ollama':
    case 'openai-compatible': {
      if (!(str(v.baseUrl) && str(v.model) && prefix(v.queryPrefix) && prefix(v.documentPrefix))) return null;
      const { known, ...spec } = v;
      const k = knownOf(known);
      return (k ? { ...spec, known: k } : spec) as EmbedderSpec;
    }
    default:
      return null;
  }
}
