// A one-way signal from the window-wide drop handler to the library page: "ask for a path".
type Listener = (reason: PathRequest) => void;
export interface PathRequest {
  /** Names of the dropped items, when the browser would not give their paths. */
  names: string[];
}

const listeners = new Set<Listener>();
let pending: PathRequest | null = null;

export function requestPathEntry(req: PathRequest): void {
  if (listeners.size === 0) pending = req;
  for (const l of listeners) l(req);
}

/** Listens for requests; a request made before the page mounted is delivered at once. */
export function onPathRequest(l: Listener): () => void {
  listeners.add(l);
  if (pending) {
    l(pending);
    pending = null;
  }
  return () => listeners.delete(l);
}

export function consumePathRequest(): void {
  pending = null;
}
