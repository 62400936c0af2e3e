import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type RunningHost, startHost } from './server';

let host: RunningHost;
const calls: string[] = [];

function get(
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: host.port, path, headers }, (res) => {
      let body = '';
      res.on('data', (d) => {
        body += d;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

function ws(query: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`ws://127.0.0.1:${host.port}/api${query}`, { headers });
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
    socket.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
}

function rpc(
  socket: WebSocket,
  frame: unknown,
): Promise<{ id: number | null; result: { ok: boolean; value?: unknown; error?: { code: string } } }> {
  return new Promise((resolve) => {
    socket.once('message', (d) => resolve(JSON.parse(d.toString())));
    socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  });
}

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lucarne-host-'));
  const renderer = join(dir, 'renderer');
  mkdirSync(renderer);
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>Lucarne</title>');
  writeFileSync(join(dir, 'secret.txt'), 'outside the renderer');
  host = await startHost({
    rendererDir: renderer,
    engine: async (name, args) => {
      calls.push(name);
      if (name === 'library.listFolders') return [];
      if (name === 'library.removeFolder') return null;
      throw new Error(`unexpected ${name} ${JSON.stringify(args)}`);
    },
    shell: async () => ({
      name: 'Lucarne',
      version: '0',
      host: 'browser',
      platform: 'linux',
      dataDir: '/d',
      osLanguage: 'fr',
      electron: null,
      storeBackend: 'embedded',
    }),
  });
});
afterAll(() => host.close());

describe('browser host', () => {
  it('listens on loopback only', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=/);
  });

  it('answers 401 without its token, and with a wrong one', async () => {
    expect((await get('/')).status).toBe(401);
    expect((await get('/index.html')).status).toBe(401);
    expect((await get('/?token=wrong')).status).toBe(401);
    expect((await get('/', { Cookie: 'lucarne_token=wrong' })).status).toBe(401);
  });

  it('serves the page with the token and sets an HttpOnly cookie for the assets', async () => {
    const r = await get(`/?token=${host.token}`);
    expect(r.status).toBe(200);
    expect(r.body).toContain('<title>Lucarne</title>');
    expect(String(r.headers['set-cookie'])).toMatch(/lucarne_token=.*HttpOnly; SameSite=Strict/);
    expect(String(r.headers['content-security-policy'])).toContain("script-src 'self'");
    expect((await get('/index.html', { Cookie: `lucarne_token=${host.token}` })).status).toBe(200);
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    expect((await get(`/?token=${host.token}`, { Host: 'evil.example:80' })).status).toBe(403);
  });

  it('never serves files outside the renderer folder', async () => {
    for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/%00']) {
      const r = await get(`${p}${p.includes('?') ? '&' : '?'}token=${host.token}`);
      expect(r.status).toBe(404);
      expect(r.body).not.toContain('outside the renderer');
    }
  });

  it('refuses WebSocket connections without the token or from another origin', async () => {
    await expect(ws('')).rejects.toThrow(/401/);
    await expect(ws('?token=nope')).rejects.toThrow(/401/);
    await expect(ws(`?token=${host.token}`, { Origin: 'https://evil.example' })).rejects.toThrow(/403/);
  });

  it('validates every frame and keeps serving after bad ones', async () => {
    const socket = await ws(`?token=${host.token}`, { Origin: host.url.replace(/\/\?.*/, '') });
    calls.length = 0;
    expect((await rpc(socket, 'not json')).result.error?.code).toBe('invalid-arguments');
    expect((await rpc(socket, { id: 1, method: 'fs.read', args: {} })).result.error?.code).toBe('unknown-method');
    expect(
      (await rpc(socket, { id: 2, method: 'library.removeFolder', args: { folderId: 'x' } })).result.error?.code,
    ).toBe('invalid-arguments');
    expect(calls).toEqual([]);
    const ok = await rpc(socket, { id: 3, method: 'library.listFolders', args: {} });
    expect(ok).toEqual({ id: 3, result: { ok: true, value: [] } });
    const info = await rpc(socket, { id: 4, method: 'app.info', args: {} });
    expect(info.result.ok).toBe(true);
    socket.close();
  });

  it('broadcasts events to connected clients', async () => {
    const socket = await ws(`?token=${host.token}`);
    const got = new Promise((resolve) => socket.once('message', (d) => resolve(JSON.parse(d.toString()))));
    host.broadcast('library.changed', { folderId: null });
    expect(await got).toEqual({ event: 'library.changed', payload: { folderId: null } });
    socket.close();
  });
});
