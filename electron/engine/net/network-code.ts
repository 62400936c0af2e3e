// Node's fetch (undici) hides the reason a request failed: "fetch failed" with the errno code (ECONNREFUSED,
// ENOTFOUND, UND_ERR_SOCKET...) on its cause, or on the first of an AggregateError's errors when both IPv4 and
// IPv6 were tried. Every provider's error mapping needs that code.

/** The errno-like code somewhere in a fetch failure's cause chain, if any. */
export function networkCode(e: unknown): string | undefined {
  let cur: unknown = e;
  for (let depth = 0; depth < 4 && cur; depth++) {
    const c = cur as { code?: unknown; errors?: unknown[]; cause?: unknown };
    if (typeof c.code === 'string') return c.code;
    if (Array.isArray(c.errors) && c.errors.length) cur = c.errors[0];
    else cur = c.cause;
  }
  return undefined;
}
