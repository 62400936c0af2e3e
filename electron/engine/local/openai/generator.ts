// Streamed answers from a chat model served by an OpenAI-compatible server (POST /chat/completions, SSE).
// The protocol does not tell a model's context length, so it is a setting (`contextWindow`, default 4096, a
// size every current chat model accepts); listModels() reports the length when a server adds it (vLLM's
// max_model_len, llama-server's n_ctx_train, LM Studio's max_context_length), for the UI to propose.
import { assertLoopbackForLocalOnly, isLoopbackUrl } from '../../net/loopback';
import { ProviderError } from '../../net/provider-error';
import type { RetryNotice, RetryPolicy } from '../../net/retry';
import type { GenerationEvent, GenerationRequest, Generator } from '../../types';
import { toChatMessages } from '../servers/chat-messages';
import { OpenAICompatClient, openAiBaseUrl } from './client';

export const OPENAI_COMPAT_DEFAULT_CONTEXT = 4096;

export interface OpenAICompatGeneratorOptions {
  /** Default http://127.0.0.1:1234/v1. */
  baseUrl?: string;
  model: string;
  /** Sent as a Bearer token when set; never logged. */
  apiKey?: string;
  /** The model's context length as loaded in the server (a setting: the protocol does not say). Default 4096. */
  contextWindow?: number;
  temperature?: number; // default 0.2
  /** max_tokens. Default: the server's. */
  maxOutputTokens?: number;
  /** Refuse a non-loopback address (local-only mode): checked by the constructor, before any connection. */
  localOnly?: boolean;
  /** Deadline for the response to start: model loading and reading the prompt. Default 300 s. */
  requestTimeoutMs?: number;
  /** Longest silence between two streamed events. Default 120 s. */
  idleTimeoutMs?: number;
  fetchImpl?: typeof fetch;
  retry?: Partial<RetryPolicy>;
  onRetry?: (notice: RetryNotice) => void;
}

export class OpenAICompatGenerator implements Generator {
  readonly id: string;
  readonly local: boolean;
  readonly contextWindow: number;
  readonly model: string;
  readonly client: OpenAICompatClient;

  /** Throws LocalOnlyUrlError (local-only, non-loopback address) or ProviderError (bad address, no model). */
  constructor(private readonly opts: OpenAICompatGeneratorOptions) {
    const baseUrl = openAiBaseUrl(opts.baseUrl);
    assertLoopbackForLocalOnly(baseUrl, opts.localOnly ?? false);
    if (!opts.model?.trim())
      throw new ProviderError(
        'rejected',
        'No chat model is chosen for the OpenAI-compatible server. Pick one of the models it lists.',
      );
    this.client = new OpenAICompatClient({ ...opts, baseUrl });
    this.model = opts.model.trim();
    this.id = `openai-compatible:${this.model}`;
    this.local = isLoopbackUrl(baseUrl);
    this.contextWindow = Math.max(512, Math.floor(opts.contextWindow ?? OPENAI_COMPAT_DEFAULT_CONTEXT));
  }

  /**
   * Constructs, then checks that the server answers (GET /models) and does not declare the model an embedding
   * model (LM Studio's `type`). A model it does not list is allowed: llama-server answers under any model
   * name. Throws ProviderError.
   */
  static async open(opts: OpenAICompatGeneratorOptions & { signal?: AbortSignal }): Promise<OpenAICompatGenerator> {
    const generator = new OpenAICompatGenerator(opts);
    const listed = (await generator.client.models({ signal: opts.signal })).find((m) => m.id === generator.model);
    if (listed?.type && /^embeddings?$/i.test(listed.type))
      throw new ProviderError(
        'rejected',
        `"${generator.model}" is an embedding model: it cannot write answers. Pick a chat model for answers, and use "${generator.model}" for search.`,
      );
    return generator;
  }

  async *generate(req: GenerationRequest, opts: { signal?: AbortSignal } = {}): AsyncGenerator<GenerationEvent> {
    const stream = this.client.chat(
      {
        model: this.model,
        messages: toChatMessages(req),
        temperature: this.opts.temperature ?? 0.2,
        ...(this.opts.maxOutputTokens ? { max_tokens: this.opts.maxOutputTokens } : {}),
      },
      { signal: opts.signal, timeoutMs: this.opts.requestTimeoutMs, idleTimeoutMs: this.opts.idleTimeoutMs },
    );
    for await (const chunk of stream) {
      if (chunk.text) yield { type: 'text', text: chunk.text };
      if (chunk.done) {
        yield {
          type: 'done',
          finishReason: chunk.finishReason ?? 'stop',
          usage: { promptTokens: chunk.promptTokens, outputTokens: chunk.outputTokens },
        };
        return;
      }
    }
  }
}
