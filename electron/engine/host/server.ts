// The browser host: serves the built renderer and the same API as Electron's preload, over a WebSocket
// on 127.0.0.1 with a random per-launch token. It is how the UI is tested in Chromium, and how someone
// without a desktop session (or where Electron cannot run) still uses Lucarne.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';
import { CONTENT_SECURITY_POLICY } from '../../../shared/security';
import { dispatch, type MethodHandler } from '../rpc';
import { authorize, COOKIE_NAME } from './auth';
import { resolveStatic, sendFile } from './static-files';

export interface HostOptions {
  rendererDir: string;
  engine: MethodHandler;
  shell: MethodHandler;
  port?: number;
  token?: string;
  log?: (msg: string) => void;
}

export interface RunningHost {
  url: string;
  port: number;
  token: string;
  server: Server;
  broadcast(event: string, payload: unknown): void;
  close(): Promise<void>;
}

const SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cache-Control': 'no-store',
};

const MAX_FRAME_BYTES = 4 * 1024 * 1024;

export async function startHost(opts: HostOptions): Promise<RunningHost> {
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const log = opts.log ?? (() => {});
  const clients = new Set<WebSocket>();
  let port = 0;

  const server = createServer((req, res) => {
    const verdict = authorize(req, token, port);
    if (!verdict.ok) {
      res.writeHead(verdict.status, { 'Content-Type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS });
      res.end(
        verdict.status === 401
          ? 'Lucarne: this address needs the token printed when Lucarne started (open the full URL).\n'
          : 'Lucarne: refused.\n',
      );
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, SECURITY_HEADERS).end();
      return;
    }
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const file = resolveStatic(opts.rendererDir, path);
    if (!file) {
      res.writeHead(404, { 'Content-Type': 'text/plain', ...SECURITY_HEADERS }).end('Not found\n');
      return;
    }
    const headers: Record<string, string> = { ...SECURITY_HEADERS };
    if (verdict.viaQuery) {
      headers['Set-Cookie'] = `${COOKIE_NAME}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`;
    }
    sendFile(res, file, headers);
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  server.on('upgrade', (req: IncomingMessage, socket, head) => {
    const verdict = authorize(req, token, port);
    const origin = req.headers.origin;
    const originOk = !origin || origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    if (!verdict.ok || !originOk || path !== '/api') {
      socket.write(`HTTP/1.1 ${verdict.ok ? 403 : verdict.status} Refused\r\nConnection: close\r\n\r\n`);
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      clients.add(ws);
      ws.on('close', () => clients.delete(ws));
      // An oversized or malformed frame is this client's problem, never the host's: drop the connection.
      ws.on('error', (err) => {
        log(`closed a WebSocket client: ${err.message}`);
        ws.terminate();
      });
      ws.on('message', (data) => void onFrame(ws, data.toString()));
    });
  });

  async function onFrame(ws: WebSocket, raw: string): Promise<void> {
    let frame: { id?: unknown; method?: unknown; args?: unknown };
    try {
      frame = JSON.parse(raw);
    } catch {
      ws.send(
        JSON.stringify({
          id: null,
          result: { ok: false, error: { code: 'invalid-arguments', message: 'Malformed frame: not JSON.' } },
        }),
      );
      return;
    }
    const id = typeof frame?.id === 'number' ? frame.id : null;
    const result = await dispatch(frame?.method, frame?.args, { engine: opts.engine, shell: opts.shell }, log);
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ id, result }));
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}/?token=${token}`;

  return {
    url,
    port,
    token,
    server,
    broadcast(event, payload) {
      const frame = JSON.stringify({ event, payload });
      for (const c of clients) if (c.readyState === c.OPEN) c.send(frame);
    },
    async close() {
      for (const c of clients) c.terminate();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
