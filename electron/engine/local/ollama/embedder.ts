// Embeddings from a model served by Ollama (nomic-embed-text, mxbai-embed-large, bge-m3, qwen3-embedding...)
// through POST /api/embed. Opening the embedder embeds one probe text: that checks that Ollama runs and has
// the model, and gives the vector size before anything is indexed.
import { isLoopbackUrl, assertLoopbackForLocalOnly } from '../../net/loopback';
import { normaliseBaseUrl } from '../../net/base-url';
import { ProviderError } from '../../net/provider-error';
import { DEFAULT_EMBED_BATCH } from '../servers/batches';
import { serverEmbedderId } from '../servers/embedder-id';
import { DIMENSION_PROBE, ServerEmbedder, type ServerEmbedderOptions } from '../servers/server-embedder';
import { OLLAMA_DEFAULT_URL, OllamaClient } from './client';
import { canonicalOllamaModel } from './models';

export interface OllamaEmbedderOptions extends ServerEmbedderOptions {
  /** Default http://127.0.0.1:11434. */
  baseUrl?: string;
  /** As `ollama list` shows it; "name" and "name:latest" are the same model. */
  model: string;
}

const PROBE = DIMENSION_PROBE;

export class OllamaEmbedder extends ServerEmbedder {
  readonly model: string;
  readonly client: OllamaClient;

  private constructor(client: OllamaClient, model: string, dim: number, opts: OllamaEmbedderOptions) {
    const timeoutMs = opts.requestTimeoutMs;
    const queryPrefix = opts.queryPrefix ?? '';
    const documentPrefix = opts.documentPrefix ?? '';
    super({
      id: serverEmbedderId('ollama', model, queryPrefix, documentPrefix),
      dim,
      local: isLoopbackUrl(client.baseUrl),
      batchSize: opts.batchSize ?? DEFAULT_EMBED_BATCH,
      queryPrefix,
      documentPrefix,
      embedBatch: (texts, d, signal) => client.embed(model, texts, { dim: d, signal, timeoutMs }),
    });
    this.model = model;
    this.client = client;
  }

  /** Connects, checks the model and learns its dimension with one embedding. Throws ProviderError. */
  static async open(opts: OllamaEmbedderOptions): Promise<OllamaEmbedder> {
    const baseUrl = normaliseBaseUrl(opts.baseUrl, OLLAMA_DEFAULT_URL);
    assertLoopbackForLocalOnly(baseUrl, opts.localOnly ?? false);
    if (!opts.model?.trim())
      throw new ProviderError(
        'rejected',
        'No Ollama embedding model is chosen. Pick one of the models "ollama list" shows (e.g. nomic-embed-text).',
      );
    const client = new OllamaClient({ ...opts, baseUrl });
    const model = canonicalOllamaModel(opts.model);
    const [probe] = await client.embed(model, [PROBE], { signal: opts.signal, timeoutMs: opts.requestTimeoutMs });
    return new OllamaEmbedder(client, model, probe.length, opts);
  }
}
