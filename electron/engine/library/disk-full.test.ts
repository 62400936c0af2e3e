// A full disk while indexing, with real SQLite: `PRAGMA max_page_count` makes the database answer
// SQLITE_FULL ("database or disk is full") as soon as a write needs a new page, exactly as on a full disk,
// and raising it again is the space coming back. Nothing may be recorded as the file's error, nothing may
// be lost, and indexing must go on by itself once writes work again.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { saveSettings } from '../settings';
import type { FaissIndex } from '../store/faiss';
import type { SqliteStore } from '../store/sqlite';
import { CountingEmbedder, consistencyProblems, eventually, markdownDoc, tempDir } from './test-support/helpers';
import { diskFullRetryDelay, isDiskFull } from './disk-full';
import { type OpenLibrary, openLibrary } from './open-library';

/** The store's own connection (max_page_count is per connection). */
function connectionOf(store: SqliteStore): Database.Database {
  return (store as unknown as { db: Database.Database }).db;
}

function fillDisk(store: SqliteStore): void {
  const db = connectionOf(store);
  const pages = db.pragma('page_count', { simple: true }) as number;
  db.pragma(`max_page_count = ${pages}`);
}

function freeDisk(store: SqliteStore): void {
  connectionOf(store).pragma('max_page_count = 1073741823');
}

describe('isDiskFull', () => {
  it('knows ENOSPC, EDQUOT and SQLITE_FULL, by code or by message', () => {
    expect(isDiskFull(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }))).toBe(
      true,
    );
    expect(isDiskFull(new Database.SqliteError('database or disk is full', 'SQLITE_FULL'))).toBe(true);
    expect(isDiskFull(new Error('write failed: No space left on device'))).toBe(true);
    expect(isDiskFull(Object.assign(new Error('quota'), { code: 'EDQUOT' }))).toBe(true);
    expect(isDiskFull(new Database.SqliteError('database is locked', 'SQLITE_BUSY'))).toBe(false);
    expect(isDiskFull(Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' }))).toBe(false);
    expect(isDiskFull('ENOSPC')).toBe(false);
  });

  it('waits longer each time, up to the maximum', () => {
    expect([0, 1, 2, 3, 4, 5, 60].map((n) => diskFullRetryDelay(n, 100, 1000))).toEqual([
      100, 200, 400, 800, 1000, 1000, 1000,
    ]);
  });
});

describe('Library on a full disk', () => {
  let data: ReturnType<typeof tempDir>;
  let docs: ReturnType<typeof tempDir>;
  let lib: OpenLibrary | null = null;
  let warnings: string[];

  beforeEach(async () => {
    data = tempDir('lucarne-full-data-');
    docs = tempDir('lucarne-full-docs-');
    warnings = [];
    lib = await openLibrary(data.path, {
      embedder: new CountingEmbedder(),
      library: {
        renameWindowMs: 200,
        writeStabilityMs: 50,
        flushIntervalMs: 100,
        diskFullRetryMs: { first: 50, max: 200 },
        log: { warn: (m) => warnings.push(m), info: () => {} },
      },
    });
    saveSettings(lib.store, { chunkTokens: 120, chunkOverlap: 0 });
  });
  afterEach(async () => {
    if (lib) freeDisk(lib.store);
    await lib?.close();
    lib = null;
    data.cleanup();
    docs.cleanup();
  });

  const file = (name: string) => join(docs.path, name);
  const fullWarnings = () => warnings.filter((w) => /disk is full/i.test(w));

  it('a queue that hits a full disk waits, records no error, and finishes once space returns', async () => {
    const h = lib!;
    for (let i = 0; i < 8; i++) writeFileSync(file(`doc ${i}.md`), markdownDoc(`Doc ${i}`, 12, 1000 * (i + 1)));
    await h.library.addFolder(docs.path);
    await h.library.start({ watch: false });
    await eventually(() => h.store.listDocuments({ statuses: ['indexed'] }).total >= 1, 15_000, 'a first file');
    fillDisk(h.store);
    await eventually(() => fullWarnings().length > 0, 15_000, 'the engine to say the disk is full');
    // Let it try (and fail) a few more times: a full disk is not the file's fault.
    await new Promise((r) => setTimeout(r, 600));
    const waiting = ['queued', 'indexing', 'indexed'];
    expect(h.store.listDocuments().items.filter((d) => !waiting.includes(d.status))).toEqual([]);
    expect(h.store.listDocuments({ statuses: ['indexed'] }).total).toBeLessThan(8);
    // Still serving what is indexed.
    expect(h.store.keywordSearch('Doc', 3).length).toBeGreaterThan(0);

    freeDisk(h.store);
    await h.library.whenIdle();
    const statuses = h.store.listDocuments().items.map((d) => d.status);
    expect(statuses).toEqual(Array(8).fill('indexed'));
    expect(fullWarnings()).toHaveLength(1); // told once, not once per try
    expect(warnings.some((w) => /space is available again/i.test(w))).toBe(true);
    await h.vectors.flush();
    expect(await consistencyProblems(h.store, h.vectors as FaissIndex, 'test:counting-v1')).toEqual([]);
  });

  it('a change the watcher sees while the queue cannot be written is picked up once space returns', async () => {
    const h = lib!;
    writeFileSync(file('seed.md'), markdownDoc('Seed', 2, 10));
    await h.library.addFolder(docs.path);
    await h.library.start({ watch: true });
    await h.library.whenIdle();
    // Every write fails: even queueing the change (a few bytes that would fit in a free page otherwise).
    const store = h.store;
    const enqueue = store.jobs.enqueue.bind(store.jobs);
    let full = true;
    store.jobs.enqueue = (...args: Parameters<SqliteStore['jobs']['enqueue']>) => {
      if (full) throw new Database.SqliteError('database or disk is full', 'SQLITE_FULL');
      enqueue(...args);
    };
    fillDisk(store);
    writeFileSync(file('late.md'), markdownDoc('Late', 4, 700));
    await eventually(() => fullWarnings().length > 0, 15_000, 'the engine to say the disk is full');
    await new Promise((r) => setTimeout(r, 300));
    expect([undefined, 'queued', 'indexing']).toContain(store.getDocumentByPath(file('late.md'))?.status);

    full = false;
    freeDisk(store);
    await eventually(
      () => store.getDocumentByPath(file('late.md'))?.status === 'indexed',
      15_000,
      'the file seen while the disk was full to be indexed',
    );
    await h.library.whenIdle();
    await h.vectors.flush();
    expect(await consistencyProblems(store, h.vectors as FaissIndex, 'test:counting-v1')).toEqual([]);
  });
});
