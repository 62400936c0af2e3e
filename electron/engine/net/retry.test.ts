import { describe, expect, it } from 'vitest';
import { parseGoogleError, parseRetryAfter, toProviderError } from './gemini-errors';
import { ProviderError } from './provider-error';
import { redactSecrets } from './redact';
import { backoffDelayMs, DEFAULT_RETRY, sleep, withRetry } from './retry';

describe('backoff', () => {
  it('is full jitter under an exponential ceiling capped at maxDelayMs', () => {
    const p = { ...DEFAULT_RETRY, baseDelayMs: 100, maxDelayMs: 1000 };
    expect(backoffDelayMs(1, p, undefined, () => 0.999)).toBe(99);
    expect(backoffDelayMs(3, p, undefined, () => 0.5)).toBe(200);
    expect(backoffDelayMs(10, p, undefined, () => 0.999)).toBe(999);
    expect(backoffDelayMs(2, p, undefined, () => 0)).toBe(0);
  });

  it('never waits less than the server asked', () => {
    const p = { ...DEFAULT_RETRY, baseDelayMs: 100, maxDelayMs: 1000 };
    expect(backoffDelayMs(1, p, 5000, () => 0.9)).toBe(5000);
  });
});

describe('withRetry', () => {
  it('retries retryable ProviderErrors only, up to maxAttempts', async () => {
    let calls = 0;
    const server = () => {
      calls++;
      return Promise.reject(new ProviderError('server', 'down'));
    };
    await expect(withRetry(server, { policy: { maxAttempts: 3, baseDelayMs: 1 } })).rejects.toMatchObject({
      code: 'server',
    });
    expect(calls).toBe(3);
    calls = 0;
    const badKey = () => {
      calls++;
      return Promise.reject(new ProviderError('bad-key', 'no'));
    };
    await expect(withRetry(badKey, { policy: { baseDelayMs: 1 } })).rejects.toMatchObject({ code: 'bad-key' });
    expect(calls).toBe(1);
  });

  it('stops waiting when aborted', async () => {
    const ac = new AbortController();
    const p = sleep(10_000, ac.signal);
    ac.abort();
    await expect(p).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('Gemini error classification', () => {
  it('reads RetryInfo, reasons and Retry-After', () => {
    const info = parseGoogleError(
      JSON.stringify({
        error: {
          code: 429,
          status: 'RESOURCE_EXHAUSTED',
          message: 'quota',
          details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '12.5s' }],
        },
      }),
    );
    expect(info).toMatchObject({ code: 429, status: 'RESOURCE_EXHAUSTED', retryDelayMs: 12_500 });
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:05 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(5000);
    expect(parseRetryAfter('soon')).toBeUndefined();
  });

  it('prefers the Retry-After header over RetryInfo', () => {
    const apiError = Object.assign(
      new Error(
        JSON.stringify({ error: { code: 429, details: [{ '@type': 'x/google.rpc.RetryInfo', retryDelay: '9s' }] } }),
      ),
      { name: 'ApiError', status: 429 },
    );
    expect(toProviderError(apiError, { what: 'embedding', retryAfter: '2' })?.retryAfterMs).toBe(2000);
    expect(toProviderError(apiError, { what: 'embedding' })?.retryAfterMs).toBe(9000);
  });

  it('leaves programming errors alone', () => {
    expect(toProviderError(new RangeError('bug'), { what: 'embedding' })).toBeNull();
    expect(
      toProviderError(new TypeError("Cannot read properties of undefined (reading 'x')"), { what: 'x' }),
    ).toBeNull();
  });

  it('redacts keys, given or shaped like Google keys', () => {
    expect(redactSecrets('key=AIzaSyA1234567890abcdefghijklmnopqrstuv end')).toBe('key=[redacted key] end');
    expect(redactSecrets('bad my-secret-key here', ['my-secret-key'])).toBe('bad [redacted key] here');
  });
});
