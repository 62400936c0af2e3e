// The address of a local model server as the user typed it ("localhost:11434", "http://127.0.0.1:1234/v1/")
// turned into one canonical base URL, and the form of it that may appear in a message (no credentials, no
// query string: a URL can carry a token, and error messages end up in logs).
import { ProviderError } from './provider-error';

const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

/** Adds http:// when the user left the scheme out ("localhost:11434", "127.0.0.1:1234/v1"). */
export function withScheme(raw: string): string {
  const trimmed = raw.trim();
  return HAS_SCHEME.test(trimmed) ? trimmed : `http://${trimmed}`;
}

/** The URL without user:password@, query or fragment; the raw text (cut short) when it does not parse. */
export function displayUrl(raw: string): string {
  try {
    const u = new URL(withScheme(raw));
    return `${u.protocol}//${u.host}${u.pathname.replace(/\/+$/, '')}`;
  } catch {
    return raw.replace(/\/\/[^@/]*@/, '//').slice(0, 200);
  }
}

/**
 * Canonical base URL: scheme added when missing, no trailing slash, no query. Throws ProviderError 'rejected'
 * when it is not an http(s) address, or when it carries credentials (they belong in the API key field, where
 * they are kept out of logs).
 */
export function normaliseBaseUrl(raw: string | undefined, fallback: string): string {
  const text = raw?.trim() ? raw.trim() : fallback;
  let u: URL;
  try {
    u = new URL(withScheme(text));
  } catch {
    throw new ProviderError(
      'rejected',
      `"${displayUrl(text)}" is not a valid server address. Write it like ${fallback}.`,
    );
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:')
    throw new ProviderError('rejected', `"${displayUrl(text)}" is not an http(s) address. Write it like ${fallback}.`);
  if (u.username || u.password)
    throw new ProviderError(
      'rejected',
      `The server address ${displayUrl(text)} contains a user name or password. Remove them from the address and put the key in the API key field.`,
    );
  return `${u.protocol}//${u.host}${u.pathname.replace(/\/+$/, '')}`;
}
