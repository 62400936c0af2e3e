// The part every fake local model server shares (fake-ollama, fake-openai): an HTTP server on 127.0.0.1 that
// records each request, hands it the next scripted behaviour, streams answers with the failures a real server
// shows (cut connection, early end, garbage line, in-band error, slow tokens), and can go down and come back
// on the same port. The protocol modules only say what to answer.
//
// Out-of-process users (e2e, the CLIs) drive it over HTTP: POST /__fake/script (JSON LocalBehaviour[]),
// GET /__fake/requests, POST /__fake/reset, POST /__fake/down {"forMs": N}. Those are never recorded.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { behaviourApplies, type LocalBehaviour, type LocalRequestKind } from './behaviours';

export type { LocalBehaviour, LocalRequestKind } from './behaviours';

export interface RecordedLocalRequest {
  seq: number;
  method: string;
  /** URL path without query, e.g. /api/embed or /v1/chat/completions */
  path: string;
  /** Lower-cased request headers. */
  headers: Record<string, string>;
  /** Parsed JSON body (the raw text when it is not JSON; null when empty). */
  body: unknown;
  kind: LocalRequestKind | 'other';
  behaviour: LocalBehaviour['type'];
  status: number | null;
  /** The client closed the connection before the server finished answering (abort, timeout). */
  clientClosedEarly: boolean;
  /** The response was fully written. */
  completed: boolean;
  receivedAt: number;
  closedAt: number | null;
}

/** One request being answered. */
export interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  rec: RecordedLocalRequest;
  body: unknown;
  behaviour: LocalBehaviour;
  /** Runs `fn` after `ms`, unless the server closes first. */
  later(ms: number, fn: () => void): void;
}

export interface FakeServerSpec {
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Which protocol request a method and path are; null when they are not part of the protocol. */
  kindOf(method: string, path: string): LocalRequestKind | null;
  /** Answers a protocol request, its behaviour already chosen. */
  handle(x: Exchange): void | Promise<void>;
  /** Answers a path that is not part of the protocol, as the real server does. */
  notFound(x: Exchange): void;
}

export interface FakeLocalServer {
  /** http://127.0.0.1:PORT (no path). */
  url: string;
  port: number;
  requests: RecordedLocalRequest[];
  /** Queue behaviours for the next requests (appended to what is already queued). */
  script(next: LocalBehaviour[]): void;
  /** Behaviours not yet consumed. */
  pending(): LocalBehaviour[];
  /** Forget recorded requests and queued behaviours. */
  reset(): void;
  /** Resolves when `predicate(requests)` holds (checked every 5 ms), rejects after `timeoutMs` (default 5 s). */
  waitFor(predicate: (requests: RecordedLocalRequest[]) => boolean, timeoutMs?: number): Promise<void>;
  /** Closes the port and every connection (the server is "not running"); back after `forMs` if given. */
  down(forMs?: number): Promise<void>;
  /** Listens again on the same port. */
  up(): Promise<void>;
  close(): Promise<void>;
}

/** How a protocol streams one answer. */
export interface StreamPlan {
  contentType: string;
  /** The answer's chunks, serialised (an NDJSON line, an SSE event). */
  chunks: string[];
  /** What closes a complete answer (the done line; the finish chunk, usage and [DONE]). */
  final: string[];
  /** A line that breaks the protocol. */
  garbage: string;
  /** An error reported inside the stream. */
  error(message: string): string;
}

const MAX_BODY = 64 * 1024 * 1024;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Error('body too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export function sendJson(x: Pick<Exchange, 'res' | 'rec'> | ServerResponse, status: number, body: unknown): void {
  const res = 'res' in x ? x.res : x;
  if ('rec' in x) x.rec.status = status;
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

export function sendText(x: Exchange, status: number, text: string, contentType = 'text/plain; charset=utf-8') {
  x.rec.status = status;
  x.res.writeHead(status, { 'content-type': contentType });
  x.res.end(text);
}

/** Streams `plan` as the exchange's behaviour says (normal, slow, cut, early end, garbage, in-band error). */
export function writeStream(x: Exchange, plan: StreamPlan, chunkDelayMs: number): void {
  const b = x.behaviour;
  const half = Math.max(1, Math.floor(plan.chunks.length / 2));
  const stopAt =
    b.type === 'cut' || b.type === 'end-early'
      ? (b.afterChunks ?? half)
      : b.type === 'garbage'
        ? 1
        : b.type === 'stream-error'
          ? (b.afterChunks ?? 1)
          : Number.POSITIVE_INFINITY;
  const interval = b.type === 'slow' ? b.intervalMs : chunkDelayMs;
  x.rec.status = 200;
  x.res.writeHead(200, { 'content-type': plan.contentType, 'cache-control': 'no-cache' });
  let i = 0;
  const next = () => {
    if (x.res.destroyed) return;
    if (i >= stopAt || i >= plan.chunks.length) {
      if (b.type === 'cut') return void x.res.socket?.destroy();
      if (b.type === 'garbage') x.res.write(plan.garbage);
      else if (b.type === 'stream-error') x.res.write(plan.error(b.message ?? 'llama runner process has terminated'));
      else if (b.type !== 'end-early') for (const f of plan.final) x.res.write(f);
      x.res.end();
      return;
    }
    x.res.write(plan.chunks[i++]);
    if (interval > 0) x.later(interval, next);
    else setImmediate(next);
  };
  next();
}

export async function startFakeLocalServer(spec: FakeServerSpec): Promise<FakeLocalServer> {
  const requests: RecordedLocalRequest[] = [];
  let queue: LocalBehaviour[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let seq = 0;
  const host = spec.host ?? '127.0.0.1';

  const later = (ms: number, fn: () => void) => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  };

  const take = (kind: LocalRequestKind): LocalBehaviour => {
    const i = queue.findIndex((b) => behaviourApplies(b, kind));
    if (i < 0) return { type: 'ok' };
    return queue.splice(i, 1)[0];
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    if (url.pathname.startsWith('/__fake/')) return control(req, res, url.pathname);
    const raw = await readBody(req);
    let body: unknown = null;
    if (raw) {
      try {
        body = JSON.parse(raw);
      } catch {
        body = raw;
      }
    }
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = [v].flat().join(', ');
    const kind = spec.kindOf(req.method ?? 'GET', url.pathname);
    const rec: RecordedLocalRequest = {
      seq: ++seq,
      method: req.method ?? 'GET',
      path: url.pathname,
      headers,
      body,
      kind: kind ?? 'other',
      behaviour: 'ok',
      status: null,
      clientClosedEarly: false,
      completed: false,
      receivedAt: Date.now(),
      closedAt: null,
    };
    requests.push(rec);
    let droppedByServer = false;
    res.on('finish', () => {
      rec.completed = true;
    });
    res.on('close', () => {
      rec.closedAt = Date.now();
      if (!res.writableFinished && !droppedByServer) rec.clientClosedEarly = true;
    });
    const x: Exchange = { req, res, rec, body, behaviour: { type: 'ok' }, later };
    if (!kind) return spec.notFound(x);
    x.behaviour = take(kind);
    rec.behaviour = x.behaviour.type;
    const streaming = kind === 'chat';
    switch (x.behaviour.type) {
      case 'hang':
        return;
      case 'http':
        return sendJson(x, x.behaviour.status, x.behaviour.body);
      case 'cut':
        if (!streaming) {
          droppedByServer = true;
          req.socket.destroy();
          return;
        }
        droppedByServer = true;
        break;
    }
    await spec.handle(x);
  };

  const control = async (req: IncomingMessage, res: ServerResponse, path: string) => {
    if (path === '/__fake/requests') return sendJson(res, 200, requests);
    if (path === '/__fake/reset' && req.method === 'POST') {
      api.reset();
      return sendJson(res, 200, { ok: true });
    }
    try {
      const parsed: unknown = JSON.parse((await readBody(req)) || 'null');
      if (path === '/__fake/script' && req.method === 'POST') {
        if (!Array.isArray(parsed)) throw new Error('expected an array of behaviours');
        api.script(parsed as LocalBehaviour[]);
        return sendJson(res, 200, { queued: queue.length });
      }
      if (path === '/__fake/down' && req.method === 'POST') {
        const forMs = Number((parsed as { forMs?: unknown } | null)?.forMs ?? 1000);
        sendJson(res, 200, { downForMs: forMs });
        res.on('finish', () => void api.down(forMs));
        return;
      }
    } catch (e) {
      return sendJson(res, 400, { error: String(e) });
    }
    return sendJson(res, 404, { error: 'unknown control path' });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: String(e) });
      else res.destroy(e instanceof Error ? e : undefined);
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  const stop = () => {
    for (const s of sockets) s.destroy();
    return new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve()));
  };
  await listen(spec.port ?? 0);
  const { port } = server.address() as AddressInfo;

  const api: FakeLocalServer = {
    url: `http://${host}:${port}`,
    port,
    requests,
    script: (next) => void queue.push(...next),
    pending: () => [...queue],
    reset() {
      requests.length = 0;
      queue = [];
    },
    waitFor(predicate, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const started = Date.now();
        const tick = () => {
          if (predicate(requests)) return resolve();
          if (Date.now() - started > timeoutMs) return reject(new Error('fake server: waitFor timed out'));
          setTimeout(tick, 5);
        };
        tick();
      });
    },
    async down(forMs) {
      await stop();
      if (forMs !== undefined) later(forMs, () => void api.up());
    },
    async up() {
      if (!server.listening) await listen(port);
    },
    close() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      return stop();
    },
  };
  return api;
}
