// Builds an embedder or a generator from its spec. The local kinds are imported on demand, so a user of
// the offline default or Gemini never loads node-llama-cpp or a server client. A server kind under
// local-only mode is checked for a loopback address before anything connects.
import { basename } from 'node:path';
import { ExtractiveGenerator } from '../answer/extractive';
import { GeminiGenerator } from '../answer/gemini';
import { GeminiEmbedder } from '../embed/gemini';
import { OfflineEmbedder } from '../embed/offline';
import { prefixesFor } from '../models/prefixes';
import { assertLoopbackForLocalOnly } from '../net/loopback';
import type { Embedder, Generator } from '../types';
import { geminiKey, type Secrets } from './choose';
import type { EmbedderSpec, GeneratorSpec } from './specs';

export interface OpenContext {
  secrets: Secrets;
  resourcesDir?: string;
  localOnly: boolean;
  /** In-process models are unloaded after this long without a request. */
  idleMs: number;
}

let offline: OfflineEmbedder | null = null;

/** The offline embedder is one per process: its word vectors are loaded once. */
export function offlineEmbedder(resourcesDir?: string): OfflineEmbedder {
  offline ??= new OfflineEmbedder({ resourcesDir });
  return offline;
}

/** Saved prefixes win; null means the family's known ones, from the model's file or server name. */
function prefixes(spec: { queryPrefix: string | null; documentPrefix: string | null }, name: string) {
  const known = prefixesFor(name);
  return { queryPrefix: spec.queryPrefix ?? known.query, documentPrefix: spec.documentPrefix ?? known.document };
}

/** The spec travels with the embedder: the library saves it with the active model to rebuild it later. */
function withSpec<E extends Embedder>(embedder: E, spec: EmbedderSpec): E {
  Object.defineProperty(embedder, 'spec', { value: spec, enumerable: false, configurable: true });
  return embedder;
}

/** A server's embedder also records what the server said (id, size): the library can keep it while it is down. */
function withKnown<E extends Embedder>(
  embedder: E,
  spec: Extract<EmbedderSpec, { kind: 'ollama' | 'openai-compatible' }>,
): E {
  return withSpec(embedder, { ...spec, known: { id: embedder.id, dim: embedder.dim } });
}

export async function openEmbedder(spec: EmbedderSpec, ctx: OpenContext): Promise<Embedder> {
  switch (spec.kind) {
    case 'offline':
      return withSpec(offlineEmbedder(ctx.resourcesDir), spec);
    case 'gemini': {
      const apiKey = geminiKey(ctx.secrets);
      if (!apiKey) throw new Error('The Gemini embedding model needs an API key: add it in the settings.');
      return withSpec(
        new GeminiEmbedder({
          apiKey,
          model: spec.model,
          outputDimensionality: spec.dims,
          baseUrl: ctx.secrets.env.GEMINI_BASE_URL,
        }),
        spec,
      );
    }
    case 'local': {
      const { GgufEmbedder } = await import('../local/gguf/embedder');
      const open = (p: { queryPrefix: string; documentPrefix: string }) =>
        GgufEmbedder.open({ modelPath: spec.path, ...p, idleMs: ctx.idleMs });
      let embedder = await open(prefixes(spec, basename(spec.path)));
      // A file named by its hash (an Ollama blob, a renamed download) says its family only in its header.
      const header = embedder.facts.name;
      if (prefixesFor(basename(spec.path)).family === null && header && prefixesFor(header).family !== null) {
        embedder = await open(prefixes(spec, header));
      }
      return withSpec(embedder, spec);
    }
    case 'ollama': {
      assertLoopbackForLocalOnly(spec.baseUrl, ctx.localOnly);
      const { OllamaEmbedder } = await import('../local/ollama/embedder');
      const p = prefixes(spec, spec.model);
      return withKnown(
        await OllamaEmbedder.open({ baseUrl: spec.baseUrl, model: spec.model, localOnly: ctx.localOnly, ...p }),
        spec,
      );
    }
    case 'openai-compatible': {
      assertLoopbackForLocalOnly(spec.baseUrl, ctx.localOnly);
      const { OpenAICompatEmbedder } = await import('../local/openai/embedder');
      const p = prefixes(spec, spec.model);
      return withKnown(
        await OpenAICompatEmbedder.open({
          baseUrl: spec.baseUrl,
          model: spec.model,
          apiKey: ctx.secrets.env.LUCARNE_OPENAI_API_KEY,
          localOnly: ctx.localOnly,
          ...p,
        }),
        spec,
      );
    }
  }
}

export async function openGenerator(spec: GeneratorSpec, ctx: OpenContext): Promise<Generator> {
  switch (spec.kind) {
    case 'offline':
      return new ExtractiveGenerator({ embedder: offlineEmbedder(ctx.resourcesDir) });
    case 'gemini': {
      const apiKey = geminiKey(ctx.secrets);
      if (!apiKey) throw new Error('Gemini needs an API key: add it in the settings.');
      return new GeminiGenerator({ apiKey, model: spec.model, baseUrl: ctx.secrets.env.GEMINI_BASE_URL });
    }
    case 'local': {
      const { GgufGenerator } = await import('../local/gguf/generator');
      return GgufGenerator.open({ modelPath: spec.path, contextSize: spec.contextSize, idleMs: ctx.idleMs });
    }
    case 'ollama': {
      assertLoopbackForLocalOnly(spec.baseUrl, ctx.localOnly);
      const { OllamaGenerator } = await import('../local/ollama/generator');
      return OllamaGenerator.open({ baseUrl: spec.baseUrl, model: spec.model, localOnly: ctx.localOnly });
    }
    case 'openai-compatible': {
      assertLoopbackForLocalOnly(spec.baseUrl, ctx.localOnly);
      const { OpenAICompatGenerator } = await import('../local/openai/generator');
      return OpenAICompatGenerator.open({
        baseUrl: spec.baseUrl,
        model: spec.model,
        apiKey: ctx.secrets.env.LUCARNE_OPENAI_API_KEY,
        contextWindow: spec.contextWindow,
        localOnly: ctx.localOnly,
      });
    }
  }
}
