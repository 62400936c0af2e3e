// Turns what goes wrong with a local model server (Ollama, or an OpenAI-compatible one: LM Studio,
// llama-server, Jan, LocalAI, vLLM) into ProviderErrors whose message says what happened and what to do.
// The two kinds differ only in wording and in the shape of their error bodies: a LocalServerDialect each.
import { MalformedStreamError } from './lines';
import { networkCode } from './network-code';
import { ProviderError } from './provider-error';
import { redactSecrets } from './redact';

export interface LocalServerDialect {
  /** The server as named mid-sentence: "Ollama", "the OpenAI-compatible server". */
  name: string;
  /** What it is, for "check that this address is …": "an Ollama server". */
  description: string;
  /** What to do when nothing listens at the address. */
  notRunningHint: string;
  /** The refusal of a model the server does not have: what happened (with `detail`) and what to do. */
  missingModel(model: string, url: string, detail: string): string;
  /** What to check when an endpoint is missing (404 without a model error): wrong address or server kind. */
  noEndpointHint: string;
  /** The server's own error text in an error body, whatever its JSON shape; undefined when there is none. */
  errorText(body: string): string | undefined;
  /** Whether a refusal (status, server text) means the model is not there. */
  isMissingModel(status: number, text: string): boolean;
}

export interface LocalFailureContext {
  dialect: LocalServerDialect;
  /** The server's base URL as it may be shown (displayUrl). */
  url: string;
  /** What was being done: "embedding", "answer", "model list". */
  what: string;
  /** The endpoint, e.g. /api/embed. */
  path: string;
  model?: string;
  /** Never shown: removed from anything the server echoes back. */
  apiKey?: string;
  timedOut?: boolean;
  timeoutMs?: number;
}

/** Failures to connect at all (as opposed to a connection that broke). */
const UNREACHABLE = new Set(['EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'EADDRNOTAVAIL']);

const MEMORY = /memory|out of mem|OOM|cudaMalloc|alloc(ate|ation) fail/i;

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function clean(text: string, ctx: LocalFailureContext): string {
  return redactSecrets(text, [ctx.apiKey]).replace(/\s+/g, ' ').trim().slice(0, 300);
}

function serverHint(text: string): string {
  return MEMORY.test(text)
    ? 'The model may need more memory than is free: close other programs or pick a smaller model.'
    : "Check the server's log, then try again.";
}

/** A non-2xx answer. */
export function httpFailure(
  status: number,
  body: string,
  retryAfter: string | null,
  ctx: LocalFailureContext,
): ProviderError {
  const { dialect, url } = ctx;
  const Name = capitalise(dialect.name);
  const text = clean(dialect.errorText(body) ?? body, ctx);
  const detail = text ? `${status}: ${text}` : `${status}`;
  const retrySeconds = retryAfter ? Number(retryAfter) : Number.NaN;
  const retryAfterMs = Number.isFinite(retrySeconds) && retrySeconds >= 0 ? retrySeconds * 1000 : undefined;
  if (ctx.model && status >= 400 && status < 500 && dialect.isMissingModel(status, text))
    return new ProviderError('model-missing', dialect.missingModel(ctx.model, url, detail), { status });
  if (status === 401 || status === 403)
    return new ProviderError(
      'bad-key',
      `${Name} at ${url} refused the request (${detail}). Check the API key in the LUCARNE_OPENAI_API_KEY environment variable (or that the server allows this app).`,
      { status },
    );
  if (status === 404)
    return new ProviderError(
      'rejected',
      `${Name} at ${url} has no ${ctx.path} endpoint (${detail}). ${dialect.noEndpointHint}`,
      { status },
    );
  if (status === 429)
    return new ProviderError(
      'quota',
      `${Name} at ${url} is too busy to take the ${ctx.what} request (${detail}). Wait a moment, then try again.`,
      { status, retryAfterMs },
    );
  if (status >= 500 || status === 408)
    return new ProviderError(
      'server',
      `${Name} at ${url} failed during the ${ctx.what} request (${detail}). ${serverHint(text)}`,
      { status, retryAfterMs },
    );
  return new ProviderError(
    'rejected',
    `${Name} at ${url} refused the ${ctx.what} request (${detail}). Check the model name and settings; retrying as-is will not help.`,
    { status },
  );
}

/** An answer that arrived but cannot be used (bad JSON, missing fields, wrong vector count...). */
export function malformedError(detail: string, ctx: LocalFailureContext, cause?: unknown): ProviderError {
  return new ProviderError(
    'malformed',
    `${capitalise(ctx.dialect.name)} at ${ctx.url} sent an unusable answer to the ${ctx.what} request (${clean(detail, ctx)}). Check that this address is ${ctx.dialect.description}, then try again.`,
    { cause },
  );
}

/** A stream that ended before its last message (the server crashed, was stopped, or the connection broke). */
export function streamCutError(ctx: LocalFailureContext, detail = 'the stream ended early', cause?: unknown) {
  return new ProviderError(
    'network',
    `The connection to ${ctx.dialect.name} at ${ctx.url} broke during the ${ctx.what} request (${clean(detail, ctx)}). The server may have crashed or run out of memory: check its log, then try again.`,
    { cause },
  );
}

/** An error the server reported inside a stream that had already started with 200 OK. */
export function inStreamError(text: string, ctx: LocalFailureContext): ProviderError {
  const detail = clean(text, ctx);
  return new ProviderError(
    'server',
    `${capitalise(ctx.dialect.name)} at ${ctx.url} failed during the ${ctx.what} request (${detail}). ${serverHint(detail)}`,
  );
}

/**
 * Classifies a failure that is not an HTTP status: timeouts, refused or broken connections, unreadable
 * bodies. Returns null for errors that are not the server's (programming errors): callers rethrow those.
 * Aborts by the caller must be handled before calling this.
 */
export function toLocalProviderError(e: unknown, ctx: LocalFailureContext): ProviderError | null {
  if (e instanceof ProviderError) return e;
  const { dialect, url } = ctx;
  const Name = capitalise(dialect.name);
  if (ctx.timedOut) {
    const seconds = ctx.timeoutMs ? `${Math.round(ctx.timeoutMs / 100) / 10} s` : 'the allowed time';
    return new ProviderError(
      'timeout',
      `${Name} at ${url} did not answer the ${ctx.what} request within ${seconds}. The model may still be loading or the machine may be busy: try again, or pick a smaller model.`,
      { cause: e },
    );
  }
  const err = e as { name?: unknown; message?: unknown };
  const message = typeof err?.message === 'string' ? err.message : String(e);
  if (e instanceof MalformedStreamError || err?.name === 'SyntaxError') return malformedError(message, ctx, e);

  const code = networkCode(e);
  if (code === 'ECONNREFUSED')
    return new ProviderError('not-running', `${Name} is not running at ${url}: ${dialect.notRunningHint}.`, {
      cause: e,
    });
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return new ProviderError(
      'network',
      `No machine answers to the name in ${url} (${code}). Check the address of ${dialect.name}.`,
      { cause: e },
    );
  if (code && UNREACHABLE.has(code))
    return new ProviderError(
      'network',
      `Could not reach ${dialect.name} at ${url} (${code}). Check the address, and that this computer can reach that machine.`,
      { cause: e },
    );
  if (code || /fetch failed|terminated|socket|other side closed|network/i.test(message))
    return streamCutError(ctx, code ?? message, e);
  return null;
}
