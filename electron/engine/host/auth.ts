// Who may talk to the browser host: loopback clients that present the per-launch token.
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const COOKIE_NAME = 'lucarne_token';

export function isLoopbackAddress(addr: string | undefined): boolean {
  if (!addr) return false;
  const a = addr.startsWith('::ffff:') ? addr.slice(7) : addr;
  return a === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(a);
}

function sameToken(given: string | null | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function cookieToken(req: IncomingMessage): string | null {
  const header = req.headers.cookie ?? '';
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === COOKIE_NAME) return decodeURIComponent(v.join('='));
  }
  return null;
}

/** The Host header must name the loopback listener: defeats DNS-rebinding pages on other origins. */
export function isAllowedHost(req: IncomingMessage, port: number): boolean {
  const host = (req.headers.host ?? '').toLowerCase();
  return host === `127.0.0.1:${port}` || host === `localhost:${port}` || host === `[::1]:${port}`;
}

export type AuthVerdict = { ok: true; viaQuery: boolean } | { ok: false; status: 401 | 403; reason: string };

export function authorize(req: IncomingMessage, token: string, port: number): AuthVerdict {
  if (!isLoopbackAddress(req.socket.remoteAddress)) return { ok: false, status: 403, reason: 'not a loopback client' };
  if (!isAllowedHost(req, port)) return { ok: false, status: 403, reason: 'unexpected Host header' };
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  if (sameToken(url.searchParams.get('token'), token)) return { ok: true, viaQuery: true };
  if (sameToken(cookieToken(req), token)) return { ok: true, viaQuery: false };
  return { ok: false, status: 401, reason: 'missing or wrong token' };
}
