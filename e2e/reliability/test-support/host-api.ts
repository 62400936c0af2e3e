// A WebSocket client for the browser host's API, as the renderer's transport speaks it: frames
// `{id, method, args}` answered by `{id, result}`, events `{event, payload}`.
import WebSocket from 'ws';
import type { ApiResult } from '../../../shared/api';

export interface HostApi {
  /** Resolves with the value; rejects with the error message when the result is not ok. */
  call<T = unknown>(method: string, args?: unknown): Promise<T>;
  /** The raw result, ok or not. */
  result(method: unknown, args?: unknown): Promise<ApiResult<unknown>>;
  /** Sends any frame (text or binary) and resolves with the next answer that is not to a call() (or null on timeout). */
  raw(frame: string | Buffer, timeoutMs?: number): Promise<unknown>;
  readonly socket: WebSocket;
  close(): void;
}

export function apiUrl(origin: string, token: string): string {
  const u = new URL(origin);
  return `ws://${u.host}/api?token=${encodeURIComponent(token)}`;
}

export async function connectApi(
  origin: string,
  token: string,
  headers: Record<string, string> = {},
): Promise<HostApi> {
  const socket = new WebSocket(apiUrl(origin, token), { headers });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
    socket.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: HTTP ${res.statusCode}`)));
  });
  let nextId = 1;
  const pending = new Map<number, (r: ApiResult<unknown>) => void>();
  const orphans: ((frame: unknown) => void)[] = [];
  socket.on('message', (data) => {
    const frame = JSON.parse(data.toString()) as { id?: number | null; result?: ApiResult<unknown>; event?: string };
    if (typeof frame.id === 'number' && frame.result && pending.has(frame.id)) {
      pending.get(frame.id)?.(frame.result);
      pending.delete(frame.id);
    } else if (frame.result) {
      orphans.shift()?.(frame); // an answer to a raw frame (its id, if any, was not one of ours)
    }
  });
  let closed: string | null = null;
  socket.on('close', (code) => {
    closed = `the connection closed (${code})`;
    for (const resolve of pending.values()) resolve({ ok: false, error: { code: 'unavailable', message: closed } });
    pending.clear();
  });
  const result = (method: unknown, args?: unknown) => {
    const id = nextId++;
    return new Promise<ApiResult<unknown>>((resolve) => {
      if (closed) {
        resolve({ ok: false, error: { code: 'unavailable', message: closed } });
        return;
      }
      pending.set(id, resolve);
      socket.send(JSON.stringify({ id, method, args }));
    });
  };
  return {
    socket,
    result,
    async call<T>(method: string, args: unknown = {}) {
      const r = await result(method, args);
      if (!r.ok) throw new Error(`${method}: ${r.error.code}: ${r.error.message}`);
      return r.value as T;
    },
    raw(frame, timeoutMs = 5000) {
      return new Promise((resolve) => {
        const timer = setTimeout(() => resolve(null), timeoutMs);
        orphans.push((f) => {
          clearTimeout(timer);
          resolve(f);
        });
        socket.send(frame);
      });
    },
    close() {
      socket.close();
    },
  };
}
