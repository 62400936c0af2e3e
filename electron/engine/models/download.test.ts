// Downloads against a real local HTTP server serving a generated file: Range resume after a dropped
// connection and after a cancel, a server without Range support, a wrong hash, a 404, a .part already whole
// (416), the disk-space refusal, and the "not verified" case.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type DownloadProgress, downloadModel } from './download';
import { DownloadError } from './errors';

const SIZE = 2 * 1024 * 1024 + 12_345;
const DATA = randomBytes(SIZE);
const SHA = createHash('sha256').update(DATA).digest('hex');

let server: Server;
let base: string;
let dir: string;
let requests: { path: string; range: string | undefined; status: number }[];
const dropped = new Set<string>();

function serveRange(req: IncomingMessage, res: ServerResponse, path: string): void {
  const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
  if (!range) {
    requests.push({ path, range: undefined, status: 200 });
    res.writeHead(200, { 'Content-Length': SIZE, 'Accept-Ranges': 'bytes' });
    res.end(DATA);
    return;
  }
  const start = Number(range[1]);
  if (start >= SIZE) {
    requests.push({ path, range: req.headers.range, status: 416 });
    res.writeHead(416, { 'Content-Range': `bytes */${SIZE}` });
    res.end();
    return;
  }
  requests.push({ path, range: req.headers.range, status: 206 });
  res.writeHead(206, { 'Content-Range': `bytes ${start}-${SIZE - 1}/${SIZE}`, 'Content-Length': SIZE - start });
  res.end(DATA.subarray(start));
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/model.gguf') return serveRange(req, res, path);
    if (path.startsWith('/drop/')) {
      // The first request of each /drop/ path dies halfway through the body; later ones are served normally.
      if (!dropped.has(path)) {
        dropped.add(path);
        requests.push({ path, range: req.headers.range, status: 200 });
        res.writeHead(200, { 'Content-Length': SIZE });
        res.write(DATA.subarray(0, SIZE / 2), () => setTimeout(() => req.socket.destroy(), 20));
        return;
      }
      return serveRange(req, res, path);
    }
    if (path === '/no-range.gguf') {
      requests.push({ path, range: req.headers.range, status: 200 });
      res.writeHead(200, { 'Content-Length': SIZE });
      res.end(DATA);
      return;
    }
    if (path === '/slow.gguf') {
      // 64 KiB every 15 ms, honouring Range: slow enough to cancel midway.
      const start = Number(/^bytes=(\d+)-/.exec(req.headers.range ?? '')?.[1] ?? 0);
      requests.push({ path, range: req.headers.range, status: start ? 206 : 200 });
      res.writeHead(start ? 206 : 200, {
        'Content-Length': SIZE - start,
        ...(start ? { 'Content-Range': `bytes ${start}-${SIZE - 1}/${SIZE}` } : {}),
      });
      let at = start;
      const timer = setInterval(() => {
        if (res.destroyed) return clearInterval(timer);
        const next = Math.min(at + 65_536, SIZE);
        res.write(DATA.subarray(at, next));
        at = next;
        if (at >= SIZE) {
          clearInterval(timer);
          res.end();
        }
      }, 15);
      res.on('close', () => clearInterval(timer));
      return;
    }
    requests.push({ path, range: req.headers.range, status: 404 });
    res.writeHead(404, { 'Content-Type': 'text/plain' });
    res.end('not found');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  dir = mkdtempSync(join(tmpdir(), 'lucarne-dl-'));
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  requests = [];
});

async function failure(p: Promise<unknown>): Promise<DownloadError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DownloadError);
  return err as DownloadError;
}

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('downloadModel', () => {
  it('downloads, reports progress, verifies the hash and renames atomically', async () => {
    const dest = join(dir, 'plain', 'model.gguf');
    const progress: DownloadProgress[] = [];
    const r = await downloadModel({
      url: `${base}/model.gguf`,
      dest,
      sha256: SHA,
      bytes: SIZE,
      onProgress: (p) => progress.push(p),
      progressIntervalMs: 0,
    });
    expect(r).toMatchObject({ path: dest, bytes: SIZE, sha256: SHA, verified: true, alreadyPresent: false });
    expect(sha(dest)).toBe(SHA);
    expect(existsSync(`${dest}.part`)).toBe(false);
    expect(progress.at(-1)).toMatchObject({ doneBytes: SIZE, totalBytes: SIZE, resumedFrom: 0 });
    const done = progress.map((p) => p.doneBytes);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    expect(progress.some((p) => p.bytesPerSecond > 0)).toBe(true);

    // A second call finds the file whole and downloads nothing.
    requests = [];
    const again = await downloadModel({ url: `${base}/model.gguf`, dest, sha256: SHA });
    expect(again.alreadyPresent).toBe(true);
    expect(requests).toEqual([]);
  });

  it('resumes with a Range request after the connection drops halfway, within the same call', async () => {
    const dest = join(dir, 'drop1.gguf');
    const r = await downloadModel({ url: `${base}/drop/a.gguf`, dest, sha256: SHA, retryDelayMs: 10 });
    expect(r.verified).toBe(true);
    expect(sha(dest)).toBe(SHA);
    expect(requests).toHaveLength(2);
    expect(requests[1].status).toBe(206);
    expect(Number(/bytes=(\d+)-/.exec(requests[1].range ?? '')?.[1])).toBeGreaterThan(0);
  });

  it('keeps the .part when the retries run out, and the next call resumes from it', async () => {
    const dest = join(dir, 'drop2.gguf');
    const err = await failure(downloadModel({ url: `${base}/drop/b.gguf`, dest, sha256: SHA, retries: 0 }));
    expect(err.code).toBe('network');
    expect(err.message).toMatch(/resume/);
    const kept = statSync(`${dest}.part`).size;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(SIZE);

    const progress: DownloadProgress[] = [];
    const r = await downloadModel({
      url: `${base}/drop/b.gguf`,
      dest,
      sha256: SHA,
      onProgress: (p) => progress.push(p),
    });
    expect(r.verified).toBe(true);
    expect(sha(dest)).toBe(SHA);
    expect(requests.at(-1)).toMatchObject({ range: `bytes=${kept}-`, status: 206 });
    expect(progress[0].resumedFrom).toBe(kept);
  });

  it('starts over when the server ignores Range (200 instead of 206)', async () => {
    const dest = join(dir, 'norange.gguf');
    writeFileSync(`${dest}.part`, DATA.subarray(0, 1000));
    const r = await downloadModel({ url: `${base}/no-range.gguf`, dest, sha256: SHA });
    expect(r.bytes).toBe(SIZE);
    expect(sha(dest)).toBe(SHA);
    expect(requests).toEqual([{ path: '/no-range.gguf', range: 'bytes=1000-', status: 200 }]);
  });

  it('treats a 416 on a whole .part as done, after checking its hash', async () => {
    const dest = join(dir, 'whole.gguf');
    writeFileSync(`${dest}.part`, DATA);
    const r = await downloadModel({ url: `${base}/model.gguf`, dest, sha256: SHA });
    expect(r.verified).toBe(true);
    expect(requests).toEqual([{ path: '/model.gguf', range: `bytes=${SIZE}-`, status: 416 }]);
    expect(sha(dest)).toBe(SHA);
  });

  it('deletes the file and says so when the hash does not match', async () => {
    const dest = join(dir, 'wrong.gguf');
    const err = await failure(downloadModel({ url: `${base}/model.gguf`, dest, sha256: 'ab'.repeat(32) }));
    expect(err.code).toBe('checksum');
    expect(err.message).toContain(SHA);
    expect(err.message).toMatch(/deleted/);
    expect(existsSync(dest)).toBe(false);
    expect(existsSync(`${dest}.part`)).toBe(false);
  });

  it('reports a 404 with what to do, and writes nothing', async () => {
    const dest = join(dir, 'missing.gguf');
    const err = await failure(downloadModel({ url: `${base}/nothing-here.gguf?token=secret`, dest, sha256: SHA }));
    expect(err.code).toBe('http');
    expect(err.message).toContain('404');
    expect(err.message).not.toContain('secret');
    expect(existsSync(dest)).toBe(false);
    expect(existsSync(`${dest}.part`)).toBe(false);
  });

  it('cancels midway keeping the .part, then resumes from it', async () => {
    const dest = join(dir, 'cancel.gguf');
    const ac = new AbortController();
    const err = await failure(
      downloadModel({
        url: `${base}/slow.gguf`,
        dest,
        sha256: SHA,
        signal: ac.signal,
        progressIntervalMs: 0,
        onProgress: (p) => {
          if (p.doneBytes > SIZE / 3) ac.abort();
        },
      }),
    );
    expect(err.code).toBe('cancelled');
    const kept = statSync(`${dest}.part`).size;
    expect(kept).toBeGreaterThan(SIZE / 3);
    expect(kept).toBeLessThan(SIZE);
    const r = await downloadModel({ url: `${base}/slow.gguf`, dest, sha256: SHA });
    expect(r.verified).toBe(true);
    expect(requests.at(-1)?.range).toBe(`bytes=${kept}-`);
    expect(sha(dest)).toBe(SHA);
  });

  it('refuses before downloading when the disk lacks space for the file plus a margin', async () => {
    const dest = join(dir, 'full.gguf');
    const err = await failure(
      downloadModel({
        url: `${base}/model.gguf`,
        dest,
        sha256: SHA,
        bytes: SIZE,
        statfsImpl: async () => ({ bavail: 100, bsize: 4096 }),
      }),
    );
    expect(err.code).toBe('disk-space');
    expect(err.message).toMatch(/free/);
    expect(requests).toEqual([]);
    // Enough space: the same call goes through.
    const ok = await downloadModel({
      url: `${base}/model.gguf`,
      dest,
      sha256: SHA,
      bytes: SIZE,
      marginBytes: 0,
      statfsImpl: async () => ({ bavail: SIZE, bsize: 1 }),
    });
    expect(ok.verified).toBe(true);
  });

  it('checks the space against the size the server announces when none was expected', async () => {
    const dest = join(dir, 'full2.gguf');
    const err = await failure(
      downloadModel({
        url: `${base}/model.gguf`,
        dest,
        sha256: SHA,
        statfsImpl: async () => ({ bavail: 1n, bsize: 4096n }),
      }),
    );
    expect(err.code).toBe('disk-space');
    expect(existsSync(dest)).toBe(false);
  });

  it('downloads a file with no published hash and says it is not verified', async () => {
    const dest = join(dir, 'unverified.gguf');
    const r = await downloadModel({ url: `${base}/model.gguf`, dest, sha256: null });
    expect(r.verified).toBe(false);
    expect(r.message).toMatch(/^not verified/);
    expect(r.sha256).toBe(SHA);
  });

  it('only accepts http(s) URLs', async () => {
    for (const url of ['file:///etc/passwd', 'ftp://example.org/m.gguf', 'not a url']) {
      expect((await failure(downloadModel({ url, dest: join(dir, 'x.gguf'), sha256: null }))).code).toBe('bad-url');
    }
  });

  it('gives up with a network error when nothing listens', async () => {
    const dest = join(dir, 'down.gguf');
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const err = await failure(
      downloadModel({ url: `http://127.0.0.1:${port}/m.gguf`, dest, sha256: SHA, retryDelayMs: 1 }),
    );
    expect(err.code).toBe('network');
  });
});
