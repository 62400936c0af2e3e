// The browser host's guards: the per-launch token (missing, wrong, right; query then cookie), loopback
// only (the listener, and the peer check for any other path in), the Host and Origin checks against DNS
// rebinding and cross-site pages, and nothing outside the built renderer or the indexed folders readable.
import type { IncomingMessage } from 'node:http';
import { request } from 'node:http';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorize, isLoopbackAddress } from '../../electron/engine/host/auth';
import { CONTENT_SECURITY_POLICY } from '../../shared/security';
import { writeDocument } from './test-support/corpus';
import { requireBuild, tempDir } from './test-support/env';
import { handOver, openSession, type Session } from './test-support/session';

let work: { path: string; cleanup(): void };
let s: Session;
let port: number;

beforeAll(async () => {
  requireBuild();
  work = tempDir('lucarne-sec-');
  const folder = join(work.path, 'docs');
  await writeDocument(join(folder, 'inside.md'), 'markdown', 5, 200, 'Marker insidemark.');
  handOver(folder);
  s = await openSession(join(work.path, 'data'));
  port = Number(new URL(s.origin).port);
  await s.call('library.addFolder', { path: folder });
  await s.idle();
});
afterAll(async () => {
  await s?.stop();
  work?.cleanup();
});

interface Reply {
  status: number;
  body: string;
  setCookie: string[];
  headers: Record<string, string | string[] | undefined>;
}

function get(path: string, headers: Record<string, string> = {}, host = '127.0.0.1'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host, port, path, headers, method: 'GET' }, (res) => {
      let body = '';
      res.on('data', (d) => {
        body += d;
      });
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          body,
          setCookie: res.headers['set-cookie'] ?? [],
          headers: res.headers,
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

function upgrade(query: string, headers: Record<string, string> = {}, path = '/api'): Promise<string> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}${path}${query}`, { headers });
    ws.once('open', () => {
      ws.close();
      resolve('open');
    });
    ws.once('unexpected-response', (_req, res) => resolve(`HTTP ${res.statusCode}`));
    ws.once('error', (e) => resolve(`error ${e.message}`));
  });
}

describe('the browser host refuses', () => {
  it('HTTP without the token or with a wrong one, and accepts the right one (then by cookie)', async () => {
    expect((await get('/')).status).toBe(401);
    expect((await get('/?token=wrong')).status).toBe(401);
    expect((await get(`/?token=${s.host.token}x`)).status).toBe(401);
    expect((await get('/', { Cookie: 'lucarne_token=wrong' })).status).toBe(401);
    const ok = await get(`/?token=${encodeURIComponent(s.host.token)}`);
    expect(ok.status).toBe(200);
    const cookie = ok.setCookie.find((c) => c.startsWith('lucarne_token='));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect((await get('/', { Cookie: cookie!.split(';')[0] })).status).toBe(200);
    // The renderer is served with the same CSP as in Electron, and may not be framed.
    expect(ok.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(ok.headers['x-frame-options']).toBe('DENY');
    expect(ok.headers['x-content-type-options']).toBe('nosniff');
  });

  it('the WebSocket API without the token, with a wrong one, from another origin or path', async () => {
    const t = encodeURIComponent(s.host.token);
    expect(await upgrade('')).toBe('HTTP 401');
    expect(await upgrade('?token=nope')).toBe('HTTP 401');
    expect(await upgrade(`?token=${t}`, { Origin: 'http://evil.example' })).toBe('HTTP 403');
    expect(await upgrade(`?token=${t}`, { Origin: `http://127.0.0.1:${port + 1}` })).toBe('HTTP 403');
    expect(await upgrade(`?token=${t}`, {}, '/not-api')).toBe('HTTP 403');
    expect(await upgrade(`?token=${t}`, { Origin: `http://127.0.0.1:${port}` })).toBe('open');
  });

  it('a Host header that is not the loopback listener (DNS rebinding)', async () => {
    const t = encodeURIComponent(s.host.token);
    expect((await get(`/?token=${t}`, { Host: `evil.example:${port}` })).status).toBe(403);
    expect((await get(`/?token=${t}`, { Host: 'localhost' })).status).toBe(403);
    expect(await upgrade(`?token=${t}`, { Host: `rebind.example:${port}` })).toBe('HTTP 403');
  });

  it('connections to this machine’s non-loopback addresses (it listens on 127.0.0.1 only)', async () => {
    const addresses = Object.values(networkInterfaces())
      .flat()
      .filter((a) => a && !a.internal)
      .map((a) => a!.address);
    if (addresses.length === 0) console.log('no non-loopback interface here: only the unit checks below apply');
    for (const address of addresses) {
      const outcome = await new Promise<string>((resolve) => {
        const sock = connect({ host: address, port, timeout: 3000 });
        sock.once('connect', () => {
          sock.destroy();
          resolve('connected');
        });
        sock.once('timeout', () => {
          sock.destroy();
          resolve('timeout');
        });
        sock.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
      });
      expect(outcome, address).not.toBe('connected');
    }
  });

  it('any non-loopback peer, even with the right token (unit check of the guard itself)', () => {
    for (const a of ['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1']) expect(isLoopbackAddress(a), a).toBe(true);
    for (const a of [
      '192.0.2.2',
      '10.0.0.1',
      '0.0.0.0',
      '::',
      'fd00::2',
      '::ffff:192.0.2.2',
      '128.0.0.1',
      'localhost',
      '',
      undefined,
    ]) {
      expect(isLoopbackAddress(a), String(a)).toBe(false);
    }
    const fake = (remoteAddress: string, url: string, host: string) =>
      ({ socket: { remoteAddress }, url, headers: { host } }) as unknown as IncomingMessage;
    const token = 'secret-token';
    expect(authorize(fake('127.0.0.1', `/?token=${token}`, '127.0.0.1:5000'), token, 5000).ok).toBe(true);
    const remote = authorize(fake('192.0.2.2', `/?token=${token}`, '127.0.0.1:5000'), token, 5000);
    expect(remote).toMatchObject({ ok: false, status: 403 });
    const mapped = authorize(fake('::ffff:10.1.2.3', `/?token=${token}`, '127.0.0.1:5000'), token, 5000);
    expect(mapped).toMatchObject({ ok: false, status: 403 });
  });

  it('files outside the built renderer, however the path is spelled', async () => {
    const t = `token=${encodeURIComponent(s.host.token)}`;
    for (const p of [
      '/../../../../etc/passwd',
      '/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
      '/..%2f..%2f..%2f..%2fetc%2fpasswd',
      '/%252e%252e/etc/passwd',
      '/assets/..%5c..%5c..%5cetc%5cpasswd',
      '//etc/passwd',
      '/etc/passwd',
      '/%00/etc/passwd',
      `/${encodeURIComponent(join(work.path, 'docs', 'inside.md'))}`,
      `/..${join(work.path, 'docs', 'inside.md')}`,
    ]) {
      const r = await get(`${p}${p.includes('?') ? '&' : '?'}${t}`);
      expect(r.status, p).toBe(404);
      expect(r.body).not.toMatch(/root:|insidemark/);
    }
  });

  it('documents outside the indexed folders through the API', async () => {
    const docs = await s.documents();
    const max = Math.max(...docs.map((d) => d.id));
    for (const method of ['source.get', 'source.pdf', 'library.openFile', 'library.showInFolder']) {
      const r = await s.api.result(method, { documentId: max + 1000 });
      expect(r.ok, method).toBe(false);
      if (!r.ok) expect(r.error.code, method).toBe('forbidden');
    }
    // Paths are never accepted where an id is expected, and no method reads an arbitrary path.
    const byPath = await s.api.result('source.get', { documentId: '/etc/passwd' });
    expect(byPath).toMatchObject({ ok: false, error: { code: 'invalid-arguments' } });
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'http://user:pw@example.org/']) {
      const r = await s.api.result('app.openExternal', { url });
      expect(r.ok, url).toBe(false);
    }
    // The one document that is inside is readable.
    const inside = docs[0];
    const src = await s.call<{ text: string }>('source.get', { documentId: inside.id });
    expect(src.text).toContain('insidemark');
  });
});
