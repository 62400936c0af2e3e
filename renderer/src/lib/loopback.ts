// Whether a server's base URL points at this machine. Local-only mode lets Lucarne talk to an Ollama or
// OpenAI-compatible server only there, so the settings warn as soon as a typed URL would leave the machine.

/** localhost (and *.localhost), 127.0.0.0/8, ::1 and the IPv4-mapped ::ffff:127.x; anything else is remote. */
export function isLoopbackUrl(url: string): boolean {
  let host: string;
  try {
    host = new URL(url.trim()).hostname.toLowerCase();
  } catch {
    return false;
  }
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (host === '::1') return true;
  // WHATWG URL already normalises IPv4 forms (0x7f.1, 2130706433…) to dotted decimal.
  const v4 = host.startsWith('::ffff:') ? host.slice(7) : host;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

/** A URL that parses with http(s); used to tell "not a URL" apart from "not on this machine". */
export function isHttpUrl(url: string): boolean {
  try {
    const u = new URL(url.trim());
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}
