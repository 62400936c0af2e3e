// What a fake local model server (fake-ollama, fake-openai) does with the next requests. A test scripts a
// queue of behaviours; each request takes the first queued one whose `only` matches it (or that has no
// `only`), otherwise it is answered normally. "Down" is not a behaviour but a state of the server
// (FakeLocalServer.down()): its port is closed, as when the server is not running.

/** models = the model list · show = one model's details (Ollama) · version (Ollama) · embed · chat */
export type LocalRequestKind = 'models' | 'show' | 'version' | 'embed' | 'chat';

interface Scoped {
  /** Restrict the behaviour to these kinds of request (default: the next request of any kind). */
  only?: LocalRequestKind | LocalRequestKind[];
}

export type LocalBehaviour = Scoped &
  (
    | { type: 'ok' }
    /** The server's own error body with this status (default 500) and message. */
    | { type: 'server-error'; status?: number; message?: string }
    /** 200 with a body that is not the protocol: cut JSON, or a line of garbage after the first stream chunk. */
    | { type: 'garbage' }
    /** Streams: destroy the connection after N chunks (default half the answer); others: before answering. */
    | { type: 'cut'; afterChunks?: number }
    /** Streams: end the response cleanly after N chunks, without the final message. */
    | { type: 'end-early'; afterChunks?: number }
    /** Streams: the answer one word every `intervalMs` (cancel tests). */
    | { type: 'slow'; intervalMs: number; text?: string }
    /** Accept the request and never answer. */
    | { type: 'hang' }
    /** Embeddings: one vector fewer than texts. */
    | { type: 'wrong-count' }
    /** Embeddings: a NaN inside a vector, as Python servers write it (not valid JSON). */
    | { type: 'bad-numbers' }
    /** Embeddings (OpenAI): the data items in reverse order, each with its right index. */
    | { type: 'reversed' }
    /** Streams: after N chunks (default 1), an error reported inside the 200 stream, then the end. */
    | { type: 'stream-error'; afterChunks?: number; message?: string }
    /** Chat: answer exactly this text. */
    | { type: 'answer'; text: string }
    /** Any status and JSON body. */
    | { type: 'http'; status: number; body: unknown }
  );

export function behaviourApplies(b: LocalBehaviour, kind: LocalRequestKind): boolean {
  if (!b.only) return true;
  return Array.isArray(b.only) ? b.only.includes(kind) : b.only === kind;
}
