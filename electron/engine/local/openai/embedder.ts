// Embeddings from a model served by an OpenAI-compatible server (LM Studio, llama-server --embedding, Jan,
// LocalAI, vLLM) through POST /embeddings. Opening the embedder embeds one probe text: that checks that the
// server runs and has the model, and gives the vector size before anything is indexed.
import { assertLoopbackForLocalOnly, isLoopbackUrl } from '../../net/loopback';
import { ProviderError } from '../../net/provider-error';
import { DEFAULT_EMBED_BATCH } from '../servers/batches';
import { serverEmbedderId } from '../servers/embedder-id';
import { DIMENSION_PROBE, ServerEmbedder, type ServerEmbedderOptions } from '../servers/server-embedder';
import { OpenAICompatClient, openAiBaseUrl } from './client';

export interface OpenAICompatEmbedderOptions extends ServerEmbedderOptions {
  /** Default http://127.0.0.1:1234/v1. */
  baseUrl?: string;
  /** As the server's /models lists it. */
  model: string;
  /** Sent as a Bearer token when set; never logged. */
  apiKey?: string;
}

const PROBE = DIMENSION_PROBE;

export class OpenAICompatEmbedder extends ServerEmbedder {
  readonly model: string;
  readonly client: OpenAICompatClient;

  private constructor(client: OpenAICompatClient, dim: number, opts: OpenAICompatEmbedderOptions) {
    const model = opts.model.trim();
    const timeoutMs = opts.requestTimeoutMs;
    const queryPrefix = opts.queryPrefix ?? '';
    const documentPrefix = opts.documentPrefix ?? '';
    super({
      id: serverEmbedderId('openai-compatible', model, queryPrefix, documentPrefix),
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
  static async open(opts: OpenAICompatEmbedderOptions): Promise<OpenAICompatEmbedder> {
    const baseUrl = openAiBaseUrl(opts.baseUrl);
    assertLoopbackForLocalOnly(baseUrl, opts.localOnly ?? false);
    if (!opts.model?.trim())
      throw new ProviderError(
        'rejected',
        'No embedding model is chosen for the OpenAI-compatible server. Pick one of the models it lists.',
      );
    const client = new OpenAICompatClient({ ...opts, baseUrl });
    const [probe] = await client.embed(opts.model.trim(), [PROBE], {
      signal: opts.signal,
      timeoutMs: opts.requestTimeoutMs,
    });
    return new OpenAICompatEmbedder(client, probe.length, opts);
  }
}
