// Reading the servers' JSON without trusting it: the two checks every response parser of both kinds needs.
export type Json = Record<string, unknown>;

/** A JSON object (not null, not an array). */
export function isRecord(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A finite number, or undefined (token counts and the like, when a server sends them). */
export function count(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}
