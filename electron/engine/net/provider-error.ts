// One error type for every remote model provider, with a code the UI can map and a message a user can act on.

export type ProviderErrorCode =
  | 'bad-key' // the key is wrong, revoked, or lacks access
  | 'quota' // rate limit or quota exhausted (after retries)
  | 'server' // the provider failed (5xx after retries)
  | 'network' // no connection, DNS, connection dropped
  | 'timeout' // no answer in time
  | 'malformed' // an answer we cannot read (bad JSON, missing fields, wrong dimension)
  | 'rejected' // the provider refused this request (unknown model, invalid argument...): retrying will not help
  | 'not-running' // a local server (Ollama, LM Studio...) does not answer at its address: start it or fix the address
  | 'model-missing'; // the local server does not have this model: install or load it, or pick another

export class ProviderError extends Error {
  readonly code: ProviderErrorCode;
  /** HTTP status when there was one. */
  readonly status?: number;
  /** How long the provider asked us to wait (Retry-After / RetryInfo), when it said. */
  readonly retryAfterMs?: number;
  /** True for the codes worth retrying (quota, server, network). */
  readonly retryable: boolean;

  constructor(
    code: ProviderErrorCode,
    message: string,
    opts: { status?: number; retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'ProviderError';
    this.code = code;
    this.status = opts.status;
    this.retryAfterMs = opts.retryAfterMs;
    this.retryable = code === 'quota' || code === 'server' || code === 'network';
  }
}

export function isProviderError(e: unknown): e is ProviderError {
  return e instanceof ProviderError;
}

/** The standard error for a cancelled operation: the signal's reason when it is an Error, else an AbortError. */
export function abortError(signal?: AbortSignal): Error {
  const reason: unknown = signal?.reason;
  if (reason instanceof Error) return reason;
  return new DOMException('The operation was aborted.', 'AbortError');
}

export function isAbortError(e: unknown): boolean {
  return (e instanceof Error || e instanceof DOMException) && e.name === 'AbortError';
}
