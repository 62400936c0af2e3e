// Retries with exponential backoff and full jitter (delay = random(0, min(cap, base·2^n))), waiting at
// least as long as the server asked (Retry-After / RetryInfo) when it said.
import { abortError, ProviderError } from './provider-error';

export interface RetryPolicy {
  /** Attempts in total, the first one included. Default 5. */
  maxAttempts: number;
  /** Backoff base. Default 1000 ms. */
  baseDelayMs: number;
  /** Backoff cap. Default 30 s. */
  maxDelayMs: number;
  /** A server asking for a longer wait than this is not retried: the error goes to the user. Default 60 s. */
  maxServerDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 1000,
  maxDelayMs: 30_000,
  maxServerDelayMs: 60_000,
};

export interface RetryNotice {
  attempt: number; // the attempt that failed, 1-based
  delayMs: number;
  error: ProviderError;
}

export function backoffDelayMs(
  failedAttempt: number,
  policy: RetryPolicy,
  serverDelayMs?: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (failedAttempt - 1));
  const jittered = Math.floor(random() * ceiling);
  return serverDelayMs === undefined ? jittered : Math.max(serverDelayMs, jittered);
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError(signal));
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError(signal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Runs `op` until it succeeds, fails with something not retryable, or runs out of attempts.
 * `op` must throw ProviderError for failures it wants classified; anything else is rethrown at once.
 */
export async function withRetry<T>(
  op: (attempt: number) => Promise<T>,
  opts: { policy?: Partial<RetryPolicy>; signal?: AbortSignal; onRetry?: (n: RetryNotice) => void } = {},
): Promise<T> {
  const policy = { ...DEFAULT_RETRY, ...opts.policy };
  for (let attempt = 1; ; attempt++) {
    opts.signal?.throwIfAborted();
    try {
      return await op(attempt);
    } catch (e) {
      if (!(e instanceof ProviderError) || !e.retryable || attempt >= policy.maxAttempts) throw e;
      if (e.retryAfterMs !== undefined && e.retryAfterMs > policy.maxServerDelayMs) throw e;
      const delayMs = backoffDelayMs(attempt, policy, e.retryAfterMs);
      opts.onRetry?.({ attempt, delayMs, error: e });
      await sleep(delayMs, opts.signal);
    }
  }
}
