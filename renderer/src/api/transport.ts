// The renderer's way to the engine: window.lucarne (Electron preload) or a WebSocket (browser host).
import type {
  ApiResult,
  EventName,
  EventPayload,
  LucarneApi,
  MethodArgs,
  MethodName,
  MethodResult,
} from '../../../shared/api';

declare global {
  interface Window {
    lucarne?: LucarneApi;
  }
}

type Pending = { resolve: (r: ApiResult<unknown>) => void };

/** The browser host speaks JSON frames: {id, method, args} → {id, result}; events arrive as {event, payload}. */
export function createWebSocketApi(url: string): LucarneApi {
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  const pending = new Map<number, Pending>();
  const queue: string[] = [];
  let nextId = 1;
  let socket: WebSocket | null = null;
  let retryMs = 250;

  const connect = () => {
    const ws = new WebSocket(url);
    socket = ws;
    ws.onopen = () => {
      retryMs = 250;
      for (const frame of queue.splice(0)) ws.send(frame);
    };
    ws.onmessage = (ev) => {
      const msg = JSON.parse(String(ev.data)) as {
        id?: number;
        result?: ApiResult<unknown>;
        event?: string;
        payload?: unknown;
      };
      if (typeof msg.id === 'number' && msg.result) {
        pending.get(msg.id)?.resolve(msg.result);
        pending.delete(msg.id);
      } else if (msg.event) {
        for (const l of listeners.get(msg.event) ?? []) l(msg.payload);
      }
    };
    ws.onclose = () => {
      socket = null;
      // Calls in flight are lost with the connection: fail them so the UI can say so.
      for (const [id, p] of pending) {
        p.resolve({
          ok: false,
          error: { code: 'unavailable', message: 'Lost the connection to Lucarne; reconnecting…' },
        });
        pending.delete(id);
      }
      setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, 5000);
    };
  };
  connect();

  return {
    call<M extends MethodName>(name: M, args: MethodArgs<M>) {
      const id = nextId++;
      const frame = JSON.stringify({ id, method: name, args });
      return new Promise<ApiResult<MethodResult<M>>>((resolve) => {
        pending.set(id, { resolve: resolve as (r: ApiResult<unknown>) => void });
        if (socket && socket.readyState === WebSocket.OPEN) socket.send(frame);
        else queue.push(frame);
      });
    },
    on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void) {
      const set = listeners.get(name) ?? new Set();
      set.add(listener as (p: unknown) => void);
      listeners.set(name, set);
      return () => set.delete(listener as (p: unknown) => void);
    },
  };
}

/** Picks the transport: the preload bridge inside Electron, else the browser host's WebSocket. */
export function pickTransport(): LucarneApi {
  if (window.lucarne) return window.lucarne;
  // The host also sets an HttpOnly cookie when the page is opened with its token; the query is for reloads.
  const token =
    new URLSearchParams(window.location.search).get('token') ?? sessionStorage.getItem('lucarne-token') ?? '';
  if (token) sessionStorage.setItem('lucarne-token', token);
  const proto = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  return createWebSocketApi(`${proto}//${window.location.host}/api?token=${encodeURIComponent(token)}`);
}
