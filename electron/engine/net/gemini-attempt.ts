// One HTTP attempt of a Gemini call through @google/genai, with what the SDK does not give us:
// - its own AbortController, linked to the caller's signal, so a timeout or an early `break` out of a
//   stream really closes the connection;
// - a timer that can be re-armed (request timeout, then idle timeout between stream chunks);
// - a fetch wrapper (httpOptions.fetch) that records the status and Retry-After header, which the SDK's
//   ApiError drops.
import type { HttpOptions } from '@google/genai';
import { abortError, ProviderError } from './provider-error';
import { DEFAULT_RETRY, type RetryNotice, type RetryPolicy, withRetry } from './retry';
import { type FailureContext, toProviderError } from './gemini-errors';
import { HttpAttempt } from './http-attempt';

export class GeminiAttempt extends HttpAttempt {
  status?: number;
  retryAfter?: string | null;

  constructor(callerSignal: AbortSignal | undefined) {
    super(callerSignal, 'Gemini request');
  }

  /** Per-request SDK options: our fetch wrapper. */
  httpOptions(): HttpOptions {
    return {
      fetch: async (input, init) => {
        const response = await fetch(input, init);
        this.status = response.status;
        this.retryAfter = response.headers.get('retry-after');
        return response;
      },
    };
  }

  /** Classifies a failure of this attempt; rethrows aborts and errors that are not the provider's. */
  fail(e: unknown, ctx: Omit<FailureContext, 'status' | 'retryAfter' | 'timedOut' | 'timeoutMs'>): never {
    if (this.callerAborted) throw abortError(this.callerSignal);
    const classified = toProviderError(e, {
      ...ctx,
      status: this.status,
      retryAfter: this.retryAfter,
      timedOut: this.timedOut,
      timeoutMs: this.timeoutMs,
    });
    if (classified) throw classified;
    throw e;
  }
}

export interface GeminiCallOptions {
  what: string;
  apiKey: string;
  signal?: AbortSignal;
  /** Deadline of each attempt, until `run` resolves. Default 60 s. */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  onRetry?: (notice: RetryNotice) => void;
  /**
   * Keep the attempt alive after `run` resolves (streams): the caller then owns it and must dispose it.
   * Otherwise it is disposed as soon as `run` settles.
   */
  keepAttempt?: boolean;
}

/** Runs one SDK call with per-attempt timeout, classification into ProviderError, and retries. */
export async function callGemini<T>(
  run: (attempt: GeminiAttempt) => Promise<T>,
  opts: GeminiCallOptions,
): Promise<{ value: T; attempt: GeminiAttempt }> {
  return withRetry(
    async () => {
      const attempt = new GeminiAttempt(opts.signal);
      attempt.arm(opts.timeoutMs ?? 60_000);
      try {
        const value = await run(attempt);
        if (!opts.keepAttempt) attempt.dispose();
        else attempt.disarm();
        return { value, attempt };
      } catch (e) {
        attempt.dispose();
        attempt.abort();
        if (e instanceof ProviderError) throw e;
        return attempt.fail(e, { what: opts.what, apiKey: opts.apiKey });
      }
    },
    { policy: { ...DEFAULT_RETRY, ...opts.retry }, signal: opts.signal, onRetry: opts.onRetry },
  );
}
