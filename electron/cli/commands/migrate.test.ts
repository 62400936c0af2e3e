// `lucarne migrate` end to end: a library of SciFact abstracts to a real Chroma server and back, the
// settings it leaves behind (never the token), and its errors.
import { rmSync } from 'node:fs';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChromaServer, freePort, startChroma } from '../../../test-support/chroma-server';
import { fillSciFactStore, loadSciFact } from '../../../test-support/chroma-fixtures';
import { OfflineEmbedder } from '../../engine/public/retrieval';
import { loadSettings } from '../../engine/public/data-folder';
import { SqliteStore, faissFileFor } from '../../engine/public/store';
import { tempDir } from '../../engine/store/test-support/fixtures';
import { run } from './migrate';

let server: ChromaServer;
let data: ReturnType<typeof tempDir>;
const embedder = new OfflineEmbedder();

function io() {
  let out = '';
  let err = '';
  const sink = (append: (s: string) => void) =>
    new Writable({
      write(chunk, _enc, cb) {
        append(String(chunk));
        cb();
      },
    });
  return {
    io: { stdout: sink((s) => (out += s)), stderr: sink((s) => (err += s)), isTTY: false },
    out: () => out,
    err: () => err,
  };
}

beforeAll(async () => {
  server = await startChroma();
  data = tempDir('lucarne-migrate-cli-');
  const store = SqliteStore.open(data.dir);
  await fillSciFactStore(store, embedder, loadSciFact(), 400);
  store.close();
}, 120_000);

afterAll(async () => {
  await server?.dispose();
  data?.cleanup();
});

describe('lucarne migrate', () => {
  it('moves the library to Chroma, verifies, and switches the settings (without the token)', async () => {
    const c = io();
    const code = await run(
      {
        positionals: [],
        flags: { to: 'chroma', 'chroma-url': server.url, 'chroma-token': 'tok-123-secret', data: data.dir },
      },
      c.io,
    );
    expect(c.err()).toContain(`Chroma`);
    expect(code).toBe(0);
    expect(c.out()).toMatch(/Migrated to Chroma: 400 vectors written/);
    expect(c.out()).toMatch(/20\/20 sample queries identical/);
    expect(c.out()).toMatch(/catalog 400 · embedded 400 · Chroma 400/);
    expect(c.err()).toMatch(/writing vectors to Chroma: 400\/400/);
    const store = SqliteStore.open(data.dir);
    try {
      const s = loadSettings(store);
      expect(s.store).toBe('chroma');
      expect(s.chroma.url).toBe(server.url);
      expect(JSON.stringify(store.getSetting('settings'))).not.toContain('tok-123-secret');
    } finally {
      store.close();
    }
  }, 120_000);

  it('moves it back to the embedded store (JSON output)', async () => {
    rmSync(faissFileFor(data.dir, embedder.id), { force: true });
    const c = io();
    const code = await run({ positionals: [], flags: { to: 'embedded', data: data.dir, json: true } }, c.io);
    expect(code).toBe(0);
    const report = JSON.parse(c.out());
    expect(report).toMatchObject({
      ok: true,
      to: 'embedded',
      direction: 'to-embedded',
      written: 400,
      settingsSaved: true,
    });
    expect(report.verify.counts).toEqual({ catalog: 400, embedded: 400, chroma: 400 });
    expect(report.chroma.token).toBe('none');
    const store = SqliteStore.open(data.dir);
    try {
      expect(loadSettings(store).store).toBe('embedded');
    } finally {
      store.close();
    }
  }, 120_000);

  it('says clearly when the server is down, and leaves the settings alone', async () => {
    const port = await freePort();
    const c = io();
    const code = await run(
      { positionals: [], flags: { to: 'chroma', 'chroma-url': `http://127.0.0.1:${port}`, data: data.dir } },
      c.io,
    );
    expect(code).toBe(1);
    expect(c.err()).toMatch(
      new RegExp(`Cannot reach the Chroma server at http://127.0.0.1:${port} \\(connection refused\\)`),
    );
    const store = SqliteStore.open(data.dir);
    try {
      expect(loadSettings(store).store).toBe('embedded');
    } finally {
      store.close();
    }
  });

  it('asks for --to', async () => {
    const c = io();
    expect(await run({ positionals: [], flags: { data: data.dir } }, c.io)).toBe(2);
    expect(c.err()).toMatch(/--to must be "chroma" or "embedded"/);
  });
});
