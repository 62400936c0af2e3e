// Turns what @google/genai throws (ApiError with the JSON error body in its message, fetch TypeErrors,
// SyntaxErrors from bad JSON) into ProviderErrors with messages a user can act on.
import { networkCode } from './network-code';
import { ProviderError } from './provider-error';
import { redactSecrets } from './redact';

export interface GoogleErrorInfo {
  code?: number;
  status?: string;
  message?: string;
  reasons: string[];
  retryDelayMs?: number;
}

interface ErrorDetail {
  '@type'?: string;
  reason?: string;
  retryDelay?: string;
}

/** Parses Google's `{"error":{code,message,status,details}}` body (as text). */
export function parseGoogleError(text: string): GoogleErrorInfo {
  const info: GoogleErrorInfo = { reasons: [] };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return info;
  }
  const error = (parsed as { error?: unknown } | null)?.error;
  if (typeof error !== 'object' || error === null) return info;
  const e = error as { code?: unknown; status?: unknown; message?: unknown; details?: unknown };
  if (typeof e.code === 'number') info.code = e.code;
  if (typeof e.status === 'string') info.status = e.status;
  if (typeof e.message === 'string') info.message = e.message;
  if (Array.isArray(e.details)) {
    for (const d of e.details as ErrorDetail[]) {
      if (typeof d?.reason === 'string') info.reasons.push(d.reason);
      if (d?.['@type']?.endsWith('google.rpc.RetryInfo') && typeof d.retryDelay === 'string') {
        const seconds = Number.parseFloat(d.retryDelay);
        if (Number.isFinite(seconds) && seconds >= 0) info.retryDelayMs = Math.round(seconds * 1000);
      }
    }
  }
  return info;
}

/** Retry-After as seconds (or an HTTP date), in ms. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value.trim());
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export interface FailureContext {
  /** What was being done, for the message: "embedding", "answer", "key check". */
  what: string;
  apiKey?: string;
  /** Status and Retry-After of the last HTTP response, seen by our fetch wrapper. */
  status?: number;
  retryAfter?: string | null;
  timedOut?: boolean;
  timeoutMs?: number;
}

const NETWORK_MESSAGES = /fetch failed|terminated|socket|ECONN|ENOTFOUND|EAI_AGAIN|network/i;
const MALFORMED_MESSAGES =
  /Unexpected (end|token)|JSON|Response body is empty|Incomplete JSON segment|exception parsing stream chunk/i;

/**
 * Classifies any failure of a Gemini call. Returns null for errors that are not the provider's
 * (programming errors) — callers rethrow those untouched. Aborts must be handled before calling this.
 */
export function toProviderError(e: unknown, ctx: FailureContext): ProviderError | null {
  if (e instanceof ProviderError) return e;
  const clean = (s: string) => redactSecrets(s, [ctx.apiKey]);
  const seconds = ctx.timeoutMs ? `${Math.round(ctx.timeoutMs / 100) / 10} s` : 'the allowed time';

  if (ctx.timedOut)
    return new ProviderError(
      'timeout',
      `Gemini did not answer the ${ctx.what} request within ${seconds}. Check your internet connection, or try again later.`,
    );

  const err = e as { name?: unknown; status?: unknown; message?: unknown };
  const message = typeof err?.message === 'string' ? err.message : String(e);

  if (err?.name === 'ApiError' && typeof err.status === 'number') {
    const status = err.status;
    const info = parseGoogleError(message);
    const detail = clean(
      `${status}${info.status ? ` ${info.status}` : ''}${info.message ? `: ${info.message.trim()}` : ''}`,
    );
    const keyProblem =
      info.reasons.some((r) => /API_KEY/.test(r)) || /API key/i.test(info.message ?? '') || status === 401;
    if ((status === 400 && keyProblem) || status === 401)
      return new ProviderError(
        'bad-key',
        `Gemini rejected the API key (${detail}). Check the key in Settings, or create a new one at https://aistudio.google.com/apikey.`,
        { status, cause: e },
      );
    if (status === 403)
      return new ProviderError(
        'bad-key',
        `Gemini refused access with this API key (${detail}). Check that the key is correct and that the Gemini API is enabled for its project.`,
        { status, cause: e },
      );
    if (status === 429) {
      const retryAfterMs = parseRetryAfter(ctx.retryAfter) ?? info.retryDelayMs;
      const wait = retryAfterMs !== undefined ? ` Gemini asked to wait ${Math.ceil(retryAfterMs / 1000)} s.` : '';
      return new ProviderError(
        'quota',
        `Gemini quota exhausted; wait or check your plan (${detail}).${wait} Rate limits and free-tier quotas reset every minute or every day.`,
        { status, retryAfterMs, cause: e },
      );
    }
    if (status >= 500 || status === 408)
      return new ProviderError(
        'server',
        `Gemini failed on its side during the ${ctx.what} request (${detail}). This is usually temporary: try again in a few minutes.`,
        { status, retryAfterMs: parseRetryAfter(ctx.retryAfter), cause: e },
      );
    return new ProviderError(
      'rejected',
      `Gemini refused the ${ctx.what} request (${detail}). Check the model name and settings; retrying as-is will not help.`,
      { status, cause: e },
    );
  }

  if (err?.name === 'SyntaxError' || MALFORMED_MESSAGES.test(message))
    return new ProviderError(
      'malformed',
      `Gemini sent a ${ctx.what} response that could not be read (${clean(message).slice(0, 200)}). Try again; if it persists, a proxy or firewall may be altering the traffic.`,
      { status: ctx.status, cause: e },
    );

  const code = networkCode(e);
  if (code || NETWORK_MESSAGES.test(message))
    return new ProviderError(
      'network',
      `Could not reach Gemini for the ${ctx.what} request (${clean(code ?? message)}). Check your internet connection, proxy or firewall.`,
      { cause: e },
    );
  return null;
}
