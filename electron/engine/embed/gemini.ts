// Gemini embeddings (gemini-embedding-001 by default) through @google/genai: batches of ≤100 texts,
// a few batches in flight, retries on 429/5xx/network errors, vectors L2-normalised (the truncated
// Matryoshka dimensions gemini-embedding-001 returns below 3072 are not unit length).
import type { GoogleGenAI } from '@google/genai';
import { callGemini } from '../net/gemini-attempt';
import { createGeminiClient } from '../net/gemini-client';
import { ProviderError } from '../net/provider-error';
import type { RetryNotice, RetryPolicy } from '../net/retry';
import type { Embedder, EmbedOptions } from '../types';
import { l2Normalise } from './normalise';

export const GEMINI_MAX_BATCH = 100;

export interface GeminiEmbedderOptions {
  apiKey: string;
  model?: string; // default 'gemini-embedding-001'
  outputDimensionality?: number; // vector size, default 768 (gemini-embedding-001: 128..3072)
  baseUrl?: string;
  /** Texts per request, at most 100 (the API's limit). Default 100. */
  batchSize?: number;
  /** Requests in flight at once. Default 2. */
  concurrency?: number;
  /** Deadline of one request. Default 60 s. */
  requestTimeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  onRetry?: (notice: RetryNotice) => void;
}

type TaskType = 'RETRIEVAL_DOCUMENT' | 'RETRIEVAL_QUERY';

export class GeminiEmbedder implements Embedder {
  readonly id: string;
  readonly dim: number;
  readonly local = false;
  readonly model: string;
  private readonly ai: GoogleGenAI;
  private readonly batchSize: number;
  private readonly concurrency: number;

  constructor(private readonly opts: GeminiEmbedderOptions) {
    this.model = opts.model ?? 'gemini-embedding-001';
    this.dim = opts.outputDimensionality ?? 768;
    if (!Number.isInteger(this.dim) || this.dim < 1) throw new Error(`Invalid embedding dimension ${this.dim}`);
    this.batchSize = Math.max(1, Math.min(GEMINI_MAX_BATCH, opts.batchSize ?? GEMINI_MAX_BATCH));
    this.concurrency = Math.max(1, opts.concurrency ?? 2);
    this.id = `gemini:${this.model}@${this.dim}`;
    this.ai = createGeminiClient({ apiKey: opts.apiKey, baseUrl: opts.baseUrl });
  }

  async embedDocuments(texts: string[], opts: EmbedOptions = {}): Promise<Float32Array[]> {
    const batches: string[][] = [];
    for (let i = 0; i < texts.length; i += this.batchSize) batches.push(texts.slice(i, i + this.batchSize));
    const results: Float32Array[][] = new Array(batches.length);
    // One failure stops the batches still in flight instead of letting them burn quota.
    const stop = new AbortController();
    const signal = opts.signal ? AbortSignal.any([opts.signal, stop.signal]) : stop.signal;
    let next = 0;
    let done = 0;
    const worker = async () => {
      while (next < batches.length) {
        const i = next++;
        results[i] = await this.embedBatch(batches[i], 'RETRIEVAL_DOCUMENT', signal);
        done += batches[i].length;
        opts.onProgress?.(done, texts.length);
      }
    };
    const workers = Array.from({ length: Math.min(this.concurrency, batches.length) }, worker);
    try {
      await Promise.all(
        workers.map((w) =>
          w.catch((e: unknown) => {
            stop.abort();
            throw e;
          }),
        ),
      );
    } catch (e) {
      // The first error is the cause; the others are the aborts it triggered.
      await Promise.allSettled(workers);
      opts.signal?.throwIfAborted();
      throw e;
    }
    return results.flat();
  }

  async embedQuery(text: string, opts: EmbedOptions = {}): Promise<Float32Array> {
    const [v] = await this.embedBatch([text], 'RETRIEVAL_QUERY', opts.signal);
    return v;
  }

  private async embedBatch(texts: string[], taskType: TaskType, signal?: AbortSignal): Promise<Float32Array[]> {
    const { value } = await callGemini(
      async (attempt) => {
        const response = await this.ai.models.embedContent({
          model: this.model,
          contents: texts,
          config: {
            taskType,
            outputDimensionality: this.dim,
            abortSignal: attempt.signal,
            httpOptions: attempt.httpOptions(),
          },
        });
        const embeddings = response.embeddings;
        if (!Array.isArray(embeddings) || embeddings.length !== texts.length)
          throw new ProviderError(
            'malformed',
            `Gemini returned ${Array.isArray(embeddings) ? embeddings.length : 'no'} embeddings for ${texts.length} texts. Try again; if it persists, report it.`,
          );
        return embeddings.map((e) => {
          const values = e.values;
          if (!Array.isArray(values) || values.length !== this.dim || values.some((x) => !Number.isFinite(x)))
            throw new ProviderError(
              'malformed',
              `Gemini returned an embedding of ${Array.isArray(values) ? values.length : 'no'} dimensions, expected ${this.dim}. Check the model and dimension settings.`,
            );
          return l2Normalise(values);
        });
      },
      {
        what: 'embedding',
        apiKey: this.opts.apiKey,
        signal,
        timeoutMs: this.opts.requestTimeoutMs,
        retry: this.opts.retry,
        onRetry: this.opts.onRetry,
      },
    );
    return value;
  }
}

export { ProviderError } from '../net/provider-error';
export { l2Normalise } from './normalise';
export { testGeminiKey } from '../net/gemini-key';
