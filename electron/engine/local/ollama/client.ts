// Ollama's HTTP API (https://github.com/ollama/ollama/blob/main/docs/api.md), the parts Lucarne uses:
// GET /api/version, GET /api/tags (installed models), POST /api/show (one model's details), POST /api/embed
// (batched embeddings, Ollama ≥ 0.3) and POST /api/chat streamed as NDJSON. Answers are checked here, so the
// embedder and the generator only ever see well-formed data or a ProviderError.
import { normaliseBaseUrl } from '../../net/base-url';
import { inStreamError, type LocalServerDialect, malformedError, streamCutError } from '../../net/local-errors';
import { LocalHttp } from '../../net/local-http';
import { readNdjson } from '../../net/ndjson';
import type { RetryNotice, RetryPolicy } from '../../net/retry';
import type { ChatMessage } from '../servers/chat-messages';
import type { LocalModelInfo } from '../servers/model-info';
import { checkVectors } from '../servers/vectors';
import { ollamaModelInfo, parseShow, parseTags, type OllamaModelDetails, type OllamaTag } from './models';
import { count, isRecord } from '../servers/json';

export type { OllamaModelDetails, OllamaTag } from './models';

export const OLLAMA_DEFAULT_URL = 'http://127.0.0.1:11434';

function ollamaErrorText(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as { error?: unknown } | null;
    return typeof parsed?.error === 'string' ? parsed.error : undefined;
  } catch {
    return undefined;
  }
}

export const OLLAMA_DIALECT: LocalServerDialect = {
  name: 'Ollama',
  description: 'an Ollama server',
  notRunningHint: 'start it (ollama serve) or change the address',
  missingModel: (model, url, detail) =>
    `Model "${model}" is not installed in Ollama at ${url} (${detail}): run "ollama pull ${model}", or pick an installed model.`,
  noEndpointHint: "Check that the address is Ollama's (port 11434 by default) and that Ollama is version 0.3 or later.",
  errorText: ollamaErrorText,
  // "model 'x' not found", 'model "x" not found, try pulling it first'; not Go's bare "404 page not found".
  isMissingModel: (status, text) => status === 404 && /\bmodel\b.*\bnot found\b/i.test(text),
};

export interface OllamaClientOptions {
  /** Default http://127.0.0.1:11434; "localhost:11434" and a trailing /api are accepted. */
  baseUrl?: string;
  fetchImpl?: typeof fetch;
  retry?: Partial<RetryPolicy>;
  onRetry?: (notice: RetryNotice) => void;
  /** Deadline of the small calls (version, tags, show). Default 10 s. */
  metadataTimeoutMs?: number;
}

export interface OllamaCallOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
}

export interface OllamaChatRequest {
  model: string;
  messages: ChatMessage[];
  /** Model options: num_ctx, temperature, num_predict... */
  options?: Record<string, number>;
}

/** One streamed /api/chat message, reduced to what a generator needs. */
export interface OllamaChatChunk {
  text: string;
  done: boolean;
  doneReason?: string;
  promptTokens?: number;
  outputTokens?: number;
}

export class OllamaClient {
  readonly baseUrl: string;
  readonly http: LocalHttp;
  private readonly metadataTimeoutMs: number;

  constructor(opts: OllamaClientOptions = {}) {
    this.baseUrl = normaliseBaseUrl(opts.baseUrl, OLLAMA_DEFAULT_URL).replace(/\/api$/, '');
    this.http = new LocalHttp({
      baseUrl: this.baseUrl,
      dialect: OLLAMA_DIALECT,
      fetchImpl: opts.fetchImpl,
      retry: opts.retry,
      onRetry: opts.onRetry,
    });
    this.metadataTimeoutMs = opts.metadataTimeoutMs ?? 10_000;
  }

  /** The server's version, e.g. "0.6.8": also the cheapest "is Ollama running here?" check. */
  async version(opts: OllamaCallOptions = {}): Promise<string> {
    const body = await this.http.json('GET', '/api/version', undefined, this.meta('version check', opts));
    if (!isRecord(body) || typeof body.version !== 'string')
      throw this.malformed('/api/version', 'version check', 'no "version" field');
    return body.version;
  }

  /** The installed models (GET /api/tags). */
  async tags(opts: OllamaCallOptions = {}): Promise<OllamaTag[]> {
    const body = await this.http.json('GET', '/api/tags', undefined, this.meta('model list', opts));
    const tags = parseTags(body);
    if (!tags) throw this.malformed('/api/tags', 'model list', 'no "models" list');
    return tags;
  }

  /** One model's details (POST /api/show): architecture, context length, capabilities when Ollama says. */
  async show(model: string, opts: OllamaCallOptions = {}): Promise<OllamaModelDetails> {
    const call = { ...this.meta('model details', opts), model };
    const body = await this.http.json('POST', '/api/show', { model }, call);
    const details = parseShow(model, body);
    if (!details) throw this.malformed('/api/show', 'model details', 'not a model description');
    return details;
  }

  /**
   * The installed models with their role. With `details` (default), one /api/show per model adds the context
   * length and Ollama's own capabilities; a model whose details fail keeps what /api/tags said.
   */
  async listModels(opts: OllamaCallOptions & { details?: boolean } = {}): Promise<LocalModelInfo[]> {
    const tags = await this.tags(opts);
    const out: LocalModelInfo[] = [];
    for (const tag of tags) {
      let details: OllamaModelDetails | undefined;
      if (opts.details !== false) {
        opts.signal?.throwIfAborted();
        details = await this.show(tag.name, { ...opts, timeoutMs: opts.timeoutMs }).catch((e: unknown) => {
          if (opts.signal?.aborted) throw e;
          return undefined;
        });
      }
      out.push(ollamaModelInfo(tag, details));
    }
    return out;
  }

  /** Unit vectors for `input` (POST /api/embed), checked: one per text, `dim` components when given. */
  async embed(
    model: string,
    input: string[],
    opts: OllamaCallOptions & { dim?: number } = {},
  ): Promise<Float32Array[]> {
    const call = { what: 'embedding', model, signal: opts.signal, timeoutMs: opts.timeoutMs ?? 120_000 };
    const body = await this.http.json('POST', '/api/embed', { model, input }, call);
    const rows = isRecord(body) ? body.embeddings : undefined;
    return checkVectors(rows, input.length, opts.dim, (detail) => this.malformed('/api/embed', 'embedding', detail));
  }

  /**
   * POST /api/chat with stream: true. Yields every message; throws when Ollama reports an error in the stream
   * or the stream ends before its `done: true` message.
   */
  async *chat(
    req: OllamaChatRequest,
    opts: OllamaCallOptions & { idleTimeoutMs?: number } = {},
  ): AsyncGenerator<OllamaChatChunk> {
    const call = {
      what: 'answer',
      model: req.model,
      signal: opts.signal,
      timeoutMs: opts.timeoutMs ?? 300_000,
      idleTimeoutMs: opts.idleTimeoutMs ?? 120_000,
    };
    const ctx = this.http.context('/api/chat', call);
    for await (const line of this.http.stream('/api/chat', { ...req, stream: true }, call, readNdjson)) {
      if (!isRecord(line)) throw this.malformed('/api/chat', 'answer', 'a streamed line is not an object');
      if (typeof line.error === 'string') throw inStreamError(line.error, ctx);
      const message = isRecord(line.message) ? line.message : {};
      const text = typeof message.content === 'string' ? message.content : '';
      if (line.done === true) {
        yield {
          text,
          done: true,
          doneReason: typeof line.done_reason === 'string' ? line.done_reason : undefined,
          promptTokens: count(line.prompt_eval_count),
          outputTokens: count(line.eval_count),
        };
        return;
      }
      yield { text, done: false };
    }
    throw streamCutError(ctx, 'the stream ended before its last message');
  }

  private meta(what: string, opts: OllamaCallOptions) {
    return { what, signal: opts.signal, timeoutMs: opts.timeoutMs ?? this.metadataTimeoutMs };
  }

  private malformed(path: string, what: string, detail: string) {
    return malformedError(detail, this.http.context(path, { what }));
  }
}
