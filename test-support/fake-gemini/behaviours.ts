// What the fake server does with the next requests. A test scripts a queue of behaviours; each request takes
// the first queued one whose `only` matches it (or that has no `only`), otherwise it is answered normally.

/** embed = batchEmbedContents/embedContent · generate = generateContent/streamGenerateContent · models = GET models */
export type RequestKind = 'embed' | 'generate' | 'models';

interface Scoped {
  /** Restrict the behaviour to these kinds of request (default: the next request of any kind). */
  only?: RequestKind | RequestKind[];
}

export type Behaviour = Scoped &
  (
    | { type: 'ok' }
    /** 429 RESOURCE_EXHAUSTED; optional Retry-After header (s) and/or RetryInfo.retryDelay in the body (s). */
    | { type: 'rate-limit'; retryAfterSeconds?: number; retryDelaySeconds?: number }
    /** 5xx with Google's body for that status (500 INTERNAL, 503 UNAVAILABLE...). */
    | { type: 'server-error'; status?: 500 | 502 | 503 | 504 }
    /** 200 with a body that is not JSON. */
    | { type: 'malformed' }
    /** 200 with valid JSON that lacks the expected fields (`{}`). */
    | { type: 'empty' }
    /** Accept the request and never answer (the client must time out or abort). */
    | { type: 'hang' }
    /** Stream (or answer) with this text, one word every `intervalMs`. */
    | { type: 'slow-stream'; intervalMs: number; text?: string }
    /** Destroy the connection: before any response (afterChunks 0) or after N streamed chunks. */
    | { type: 'drop'; afterChunks?: number }
    /** Answer a generation with exactly this text. */
    | { type: 'answer'; text: string; finishReason?: string }
    /** Any status and JSON body, e.g. a 404 or a 400 INVALID_ARGUMENT. */
    | { type: 'http'; status: number; body: unknown; headers?: Record<string, string> }
  );

export function behaviourApplies(b: Behaviour, kind: RequestKind): boolean {
  if (!b.only) return true;
  return Array.isArray(b.only) ? b.only.includes(kind) : b.only === kind;
}
