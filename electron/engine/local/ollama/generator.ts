// Streamed answers from a chat model served by Ollama (POST /api/chat, NDJSON). Opening the generator asks
// /api/show for the model: that checks it is installed and is not an embedding model, and gives its context
// length. We always send num_ctx: Ollama's own default context is small (2k–4k tokens) and it silently drops
// the start of a longer prompt, which would cut passages out of the answer's sources.
import { normaliseBaseUrl } from '../../net/base-url';
import { assertLoopbackForLocalOnly, isLoopbackUrl } from '../../net/loopback';
import { ProviderError } from '../../net/provider-error';
import type { RetryNotice, RetryPolicy } from '../../net/retry';
import type { GenerationEvent, GenerationRequest, Generator } from '../../types';
import { toChatMessages } from '../servers/chat-messages';
import { OLLAMA_DEFAULT_URL, OllamaClient } from './client';
import { canonicalOllamaModel } from './models';

export const OLLAMA_DEFAULT_NUM_CTX = 8192;

export interface OllamaGeneratorOptions {
  /** Default http://127.0.0.1:11434. */
  baseUrl?: string;
  model: string;
  /** Context length to ask for (num_ctx); capped by the model's own. Default 8192. */
  numCtx?: number;
  temperature?: number; // default 0.2
  /** num_predict: most tokens in an answer. Default: Ollama's (until the model stops or the context is full). */
  maxOutputTokens?: number;
  /** Refuse a non-loopback address before connecting (local-only mode). */
  localOnly?: boolean;
  /** Deadline for the first streamed message: model loading and reading the prompt. Default 300 s. */
  requestTimeoutMs?: number;
  /** Longest silence between two streamed messages. Default 120 s. */
  idleTimeoutMs?: number;
  signal?: AbortSignal;
  fetchImpl?: typeof fetch;
  retry?: Partial<RetryPolicy>;
  onRetry?: (notice: RetryNotice) => void;
}

export class OllamaGenerator implements Generator {
  readonly id: string;
  readonly local: boolean;
  /** min(the model's context length, numCtx): the num_ctx sent with every request. */
  readonly contextWindow: number;
  readonly model: string;

  private constructor(
    readonly client: OllamaClient,
    model: string,
    contextWindow: number,
    private readonly opts: OllamaGeneratorOptions,
  ) {
    this.model = model;
    this.id = `ollama:${model}`;
    this.local = isLoopbackUrl(client.baseUrl);
    this.contextWindow = contextWindow;
  }

  /** Connects and checks the model (installed, a chat model). Throws ProviderError. */
  static async open(opts: OllamaGeneratorOptions): Promise<OllamaGenerator> {
    const baseUrl = normaliseBaseUrl(opts.baseUrl, OLLAMA_DEFAULT_URL);
    assertLoopbackForLocalOnly(baseUrl, opts.localOnly ?? false);
    if (!opts.model?.trim())
      throw new ProviderError(
        'rejected',
        'No Ollama chat model is chosen. Pick one of the models "ollama list" shows.',
      );
    const client = new OllamaClient({ ...opts, baseUrl });
    const model = canonicalOllamaModel(opts.model);
    const details = await client.show(model, { signal: opts.signal });
    if (details.isEmbedding)
      throw new ProviderError(
        'rejected',
        `"${model}" is an embedding model: it cannot write answers. Pick a chat model for answers (ollama list shows them), and use "${model}" for search.`,
      );
    const wanted = Math.max(512, Math.floor(opts.numCtx ?? OLLAMA_DEFAULT_NUM_CTX));
    return new OllamaGenerator(client, model, Math.min(details.contextLength ?? wanted, wanted), opts);
  }

  async *generate(req: GenerationRequest, opts: { signal?: AbortSignal } = {}): AsyncGenerator<GenerationEvent> {
    const options: Record<string, number> = {
      num_ctx: this.contextWindow,
      temperature: this.opts.temperature ?? 0.2,
    };
    if (this.opts.maxOutputTokens) options.num_predict = this.opts.maxOutputTokens;
    const stream = this.client.chat(
      { model: this.model, messages: toChatMessages(req), options },
      { signal: opts.signal, timeoutMs: this.opts.requestTimeoutMs, idleTimeoutMs: this.opts.idleTimeoutMs },
    );
    for await (const chunk of stream) {
      if (chunk.text) yield { type: 'text', text: chunk.text };
      if (chunk.done) {
        yield {
          type: 'done',
          finishReason: chunk.doneReason ?? 'stop',
          usage: { promptTokens: chunk.promptTokens, outputTokens: chunk.outputTokens },
        };
        return;
      }
    }
  }
}
