// Embeddings from a local GGUF model (nomic-embed-text, bge, e5, gte, Qwen3-Embedding…) run by llama.cpp in
// the model process. Each family wants its own prefixes ("search_query: " / "search_document: ", "query: " /
// "passage: "…): they change the vectors, so they are part of the embedder's id (the cache key and the vector
// index's identity), as are the file's size and date (another file under the same name is another model).
// A chat model also works as an embedder (llama.cpp then pools its last token's hidden state): allowed, if
// seldom good for retrieval.
import { resolve } from 'node:path';
import { freemem } from 'node:os';
import type { EmbedOptions, Embedder } from '../../types';
import { DEFAULT_IDLE_MS, type LlamaClient, type RoleUse } from './client';
import { ggufErrors } from './errors';
import { defaultThreads, memoryNeeded, modelFile, shortHash } from './model-facts';
import type { InspectResult } from './protocol';
import { sharedLlamaClient } from './shared-client';

/** Longest text (in tokens) an embedding sees; longer ones keep their beginning. Chunks are far shorter. */
export const EMBED_CONTEXT_CAP = 2048;
/**
 * Texts per message to the model process. Progress, cancellation and other requests (a search's query) take
 * turns between batches, so a batch should last about BATCH_MS; each message costs a round trip (a few ms),
 * so a fast model gets larger batches. Starts at BATCH_FIRST and follows the measured time per text.
 */
const BATCH_FIRST = 16;
const BATCH_MAX = 256;
const BATCH_MS = 250;

export interface GgufEmbedderOptions {
  modelPath: string;
  /** Prepended to a query ("search_query: ", "query: "…); '' for models that want none. */
  queryPrefix: string;
  /** Prepended to a document chunk ("search_document: ", "passage: "…). */
  documentPrefix: string;
  /** Unload the model after this long without a request (default 5 min). */
  idleMs?: number;
  threads?: number;
  /** Free memory in bytes (default os.freemem); tests simulate a machine short of memory. */
  freeMemory?: () => number;
  /** The model process to use (default: the engine's shared one). */
  client?: LlamaClient;
}

export class GgufEmbedder implements Embedder {
  readonly local = true;

  private constructor(
    readonly id: string,
    readonly dim: number,
    /** What the header says (architecture, context, sizes…), for the UI and the logs. */
    readonly facts: InspectResult,
    private readonly use: RoleUse,
    private readonly prefixes: { query: string; document: string },
    private readonly client: LlamaClient,
  ) {}

  /** Reads the model's header (not its weights) and checks that it can run here. Rejects with a GgufError. */
  static async open(opts: GgufEmbedderOptions): Promise<GgufEmbedder> {
    const path = resolve(opts.modelPath);
    const file = await modelFile(path);
    const client = opts.client ?? sharedLlamaClient();
    const facts = await client.inspect(path, 'embedding', EMBED_CONTEXT_CAP);
    if (facts.embeddingSize <= 0) throw ggufErrors.unsupported(path, 'its header gives no embedding size');
    if (facts.hasEncoder && facts.hasDecoder)
      throw ggufErrors.unsupported(path, 'encoder-decoder models cannot compute embeddings');
    const freeMemory = opts.freeMemory ?? freemem;
    const requiredBytes = memoryNeeded(facts);
    const free = freeMemory();
    if (requiredBytes > free) throw ggufErrors.tooBig(path, requiredBytes, free);
    const id = `gguf:${file.stem}:${shortHash([file.size, file.mtimeMs, opts.queryPrefix, opts.documentPrefix])}`;
    const use: RoleUse = {
      role: 'embedding',
      model: { path, contextSize: facts.contextSize, threads: opts.threads ?? defaultThreads() },
      requiredBytes,
      freeMemory,
      idleMs: opts.idleMs ?? DEFAULT_IDLE_MS,
    };
    return new GgufEmbedder(
      id,
      facts.embeddingSize,
      facts,
      use,
      { query: opts.queryPrefix, document: opts.documentPrefix },
      client,
    );
  }

  async embedDocuments(texts: string[], opts: EmbedOptions = {}): Promise<Float32Array[]> {
    const out: Float32Array[] = [];
    for (let i = 0; i < texts.length; ) {
      opts.signal?.throwIfAborted();
      const batch = texts.slice(i, i + this.batchSize).map((t) => this.prefixes.document + t);
      i += batch.length;
      const t0 = performance.now();
      for (const v of await this.client.embed(this.use, batch, opts.signal)) out.push(this.normalised(v));
      const perText = (performance.now() - t0) / batch.length;
      this.batchSize = Math.max(1, Math.min(BATCH_MAX, Math.floor(BATCH_MS / Math.max(perText, 0.1))));
      opts.onProgress?.(out.length, texts.length);
    }
    return out;
  }

  /** Texts per message, learnt from the last batch's time per text (see BATCH_MS). */
  private batchSize = BATCH_FIRST;

  async embedQuery(text: string, opts: EmbedOptions = {}): Promise<Float32Array> {
    const [v] = await this.client.embed(this.use, [this.prefixes.query + text], opts.signal);
    return this.normalised(v);
  }

  /** L2-normalised in place (the vector index compares by inner product). */
  private normalised(v: Float32Array): Float32Array {
    if (v.length !== this.dim)
      throw ggufErrors.unsupported(
        this.use.model.path,
        `it gives ${v.length}-dimension vectors where its header says ${this.dim}`,
      );
    let norm = 0;
    for (let d = 0; d < v.length; d++) norm += v[d] * v[d];
    norm = Math.sqrt(norm);
    // A zero vector (nothing to embed) stays zero: it matches nothing rather than everything.
    if (norm > 0) for (let d = 0; d < v.length; d++) v[d] /= norm;
    return v;
  }
}
