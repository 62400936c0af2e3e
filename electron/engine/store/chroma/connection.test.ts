// The connection test and its error messages against a real Chroma server (npm package), a token-checking
// proxy in front of it (Chroma 1.x leaves auth to a proxy), and stand-ins for servers of the wrong kind.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChromaServer, freePort, startChroma } from '../../../../test-support/chroma-server';
import { collectionNameFor, parseChromaUrl, resolveStoreChoice } from './config';
import {
  ChromaBackendError,
  ChromaConnection,
  type ChromaStatus,
  compareVersions,
  testChromaConnection,
} from './connection';

const cfg = (url: string, extra: { token?: string; database?: string } = {}) => ({
  url,
  tenant: 'default_tenant',
  database: extra.database ?? 'default_database',
  collectionPrefix: 'lucarne-test',
  ...(extra.token ? { token: extra.token } : {}),
});

async function listen(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<{ server: Server; url: string }> {
  const server = createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

let chroma: ChromaServer;
let proxy: { server: Server; url: string };
const TOKEN = 'team-secret-token';

beforeAll(async () => {
  chroma = await startChroma();
  // A reverse proxy that checks a bearer token, as a team would put in front of Chroma.
  proxy = await listen(async (req, res) => {
    if (req.headers.authorization !== `Bearer ${TOKEN}`) return json(res, 401, { error: 'Unauthorized' });
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const upstream = await fetch(`${chroma.url}${req.url}`, {
      method: req.method,
      headers: { 'content-type': req.headers['content-type'] ?? 'application/json' },
      body: chunks.length ? Buffer.concat(chunks) : undefined,
    });
    res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' });
    res.end(Buffer.from(await upstream.arrayBuffer()));
  });
});

afterAll(async () => {
  await new Promise((r) => proxy?.server.close(r));
  await chroma?.dispose();
});

describe('testChromaConnection', () => {
  it('reports the version, batch size and latency of a running server', async () => {
    const r = await testChromaConnection(cfg(chroma.url));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(compareVersions(r.version, '1.0.0')).toBeGreaterThanOrEqual(0);
    expect(r.maxBatchSize).toBeGreaterThan(0);
    expect(r.url).toBe(chroma.url);
  });

  it('says the server is unreachable when nothing listens', async () => {
    const port = await freePort();
    const r = await testChromaConnection(cfg(`http://127.0.0.1:${port}`));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problem).toBe('unreachable');
    expect(r.message).toContain(`127.0.0.1:${port}`);
    expect(r.message).toMatch(/connection refused/);
  });

  it('recognises an old Chroma (API v1) and says which version it is', async () => {
    const old = await listen((req, res) => {
      if (req.url === '/api/v1/heartbeat') return json(res, 200, { 'nanosecond heartbeat': 1 });
      if (req.url === '/api/v1/version') return json(res, 200, '0.5.23');
      json(res, 404, { detail: 'Not Found' });
    });
    try {
      const r = await testChromaConnection(cfg(old.url));
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.problem).toBe('wrong-version');
      expect(r.message).toContain('0.5.23');
      expect(r.message).toMatch(/API v1/);
    } finally {
      await new Promise((r) => old.server.close(r));
    }
  });

  it('refuses an API v2 server older than 1.0 and a server that is not Chroma at all', async () => {
    const early = await listen((req, res) => {
      if (req.url === '/api/v2/heartbeat') return json(res, 200, { 'nanosecond heartbeat': 1 });
      if (req.url === '/api/v2/version') return json(res, 200, '0.6.3');
      json(res, 404, {});
    });
    const other = await listen((_req, res) => {
      res.writeHead(404, { 'content-type': 'text/html' });
      res.end('<h1>nope</h1>');
    });
    try {
      const a = await testChromaConnection(cfg(early.url));
      expect(a.ok === false && a.problem).toBe('wrong-version');
      expect(a.ok === false && a.message).toContain('0.6.3');
      const b = await testChromaConnection(cfg(other.url));
      expect(b.ok === false && b.problem).toBe('wrong-version');
      expect(b.ok === false && b.message).toMatch(/does not answer like a Chroma server/);
    } finally {
      await new Promise((r) => early.server.close(r));
      await new Promise((r) => other.server.close(r));
    }
  });

  it('tells a missing token from a wrong one, and passes with the right one', async () => {
    const none = await testChromaConnection(cfg(proxy.url));
    expect(none.ok === false && none.problem).toBe('unauthorized');
    expect(none.ok === false && none.message).toMatch(/requires a token/);
    const wrong = await testChromaConnection(cfg(proxy.url, { token: 'nope' }));
    expect(wrong.ok === false && wrong.problem).toBe('unauthorized');
    expect(wrong.ok === false && wrong.message).toMatch(/rejected the token/);
    expect(wrong.ok === false && wrong.message).not.toContain('nope');
    const right = await testChromaConnection(cfg(proxy.url, { token: TOKEN }));
    expect(right.ok).toBe(true);
  });

  it('the client sends the token on every request (collections work through the proxy)', async () => {
    const conn = await ChromaConnection.connect(cfg(proxy.url, { token: TOKEN }));
    const col = await conn.run('create', (c) =>
      c.getOrCreateCollection({
        name: 'proxy-check',
        embeddingFunction: null,
        configuration: { hnsw: { space: 'ip' } },
      }),
    );
    await conn.run('add', () => col.add({ ids: ['1'], embeddings: [[1, 0, 0]] }));
    expect(await conn.run('count', () => col.count())).toBe(1);
  });

  it('reports a missing database, or creates it when asked', async () => {
    const missing = await testChromaConnection(cfg(chroma.url, { database: 'team_db' }));
    expect(missing.ok === false && missing.problem).toBe('not-found');
    expect(missing.ok === false && missing.message).toContain('team_db');
    const created = await testChromaConnection(cfg(chroma.url, { database: 'team_db' }), { createDatabase: true });
    expect(created.ok && created.createdDatabase).toBe(true);
    const again = await testChromaConnection(cfg(chroma.url, { database: 'team_db' }));
    expect(again.ok).toBe(true);
  });

  it('rejects URLs the client cannot use', async () => {
    const r = await testChromaConnection(cfg('http://127.0.0.1:8000/chroma'));
    expect(r.ok === false && r.problem).toBe('bad-config');
    expect(() => parseChromaUrl('ftp://x')).toThrow(/http/);
    expect(() => parseChromaUrl('http://user:pw@host:1')).toThrow(/CHROMA_TOKEN/);
    expect(parseChromaUrl('chroma.example.org')).toMatchObject({ host: 'chroma.example.org', port: 80, ssl: false });
    expect(parseChromaUrl('https://chroma.example.org')).toMatchObject({ port: 443, ssl: true });
  });
});

describe('ChromaConnection.run', () => {
  it('rides out a server restart, reporting reconnecting then connected', async () => {
    const server = await startChroma();
    try {
      const conn = await ChromaConnection.connect(cfg(server.url));
      const seen: ChromaStatus[] = [];
      conn.onStatus((s) => seen.push(s));
      await server.kill();
      const back = setTimeout(() => void server.restart(), 700);
      try {
        const beat = await conn.run('heartbeat', (c) => c.heartbeat(), { retryForMs: 20_000 });
        expect(beat).toBeGreaterThan(0);
      } finally {
        clearTimeout(back);
      }
      expect(seen).toEqual(['reconnecting', 'connected']);
    } finally {
      await server.dispose();
    }
  });

  it('gives up after its retry window with a clear error and status "down"', async () => {
    const server = await startChroma();
    const conn = await ChromaConnection.connect(cfg(server.url));
    await server.dispose();
    const started = Date.now();
    const err = await conn.run('heartbeat', (c) => c.heartbeat(), { retryForMs: 600 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChromaBackendError);
    expect((err as ChromaBackendError).problem).toBe('unreachable');
    expect((err as Error).message).toContain(server.url);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(conn.status).toBe('down');
  });

  it('does not retry what can never succeed (a wrong dimension)', async () => {
    const conn = await ChromaConnection.connect(cfg(chroma.url));
    const col = await conn.run('create', (c) =>
      c.getOrCreateCollection({
        name: 'dims-check',
        embeddingFunction: null,
        configuration: { hnsw: { space: 'ip' } },
      }),
    );
    await conn.run('add', () => col.add({ ids: ['1'], embeddings: [[1, 0, 0]] }));
    const err = await conn
      .run('add', () => col.add({ ids: ['2'], embeddings: [[1, 0]] }), { retryForMs: 60_000 })
      .catch((e) => e);
    expect((err as ChromaBackendError).problem).toBe('bad-request');
    expect((err as Error).message).toMatch(/dimension/);
  });
});

describe('settings and names', () => {
  it('resolves flags over settings over defaults, and the token only from flag or environment', () => {
    const saved = {
      store: 'embedded' as const,
      chroma: { url: 'http://saved:1', tenant: 't', database: 'd', collectionPrefix: 'p' },
    };
    expect(resolveStoreChoice({}, saved, {}).backend).toBe('embedded');
    const byUrl = resolveStoreChoice({ 'chroma-url': 'http://flag:2' }, saved, { CHROMA_TOKEN: 'env-token' });
    expect(byUrl).toEqual({
      backend: 'chroma',
      chroma: { url: 'http://flag:2', tenant: 't', database: 'd', collectionPrefix: 'p', token: 'env-token' },
    });
    const byFlag = resolveStoreChoice({ store: 'chroma', 'chroma-token': 'flag-token' }, saved, {
      CHROMA_TOKEN: 'env',
    });
    expect(byFlag.chroma.token).toBe('flag-token');
    expect(byFlag.chroma.url).toBe('http://saved:1');
    expect(() => resolveStoreChoice({ store: 'elastic' }, saved, {})).toThrow(/embedded.*chroma/);
    const defaults = resolveStoreChoice({ store: 'chroma' }, {}, {});
    expect(defaults.chroma).toEqual({
      url: 'http://127.0.0.1:8000',
      tenant: 'default_tenant',
      database: 'default_database',
      collectionPrefix: 'lucarne',
    });
  });

  it('makes valid, distinct Chroma collection names from any model id', () => {
    const valid = /^[A-Za-z0-9][A-Za-z0-9._-]{1,510}[A-Za-z0-9]$/;
    const names = [
      collectionNameFor('lucarne', 'offline:glove100-sif-v1', 100),
      collectionNameFor('lucarne', 'offline/glove100-sif-v1', 100),
      collectionNameFor('', 'gemini:gemini-embedding-001@768', 768),
      collectionNameFor('--team x..y--', 'a', 3),
    ];
    for (const n of names) {
      expect(n).toMatch(valid);
      expect(n).not.toContain('..');
    }
    expect(new Set(names).size).toBe(names.length);
  });
});
