// Which server addresses are on this machine. Local-only mode promises that no text leaves the computer, so it
// allows a model server (Ollama, LM Studio, llama-server...) only at a loopback address: 127.0.0.0/8, ::1
// (also written as an IPv4-mapped ::ffff:127.x.y.z), localhost and *.localhost (RFC 6761 reserves those names
// for loopback). Not 0.0.0.0 (a bind-everything address, not a destination) and not the machine's own LAN
// address: traffic to it is routable, and another machine may answer at it.
import { LocalOnlyError } from '../answer/local-only';
import { displayUrl, withScheme } from './base-url';

const IPV4_LOOPBACK = /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;
// The URL parser writes ::ffff:127.0.0.1 as ::ffff:7f00:1: the first group after ffff is 0x7fXX.
const MAPPED_V4_LOOPBACK = /^::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}$/;

/**
 * True when `url` is an http(s) address on this machine. The WHATWG URL parser canonicalises hosts first, so
 * spellings like 127.1, 0x7f.0.0.1, 2130706433 or [0:0:0:0:0:0:0:1] are judged by what they really are.
 * Anything that does not parse is not loopback.
 */
export function isLoopbackUrl(url: string): boolean {
  let u: URL;
  try {
    u = new URL(withScheme(url));
  } catch {
    return false;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return false;
  let host = u.hostname.toLowerCase();
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  if (host.endsWith('.')) host = host.slice(0, -1);
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  return IPV4_LOOPBACK.test(host) || host === '::1' || MAPPED_V4_LOOPBACK.test(host);
}

/** The local-only refusal of a server address that is not on this machine. */
export class LocalOnlyUrlError extends LocalOnlyError {
  readonly url: string;
  constructor(url: string) {
    super(displayUrl(url));
    this.url = displayUrl(url);
    this.message = `Local-only mode: ${this.url} is not on this machine; use a 127.0.0.1/localhost address or turn local-only off.`;
  }
}

/** Refuses, before any connection is attempted, a non-loopback server address while local-only mode is on. */
export function assertLoopbackForLocalOnly(url: string, localOnly: boolean): void {
  if (localOnly && !isLoopbackUrl(url)) throw new LocalOnlyUrlError(url);
}
