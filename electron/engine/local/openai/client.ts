// The OpenAI-compatible API that LM Studio, llama.cpp's llama-server, Jan, LocalAI and vLLM serve under
// <address>/v1: GET /models, POST /embeddings, POST /chat/completions streamed as server-sent events.
// Answers are checked here, so the embedder and the generator only see well-formed data or a ProviderError.
// Servers differ in details (error body shapes, extra model fields, a missing `data: [DONE]`): all tolerated.
import { normaliseBaseUrl } from '../../net/base-url';
import { inStreamError, type LocalServerDialect, malformedError, streamCutError } from '../../net/local-errors';
import { LocalHttp } from '../../net/local-http';
import type { RetryNotice, RetryPolicy } from '../../net/retry';
import { readSse } from '../../net/sse';
import type { ChatMessage } from '../servers/chat-messages';
import type { LocalModelInfo } from '../servers/model-info';
import { checkVectors } from '../servers/vectors';
import { openAiErrorText, openAiModelInfo, type OpenAIModelEntry, orderedEmbeddings, parseModels } from './models';
import { count, isRecord } from '../servers/json';

export type { OpenAIModelEntry } from './models';

export const OPENAI_COMPAT_DEFAULT_URL = 'http://127.0.0.1:1234/v1';

const MISSING = /not (found|loaded|exist)|does not exist|no models? (is )?loaded|unknown model|no such model/i;

export const OPENAI_COMPAT_DIALECT: LocalServerDialect = {
  name: 'the OpenAI-compatible server',
  description: 'an OpenAI-compatible server (its address usually ends in /v1)',
  notRunningHint:
    'start it (LM Studio: Developer tab, Start server; llama.cpp: llama-server --port 1234; Jan: Local API Server) or change the address',
  missingModel: (model, url, detail) =>
    `The OpenAI-compatible server at ${url} does not have the model "${model}" loaded (${detail}): load it in the server (LM Studio: "lms load", llama-server: --model), or pick one of the models it lists.`,
  noEndpointHint:
    'Check the address: OpenAI-compatible servers usually end in /v1 (LM Studio http://127.0.0.1:1234/v1, llama-server http://127.0.0.1:8080/v1).',
  errorText: openAiErrorText,
  isMissingModel: (status, text) => (status === 404 || status === 400) && /model/i.test(text) && MISSING.test(text),
};

export interface OpenAICompatClientOptions {
  /** Default http://127.0.0.1:1234/v1 (LM Studio). An address without a path gets /v1. */
  baseUrl?: string;
  /** Sent as "Authorization: Bearer …" when set (vLLM --api-key, LM Studio with authentication). Never logged. */
  apiKey?: string;
  fetchImpl?: typeof fetch;
  retry?: Partial<RetryPolicy>;
  onRetry?: (notice: RetryNotice) => void;
  /** Deadline of GET /models. Default 10 s. */
  metadataTimeoutMs?: number;
}

export interface OpenAICallOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
}

export interface OpenAIChatRequest {
  model: string;
  messages: ChatMessage[];
  temperature?: number;
  max_tokens?: number;
}

/** One streamed chat event, reduced to what a generator needs. */
export interface OpenAIChatChunk {
  text: string;
  done: boolean;
  finishReason?: string;
  promptTokens?: number;
  outputTokens?: number;
}

/** The canonical base URL: /v1 added to a bare address, an endpoint pasted by mistake removed. */
export function openAiBaseUrl(raw: string | undefined): string {
  const url = normaliseBaseUrl(raw, OPENAI_COMPAT_DEFAULT_URL).replace(/\/(chat\/completions|embeddings|models)$/, '');
  return new URL(url).pathname === '/' ? `${url}/v1` : url;
}

export class OpenAICompatClient {
  readonly baseUrl: string;
  readonly http: LocalHttp;
  private readonly metadataTimeoutMs: number;

  constructor(opts: OpenAICompatClientOptions = {}) {
    this.baseUrl = openAiBaseUrl(opts.baseUrl);
    this.http = new LocalHttp({
      baseUrl: this.baseUrl,
      dialect: OPENAI_COMPAT_DIALECT,
      apiKey: opts.apiKey?.trim() || undefined,
      fetchImpl: opts.fetchImpl,
      retry: opts.retry,
      onRetry: opts.onRetry,
    });
    this.metadataTimeoutMs = opts.metadataTimeoutMs ?? 10_000;
  }

  /** GET /models, as the server lists them. */
  async models(opts: OpenAICallOptions = {}): Promise<OpenAIModelEntry[]> {
    const call = { what: 'model list', signal: opts.signal, timeoutMs: opts.timeoutMs ?? this.metadataTimeoutMs };
    const body = await this.http.json('GET', '/models', undefined, call);
    const models = parseModels(body);
    if (!models) throw malformedError('no "data" list', this.http.context('/models', call));
    return models;
  }

  /** The served models with their role, from what /models says (the protocol has no role: see models.ts). */
  async listModels(opts: OpenAICallOptions = {}): Promise<LocalModelInfo[]> {
    return (await this.models(opts)).map(openAiModelInfo);
  }

  /** Unit vectors for `input` (POST /embeddings), in input order, checked: one per text, `dim` when given. */
  async embed(
    model: string,
    input: string[],
    opts: OpenAICallOptions & { dim?: number } = {},
  ): Promise<Float32Array[]> {
    const call = { what: 'embedding', model, signal: opts.signal, timeoutMs: opts.timeoutMs ?? 120_000 };
    const body = await this.http.json('POST', '/embeddings', { model, input }, call);
    const fail = (detail: string) => malformedError(detail, this.http.context('/embeddings', call));
    const rows = orderedEmbeddings(body, input.length);
    if (typeof rows === 'string') throw fail(rows);
    return checkVectors(rows, input.length, opts.dim, fail);
  }

  /**
   * POST /chat/completions with stream: true. Yields each delta; the last chunk has done: true. Throws when
   * the server reports an error in the stream, or the stream ends with neither `[DONE]` nor a finish reason.
   */
  async *chat(
    req: OpenAIChatRequest,
    opts: OpenAICallOptions & { idleTimeoutMs?: number } = {},
  ): AsyncGenerator<OpenAIChatChunk> {
    const call = {
      what: 'answer',
      model: req.model,
      signal: opts.signal,
      timeoutMs: opts.timeoutMs ?? 300_000,
      idleTimeoutMs: opts.idleTimeoutMs ?? 120_000,
    };
    const ctx = this.http.context('/chat/completions', call);
    // include_usage: the token counts arrive in one last chunk with no choices (servers without it ignore it).
    const body = { ...req, stream: true, stream_options: { include_usage: true } };
    let finishReason: string | undefined;
    let usage: { promptTokens?: number; outputTokens?: number } = {};
    for await (const event of this.http.stream('/chat/completions', body, call, readSse)) {
      if (event.data.trim() === '[DONE]') {
        yield { text: '', done: true, finishReason: finishReason ?? 'stop', ...usage };
        return;
      }
      let chunk: unknown;
      try {
        chunk = JSON.parse(event.data);
      } catch (e) {
        throw malformedError(`a streamed event is not JSON: ${JSON.stringify(event.data.slice(0, 80))}`, ctx, e);
      }
      if (!isRecord(chunk)) throw malformedError('a streamed event is not an object', ctx);
      if (chunk.error !== undefined) throw inStreamError(openAiErrorText(event.data) ?? 'unknown error', ctx);
      const choice = Array.isArray(chunk.choices) && isRecord(chunk.choices[0]) ? chunk.choices[0] : undefined;
      const delta = choice && isRecord(choice.delta) ? choice.delta : undefined;
      const text = typeof delta?.content === 'string' ? delta.content : '';
      if (typeof choice?.finish_reason === 'string') finishReason = choice.finish_reason;
      if (isRecord(chunk.usage))
        usage = { promptTokens: count(chunk.usage.prompt_tokens), outputTokens: count(chunk.usage.completion_tokens) };
      if (text) yield { text, done: false };
    }
    // Some servers close the stream after the finish reason without `data: [DONE]`: that is a complete answer.
    if (finishReason) {
      yield { text: '', done: true, finishReason, ...usage };
      return;
    }
    throw streamCutError(ctx, 'the stream ended before its last message');
  }
}
