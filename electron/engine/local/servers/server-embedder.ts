// What an embedder backed by a local server does, whatever the server's protocol: prefixes (documents and
// queries are embedded differently by e5, nomic, bge...), batches with progress, and one dimension for every
// vector (probed when the embedder is opened). Subclasses supply the one request that embeds a batch.
import type { RetryNotice, RetryPolicy } from '../../net/retry';
import type { Embedder, EmbedOptions } from '../../types';
import { embedInBatches } from './batches';

/** The options both server kinds' embedders take (each adds its own base URL default, model naming, key). */
export interface ServerEmbedderOptions {
  model: string;
  /** Put before every query ("search_query: " for nomic, "query: " for e5). Default none. */
  queryPrefix?: string;
  /** Put before every document passage ("search_document: ", "passage: "). Default none. */
  documentPrefix?: string;
  /** Refuse a non-loopback address before connecting (local-only mode). */
  localOnly?: boolean;
  /** Texts per request. Default 32. */
  batchSize?: number;
  /** Deadline of one embedding request, model loading included. Default 120 s. */
  requestTimeoutMs?: number;
  signal?: AbortSignal;
  fetchImpl?: typeof fetch;
  retry?: Partial<RetryPolicy>;
  onRetry?: (notice: RetryNotice) => void;
}

/** The text embedded when an embedder opens: it checks the server and model, and gives the vector size. */
export const DIMENSION_PROBE = 'Lucarne embedding dimension probe';

export interface ServerEmbedderParts {
  id: string;
  dim: number;
  local: boolean;
  batchSize: number;
  queryPrefix: string;
  documentPrefix: string;
  /** One request: unit vectors for `texts`, in order, each of `dim` components (checked). */
  embedBatch(texts: string[], dim: number, signal?: AbortSignal): Promise<Float32Array[]>;
}

export class ServerEmbedder implements Embedder {
  readonly id: string;
  readonly dim: number;
  readonly local: boolean;
  readonly queryPrefix: string;
  readonly documentPrefix: string;

  protected constructor(private readonly parts: ServerEmbedderParts) {
    this.id = parts.id;
    this.dim = parts.dim;
    this.local = parts.local;
    this.queryPrefix = parts.queryPrefix;
    this.documentPrefix = parts.documentPrefix;
  }

  embedDocuments(texts: string[], opts: EmbedOptions = {}): Promise<Float32Array[]> {
    const prefixed = this.documentPrefix ? texts.map((t) => this.documentPrefix + t) : texts;
    return embedInBatches(
      prefixed,
      this.parts.batchSize,
      (batch, signal) => this.parts.embedBatch(batch, this.dim, signal),
      opts,
    );
  }

  async embedQuery(text: string, opts: EmbedOptions = {}): Promise<Float32Array> {
    const [v] = await this.parts.embedBatch([this.queryPrefix + text], this.dim, opts.signal);
    return v;
  }
}
