// The HTTP client every local model server kind shares (Ollama's API, the OpenAI-compatible one): JSON calls
// and streamed calls over fetch, each attempt with its own deadline and abort (http-attempt.ts), failures
// classified into ProviderErrors (local-errors.ts) and retried when worth it (retry.ts). A local server is
// quick to say no, so retries are few and short; a server that is not running is reported at once.
import { displayUrl } from './base-url';
import { HttpAttempt } from './http-attempt';
import {
  httpFailure,
  type LocalFailureContext,
  type LocalServerDialect,
  malformedError,
  toLocalProviderError,
} from './local-errors';
import { abortError, ProviderError } from './provider-error';
import { DEFAULT_RETRY, type RetryNotice, type RetryPolicy, withRetry } from './retry';

export const LOCAL_RETRY: RetryPolicy = {
  ...DEFAULT_RETRY,
  maxAttempts: 3,
  baseDelayMs: 250,
  maxDelayMs: 2000,
  maxServerDelayMs: 10_000,
};

export interface LocalHttpOptions {
  /** Canonical base URL (normaliseBaseUrl): paths are appended to it. */
  baseUrl: string;
  dialect: LocalServerDialect;
  /** Sent as a Bearer token; never shown, never logged. */
  apiKey?: string;
  /** Another fetch (tests observe connections with it). Default: the global fetch. */
  fetchImpl?: typeof fetch;
  retry?: Partial<RetryPolicy>;
  onRetry?: (notice: RetryNotice) => void;
}

export interface LocalCallOptions {
  /** What is being done, for messages: "embedding", "answer", "model list". */
  what: string;
  /** The model the call is about: a 404 about it becomes 'model-missing'. */
  model?: string;
  signal?: AbortSignal;
  /** Deadline of the whole answer (JSON calls) or of the response headers (streams). */
  timeoutMs: number;
}

export interface LocalStreamOptions extends LocalCallOptions {
  /** Longest silence between two streamed messages. */
  idleTimeoutMs: number;
}

const MAX_ERROR_BODY = 4000;

export class LocalHttp {
  readonly baseUrl: string;
  /** The base URL as messages show it. */
  readonly url: string;
  private readonly fetchImpl: typeof fetch;
  private readonly policy: RetryPolicy;

  constructor(private readonly opts: LocalHttpOptions) {
    this.baseUrl = opts.baseUrl;
    this.url = displayUrl(opts.baseUrl);
    this.fetchImpl = opts.fetchImpl ?? fetch;
    this.policy = { ...LOCAL_RETRY, ...opts.retry };
  }

  /** The context error messages are built from, for callers that find a problem in a valid response. */
  context(path: string, call: Pick<LocalCallOptions, 'what' | 'model'>): LocalFailureContext {
    return {
      dialect: this.opts.dialect,
      url: this.url,
      what: call.what,
      path,
      model: call.model,
      apiKey: this.opts.apiKey,
    };
  }

  /** One JSON request → the parsed JSON answer. */
  async json(method: 'GET' | 'POST', path: string, body: unknown, call: LocalCallOptions): Promise<unknown> {
    const ctx = this.context(path, call);
    return withRetry(
      async () => {
        const attempt = new HttpAttempt(call.signal);
        attempt.arm(call.timeoutMs);
        try {
          const response = await this.send(method, path, body, ctx, attempt);
          const text = await response.text();
          try {
            return JSON.parse(text) as unknown;
          } catch (e) {
            throw malformedError(`not JSON: ${JSON.stringify(text.slice(0, 80))}`, ctx, e);
          }
        } catch (e) {
          attempt.abort();
          throw this.classify(e, attempt, ctx, call.signal);
        } finally {
          attempt.dispose();
        }
      },
      { policy: this.policy, signal: call.signal, onRetry: this.opts.onRetry },
    );
  }

  /**
   * One streamed POST: the opening is retried like any call; once messages flow nothing is retried (the
   * caller may already have shown them). Leaving the loop early, or the caller's signal, closes the connection.
   */
  async *stream<T>(
    path: string,
    body: unknown,
    call: LocalStreamOptions,
    parse: (body: ReadableStream<Uint8Array>) => AsyncIterable<T>,
  ): AsyncGenerator<T> {
    const ctx = this.context(path, call);
    const { response, attempt } = await withRetry(
      async () => {
        const attempt = new HttpAttempt(call.signal);
        attempt.arm(call.timeoutMs);
        try {
          const response = await this.send('POST', path, body, ctx, attempt);
          if (!response.body) throw malformedError('the response has no body', ctx);
          return { response, attempt };
        } catch (e) {
          attempt.dispose();
          attempt.abort();
          throw this.classify(e, attempt, ctx, call.signal);
        }
      },
      { policy: this.policy, signal: call.signal, onRetry: this.opts.onRetry },
    );
    const body$ = response.body as ReadableStream<Uint8Array>;
    const items = parse(body$)[Symbol.asyncIterator]();
    try {
      for (;;) {
        // The idle deadline covers waiting for the server, not for our consumer: paused while we yield.
        attempt.arm(call.idleTimeoutMs);
        const next = await items.next();
        attempt.disarm();
        if (next.done) break;
        yield next.value;
      }
    } catch (e) {
      throw this.classify(e, attempt, ctx, call.signal);
    } finally {
      // Also reached when the consumer stops early: stop reading, close the connection, stop the timer.
      attempt.dispose();
      await items.return?.(undefined).catch(() => undefined);
      attempt.abort();
    }
  }

  private async send(
    method: 'GET' | 'POST',
    path: string,
    body: unknown,
    ctx: LocalFailureContext,
    attempt: HttpAttempt,
  ): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json, application/x-ndjson, text/event-stream' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.opts.apiKey) headers.authorization = `Bearer ${this.opts.apiKey}`;
    const response = await this.fetchImpl(`${this.baseUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: attempt.signal,
    });
    if (!response.ok) {
      const text = (await response.text().catch(() => '')).slice(0, MAX_ERROR_BODY);
      throw httpFailure(response.status, text, response.headers.get('retry-after'), ctx);
    }
    return response;
  }

  private classify(e: unknown, attempt: HttpAttempt, ctx: LocalFailureContext, signal?: AbortSignal): unknown {
    if (attempt.callerAborted) return abortError(signal);
    if (e instanceof ProviderError) return e;
    return toLocalProviderError(e, { ...ctx, timedOut: attempt.timedOut, timeoutMs: attempt.timeoutMs }) ?? e;
  }
}
