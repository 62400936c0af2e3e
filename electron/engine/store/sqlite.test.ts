import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FileKind } from '../../../shared/types';
import { SCHEMA_VERSION } from './migrations';
import { DB_FILE_NAME } from './open-database';
import { SqliteStore, StoreCorruptError } from './sqlite';
import { draftsFor, pseudoVector, sha256, tempDir } from './test-support/fixtures';

let dir: string;
let cleanup: () => void;
let store: SqliteStore;

beforeEach(() => {
  ({ dir, cleanup } = tempDir());
  store = SqliteStore.open(dir);
});
afterEach(() => {
  store.close();
  cleanup();
});

function addDoc(relPath: string, folderPath = '/docs', kind: FileKind = 'text') {
  const folder = store.addFolder(folderPath, { include: [], exclude: [] });
  const { id } = store.upsertDocument({
    folderId: folder.id,
    path: `${folderPath}/${relPath}`,
    relPath,
    kind,
    size: 100,
    mtimeMs: 1000,
  });
  return { folderId: folder.id, documentId: id };
}

function indexDoc(
  relPath: string,
  texts: string[],
  opts: { folder?: string; heading?: string[]; kind?: 'pdf' | 'text' } = {},
) {
  const { folderId, documentId } = addDoc(relPath, opts.folder, opts.kind);
  const { drafts, text } = draftsFor(texts, opts.heading);
  const diff = store.replaceChunks(documentId, drafts, text, []);
  store.setDocumentStatus(documentId, 'indexed', null);
  return { folderId, documentId, diff };
}

describe('opening', () => {
  it('creates a WAL database at the latest schema version and reopens it', () => {
    expect(existsSync(join(dir, DB_FILE_NAME))).toBe(true);
    store.setSetting('theme', 'dark');
    store.close();
    const db = new Database(join(dir, DB_FILE_NAME), { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    db.close();
    store = SqliteStore.open(dir);
    expect(store.getSetting('theme')).toBe('dark');
    expect(store.verifyIntegrity()).toEqual([]);
  });

  it('refuses a file that is not a database, says how to recover, and leaves it in place', () => {
    store.close();
    const { dir: other, cleanup: done } = tempDir();
    try {
      const file = join(other, DB_FILE_NAME);
      writeFileSync(file, Buffer.alloc(8192, 0x42));
      const err = (() => {
        try {
          SqliteStore.open(other);
        } catch (e) {
          return e;
        }
      })();
      expect(err).toBeInstanceOf(StoreCorruptError);
      expect((err as Error).message).toMatch(/move that file/i);
      expect(readFileSync(file).equals(Buffer.alloc(8192, 0x42))).toBe(true);
    } finally {
      done();
      store = SqliteStore.open(dir);
    }
  });

  /** Closes the store, then damages pages in the middle of the file after `prepare` ran on it. */
  function damage(prepare: (db: Database.Database) => void): void {
    indexDoc(
      'a.txt',
      Array.from({ length: 400 }, (_, i) => `paragraph ${i} ${'lorem ipsum '.repeat(40)}`),
    );
    store.close();
    const db = new Database(join(dir, DB_FILE_NAME));
    prepare(db);
    // Fold the WAL into the main file, then overwrite pages in its middle.
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const file = join(dir, DB_FILE_NAME);
    const bytes = readFileSync(file);
    expect(bytes.length).toBeGreaterThan(4096 * 40);
    bytes.fill(0x55, 4096 * 10, 4096 * 30);
    writeFileSync(file, bytes);
  }
  const meta = (db: Database.Database, key: string) =>
    db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(key) as string | undefined;

  it('reports a database damaged in the middle as corrupt after a crash', () => {
    damage((db) => {
      expect(meta(db, 'closed_cleanly')).toBe('1');
      db.prepare(`UPDATE meta SET value = '0' WHERE key = 'closed_cleanly'`).run(); // as a kill leaves it
    });
    expect(() => SqliteStore.open(dir)).toThrow(StoreCorruptError);
    writeFileSync(join(dir, DB_FILE_NAME), Buffer.alloc(0));
    store = SqliteStore.open(dir); // an empty file is a fresh database
  });

  it('checks a cleanly closed store again once its last check is a week old', () => {
    damage((db) => {
      const checkedAt = Number(meta(db, 'integrity_checked_at'));
      expect(Date.now() - checkedAt).toBeLessThan(60_000);
      const eightDaysAgo = checkedAt - 8 * 24 * 3600 * 1000;
      db.prepare(`UPDATE meta SET value = ? WHERE key = 'integrity_checked_at'`).run(String(eightDaysAgo));
    });
    expect(() => SqliteStore.open(dir)).toThrow(StoreCorruptError);
    writeFileSync(join(dir, DB_FILE_NAME), Buffer.alloc(0));
    store = SqliteStore.open(dir);
  });

  it('marks an open store as not closed cleanly, so a crash leads to a check at the next open', () => {
    const raw = new Database(join(dir, DB_FILE_NAME), { readonly: true });
    expect(meta(raw, 'closed_cleanly')).toBe('0');
    raw.close();
    store.close();
    const after = new Database(join(dir, DB_FILE_NAME), { readonly: true });
    expect(meta(after, 'closed_cleanly')).toBe('1');
    after.close();
    store = SqliteStore.open(dir);
  });
});

describe('settings', () => {
  it('round-trips JSON values and deletes on undefined', () => {
    expect(store.getSetting('x')).toBeUndefined();
    store.setSetting('x', { a: [1, 2], b: 'é' });
    expect(store.getSetting('x')).toEqual({ a: [1, 2], b: 'é' });
    store.setSetting('x', false);
    expect(store.getSetting('x')).toBe(false);
    store.setSetting('x', undefined);
    expect(store.getSetting('x')).toBeUndefined();
  });
});

describe('folders and documents', () => {
  it('adds folders idempotently and summarises their documents', () => {
    const a = store.addFolder('/data/notes/', { include: ['**/*.md'], exclude: [] });
    const again = store.addFolder('/data/notes', { include: [], exclude: ['tmp/**'] });
    expect(again.id).toBe(a.id);
    expect(store.getFolder(a.id)).toMatchObject({ path: '/data/notes', include: [], exclude: ['tmp/**'] });
    const d1 = store.upsertDocument({
      folderId: a.id,
      path: '/data/notes/a.md',
      relPath: 'a.md',
      kind: 'markdown',
      size: 5,
      mtimeMs: 1,
    });
    const d2 = store.upsertDocument({
      folderId: a.id,
      path: '/data/notes/b.md',
      relPath: 'b.md',
      kind: 'markdown',
      size: 5,
      mtimeMs: 1,
    });
    store.upsertDocument({
      folderId: a.id,
      path: '/data/notes/c.md',
      relPath: 'c.md',
      kind: 'markdown',
      size: 5,
      mtimeMs: 1,
    });
    const { drafts, text } = draftsFor(['one', 'two']);
    store.replaceChunks(d1.id, drafts, text, []);
    store.setDocumentStatus(d1.id, 'indexed', null);
    store.setDocumentStatus(d2.id, 'needs-password', 'encrypted');
    expect(store.listFolders()).toEqual([
      expect.objectContaining({ id: a.id, documents: 3, indexed: 1, failed: 1, chunks: 2 }),
    ]);
  });

  it('upsertDocument reports a change only for new files or a different size or mtime', () => {
    const { id: folderId } = store.addFolder('/f', { include: [], exclude: [] });
    const doc = { folderId, path: '/f/x.txt', relPath: 'x.txt', kind: 'text' as const, size: 10, mtimeMs: 5 };
    const first = store.upsertDocument(doc);
    expect(first.changed).toBe(true);
    expect(store.upsertDocument(doc)).toEqual({ id: first.id, changed: false });
    expect(store.upsertDocument({ ...doc, mtimeMs: 6 })).toEqual({ id: first.id, changed: true });
    expect(store.upsertDocument({ ...doc, mtimeMs: 6, size: 11 })).toEqual({ id: first.id, changed: true });
    expect(store.getDocument(first.id)).toMatchObject({ size: 11, mtimeMs: 6, status: 'queued', chunks: 0 });
    expect(store.documentPaths(folderId)).toEqual(
      new Map([['/f/x.txt', { id: first.id, size: 11, mtimeMs: 6, status: 'queued' }]]),
    );
  });

  it('setDocumentStatus keeps extra fields that are not given and stamps indexed_at', () => {
    const { documentId } = addDoc('p.pdf');
    store.setDocumentStatus(documentId, 'indexing', null, { pages: 12, flags: ['truncated'], sha256: 'abc' });
    expect(store.getDocument(documentId)).toMatchObject({
      status: 'indexing',
      pages: 12,
      flags: ['truncated'],
      indexedAt: null,
    });
    store.setDocumentStatus(documentId, 'indexed', null);
    const doc = store.getDocument(documentId)!;
    expect(doc).toMatchObject({ status: 'indexed', pages: 12, flags: ['truncated'] });
    expect(Date.parse(doc.indexedAt!)).not.toBeNaN();
    store.setDocumentStatus(documentId, 'failed', 'corrupt file', { pages: null, flags: [] });
    expect(store.getDocument(documentId)).toMatchObject({
      status: 'failed',
      message: 'corrupt file',
      pages: null,
      flags: [],
    });
  });

  it('stores a per-document password', () => {
    const { documentId } = addDoc('secret.pdf');
    expect(store.getDocumentPassword(documentId)).toBeNull();
    store.setDocumentPassword(documentId, 'hunter2');
    expect(store.getDocumentPassword(documentId)).toBe('hunter2');
    store.setDocumentPassword(documentId, null);
    expect(store.getDocumentPassword(documentId)).toBeNull();
  });

  it('listDocuments pages, filters and orders by relative path', () => {
    const { id: f1 } = store.addFolder('/one', { include: [], exclude: [] });
    const { id: f2 } = store.addFolder('/two', { include: [], exclude: [] });
    const names = ['b/Report-2023.pdf', 'a/notes.md', 'c/report-draft.txt', 'a/zeta.txt', 'REPORT.md'];
    for (const [i, rel] of names.entries()) {
      const folderId = i % 2 === 0 ? f1 : f2;
      const { id } = store.upsertDocument({
        folderId,
        path: `/${folderId}/${rel}`,
        relPath: rel,
        kind: null,
        size: 1,
        mtimeMs: 1,
      });
      if (i < 2) store.setDocumentStatus(id, 'indexed', null);
      if (i === 2) store.setDocumentStatus(id, 'failed', 'boom');
    }
    const all = store.listDocuments({});
    expect(all.total).toBe(5);
    expect(all.items.map((d) => d.relPath)).toEqual([
      'REPORT.md',
      'a/notes.md',
      'a/zeta.txt',
      'b/Report-2023.pdf',
      'c/report-draft.txt',
    ]);
    const page = store.listDocuments({ offset: 1, limit: 2 });
    expect(page.total).toBe(5);
    expect(page.items.map((d) => d.relPath)).toEqual(['a/notes.md', 'a/zeta.txt']);
    expect(store.listDocuments({ query: 'report' }).items.map((d) => d.relPath)).toEqual([
      'REPORT.md',
      'b/Report-2023.pdf',
      'c/report-draft.txt',
    ]);
    expect(store.listDocuments({ query: '%' }).total).toBe(0);
    expect(store.listDocuments({ folderId: f2 }).items.map((d) => d.relPath)).toEqual(['a/notes.md', 'a/zeta.txt']);
    expect(store.listDocuments({ statuses: ['indexed', 'failed'] }).total).toBe(3);
    const combined = store.listDocuments({ folderId: f1, statuses: ['queued'], query: 'REP' });
    expect(combined.items.map((d) => d.relPath)).toEqual(['REPORT.md']);
    expect(store.listDocuments({ statuses: [] }).total).toBe(0);
  });

  it('renames a document without touching its chunk ids, and the new name is searchable', () => {
    const { documentId, diff } = indexDoc('old-name.txt', ['the quick brown fox']);
    const ids = diff.added.map((c) => c.id);
    expect(store.keywordSearch('zanzibar', 5)).toEqual([]);
    expect(store.renameDocument('/docs/old-name.txt', '/docs/zanzibar.txt', 'zanzibar.txt')).toBe(documentId);
    expect(store.getDocumentByPath('/docs/zanzibar.txt')).toMatchObject({ id: documentId, relPath: 'zanzibar.txt' });
    expect(store.getDocumentByPath('/docs/old-name.txt')).toBeNull();
    expect(store.documentChunks(documentId).map((c) => c.id)).toEqual(ids);
    expect(store.keywordSearch('zanzibar', 5).map((h) => h.chunkId)).toEqual(ids);
    expect(store.renameDocument('/nope', '/x', 'x')).toBeNull();
    expect(store.verifyIntegrity()).toEqual([]);
  });

  it('a rename onto an existing document replaces it', () => {
    indexDoc('a.txt', ['alpha text']);
    const b = indexDoc('b.txt', ['beta text']);
    const gen = store.vectorGeneration();
    store.renameDocument('/docs/a.txt', '/docs/b.txt', 'b.txt');
    expect(store.getDocument(b.documentId)).toBeNull();
    expect(store.keywordSearch('beta', 5)).toEqual([]);
    expect(store.vectorGeneration()).toBeGreaterThan(gen);
    expect(store.verifyIntegrity()).toEqual([]);
  });

  it('deleteDocument and removeFolder return the removed chunk ids and cascade everywhere', () => {
    const a = indexDoc('a.txt', ['alpha one', 'alpha two'], { folder: '/f1' });
    const b = indexDoc('b.txt', ['beta one'], { folder: '/f2' });
    const c = indexDoc('c.txt', ['gamma one', 'gamma two'], { folder: '/f2' });
    store.jobs.enqueue('index', b.folderId, '/f2/b.txt');
    let gen = store.vectorGeneration();
    expect(store.deleteDocument(a.documentId)).toEqual(a.diff.added.map((x) => x.id));
    expect(store.vectorGeneration()).toBe(gen + 1);
    expect(store.getDocumentText(a.documentId)).toBeNull();
    expect(store.keywordSearch('alpha', 5)).toEqual([]);
    expect(store.deleteDocument(a.documentId)).toEqual([]);
    gen = store.vectorGeneration();
    expect(store.removeFolder(b.folderId)).toEqual(
      [...b.diff.added, ...c.diff.added].map((x) => x.id).sort((x, y) => x - y),
    );
    expect(store.vectorGeneration()).toBe(gen + 1);
    expect(store.jobs.pending()).toBe(0);
    expect(store.chunkCount()).toBe(0);
    expect(store.listFolders().map((f) => f.path)).toEqual(['/f1']);
    expect(store.verifyIntegrity()).toEqual([]);
  });
});

describe('replaceChunks', () => {
  it('keeps rows whose hash matches (as a multiset), deletes the rest, inserts new ones, in one go', () => {
    const { documentId } = addDoc('doc.txt');
    const first = draftsFor(['intro', 'same', 'same', 'middle', 'end']);
    const d1 = store.replaceChunks(documentId, first.drafts, first.text, [{ number: 1, start: 0, end: 10 }]);
    expect(d1.added.map((c) => c.text)).toEqual(['intro', 'same', 'same', 'middle', 'end']);
    expect(d1.kept).toEqual([]);
    expect(d1.removedIds).toEqual([]);
    const idOf = new Map(d1.added.map((c) => [c.ordinal, c.id]));

    const gen = store.vectorGeneration();
    const second = draftsFor(['same', 'new one', 'end', 'same', 'same']);
    const d2 = store.replaceChunks(documentId, second.drafts, second.text, []);
    expect(d2.kept.map((c) => [c.ordinal, c.text])).toEqual([
      [0, 'same'],
      [2, 'end'],
      [3, 'same'],
    ]);
    // The two stored "same" rows are reused in order; the third copy and "new one" are new rows.
    expect(d2.kept.map((c) => c.id)).toEqual([idOf.get(1), idOf.get(4), idOf.get(2)]);
    expect(d2.added.map((c) => [c.ordinal, c.text])).toEqual([
      [1, 'new one'],
      [4, 'same'],
    ]);
    expect(d2.removedIds).toEqual([idOf.get(0), idOf.get(3)].sort((a, b) => a! - b!));
    expect(store.vectorGeneration()).toBe(gen + 1);

    const stored = store.documentChunks(documentId);
    expect(stored.map((c) => [c.ordinal, c.text])).toEqual(second.drafts.map((d) => [d.ordinal, d.text]));
    expect(stored.map((c) => c.charStart)).toEqual(second.drafts.map((d) => d.charStart));
    expect(store.getDocument(documentId)!.chunks).toBe(5);
    expect(store.getDocumentText(documentId)).toEqual({ text: second.text, pages: [] });
    expect(store.verifyIntegrity()).toEqual([]);
  });

  it('does not bump the generation when only offsets move, and updates headings in FTS', () => {
    const { documentId } = addDoc('doc.md');
    const a = draftsFor(['alpha', 'beta'], ['Chapter one']);
    store.replaceChunks(documentId, a.drafts, a.text, []);
    const gen = store.vectorGeneration();
    const b = draftsFor(['alpha', 'beta'], ['Chapter xylophone']);
    b.drafts[1].charStart += 7;
    const diff = store.replaceChunks(documentId, b.drafts, `${b.text}.......`, []);
    expect(diff.added).toEqual([]);
    expect(diff.removedIds).toEqual([]);
    expect(store.vectorGeneration()).toBe(gen);
    expect(store.documentChunks(documentId)[1].charStart).toBe(b.drafts[1].charStart);
    expect(store.keywordSearch('xylophone', 5)).toHaveLength(2);
    expect(store.keywordSearch('one', 5)).toEqual([]); // the old heading left the index
    expect(store.verifyIntegrity()).toEqual([]);
  });

  it('lists the documents that depend on OCR, once they have been read', () => {
    const image = addDoc('photo.png', '/docs', 'image').documentId;
    const scan = addDoc('scan.pdf', '/docs', 'pdf').documentId;
    const partly = addDoc('partly.pdf', '/docs', 'pdf').documentId;
    const plain = addDoc('plain.pdf', '/docs', 'pdf').documentId;
    // Queued documents (a first scan) are read with the current settings anyway.
    expect(store.documentsForOcr()).toEqual([]);
    store.setDocumentStatus(image, 'indexed', null, { flags: ['ocr-pages'] });
    store.setDocumentStatus(scan, 'no-text-layer', 'scanned');
    store.setDocumentStatus(partly, 'indexed', null, { flags: ['no-text-layer-pages'] });
    store.setDocumentStatus(plain, 'indexed', null, { flags: ['truncated'] });
    expect(store.documentsForOcr().map((d) => d.id)).toEqual([image, scan, partly]);
  });

  it('stores page spans and is atomic: a bad draft leaves everything as it was', () => {
    const { documentId } = addDoc('doc.pdf');
    const a = draftsFor(['page one text', 'page two text']);
    store.replaceChunks(documentId, a.drafts, a.text, [
      { number: 1, label: 'i', start: 0, end: 13 },
      { number: 2, start: 15, end: 28, ocr: { confidence: 91, languages: ['fra', 'eng'] } },
    ]);
    expect(store.getDocumentText(documentId)!.pages).toEqual([
      { number: 1, label: 'i', start: 0, end: 13, ocr: null },
      { number: 2, label: null, start: 15, end: 28, ocr: { confidence: 91, languages: ['fra', 'eng'] } },
    ]);
    const before = store.documentChunks(documentId);
    const b = draftsFor(['other', 'again']);
    // A NOT NULL violation on the second insert must roll back the first one and the text.
    (b.drafts[1] as { charStart: number | null }).charStart = null;
    expect(() => store.replaceChunks(documentId, b.drafts, b.text, [])).toThrow();
    expect(store.documentChunks(documentId)).toEqual(before);
    expect(store.getDocumentText(documentId)!.text).toBe(a.text);
    expect(() => store.replaceChunks(9999, a.drafts, a.text, [])).toThrow(/no document/);
    expect(store.verifyIntegrity()).toEqual([]);
  });

  it('clearChunks empties a document but keeps its row', () => {
    const { documentId, diff } = indexDoc('x.txt', ['one', 'two']);
    expect(store.clearChunks(documentId)).toEqual(diff.added.map((c) => c.id));
    expect(store.getDocument(documentId)).toMatchObject({ chunks: 0 });
    expect(store.getDocumentText(documentId)).toBeNull();
    expect(store.verifyIntegrity()).toEqual([]);
  });

  it('getChunks returns rows in the requested order with their source, skipping unknown ids', () => {
    const a = indexDoc('a.txt', ['a0', 'a1'], { folder: '/fa', kind: 'pdf' });
    const b = indexDoc('b.txt', ['b0'], { folder: '/fb' });
    const [a0, a1] = a.diff.added;
    const [b0] = b.diff.added;
    const got = store.getChunks([b0.id, 424242, a1.id, a0.id]);
    expect(got.map((c) => c.text)).toEqual(['b0', 'a1', 'a0']);
    expect(got[0]).toMatchObject({ path: '/fb/b.txt', kind: 'text', folderId: b.folderId, documentId: b.documentId });
    expect(got[1]).toMatchObject({ ...a1, path: '/fa/a.txt', kind: 'pdf', folderId: a.folderId });
    expect(store.getChunks([])).toEqual([]);
  });
});

describe('keyword search', () => {
  it('folds diacritics both ways', () => {
    indexDoc('cv.txt', ['Mon résumé et ma lettre']);
    indexDoc('other.txt', ['we resume the meeting']);
    expect(store.keywordSearch('resume', 10)).toHaveLength(2);
    expect(store.keywordSearch('RÉSUMÉ', 10)).toHaveLength(2);
    const [hit] = store.keywordSearch('lettre', 10);
    expect(hit.snippet).toContain('«lettre»');
  });

  it('stems English words (running / runs, walking / walks)', () => {
    const { diff } = indexDoc('run.txt', ['She was running every morning']);
    indexDoc('walk.txt', ['He walks to work']);
    const runs = store.keywordSearch('runs', 10);
    expect(runs.map((h) => h.chunkId)).toEqual([diff.added[0].id]);
    expect(runs[0].snippet).toContain('«running»');
    expect(store.keywordSearch('walking', 10)).toHaveLength(1);
  });

  it('never throws on odd input', () => {
    indexDoc('code.txt', ['C++ templates and the AND operator near NEAR things', 'emoji 🎉 party']);
    const odd = [
      'C++',
      '"',
      '""',
      "'",
      'AND',
      'OR',
      'NOT',
      'a AND',
      'NEAR(',
      'NEAR(a b',
      '*',
      '**',
      'foo*',
      '^start',
      'col:x',
      'title:foo',
      '(',
      ')',
      '{a b}',
      '-x',
      '+',
      '🎉',
      '🎉🎉 party',
      '',
      '   ',
      '\u0301',
      'e\u0301',
      '\u0000',
      'x'.repeat(5000),
      Array.from({ length: 500 }, (_, i) => `w${i}`).join(' '),
    ];
    for (const q of odd) expect(() => store.keywordSearch(q, 5), q).not.toThrow();
    expect(store.keywordSearch('*', 5)).toEqual([]);
    expect(store.keywordSearch('🎉', 5)).toEqual([]);
    expect(store.keywordSearch('C++', 5)).toHaveLength(1);
    expect(store.keywordSearch('AND', 5)).toHaveLength(1);
    expect(store.keywordSearch('NEAR(', 5)).toHaveLength(1);
    expect(store.keywordSearch('🎉🎉 party', 5)).toHaveLength(1);
    expect(store.keywordSearch('party', 0)).toEqual([]);
    expect(store.keywordSearch('party', Number.NaN)).toEqual([]);
  });

  it('uses OR semantics and ranks by BM25, higher is better', () => {
    const both = indexDoc('both.txt', ['apples and oranges together']).diff.added[0].id;
    const one = indexDoc('one.txt', ['apples alone here today']).diff.added[0].id;
    indexDoc('none.txt', ['bananas only']);
    const hits = store.keywordSearch('apples oranges', 10);
    expect(hits.map((h) => h.chunkId)).toEqual([both, one]);
    expect(hits[0].bm25).toBeGreaterThan(hits[1].bm25);
    expect(hits[1].bm25).toBeGreaterThan(0);
    expect(store.keywordSearch('apples oranges', 1).map((h) => h.chunkId)).toEqual([both]);
  });

  it('weights the title column, configurably', () => {
    const inTitle = indexDoc('photosynthesis.txt', ['a short note about plants and light in the garden']).diff.added[0]
      .id;
    const inText = indexDoc('notes.txt', ['photosynthesis happens in leaves with light and water today']).diff.added[0]
      .id;
    expect(store.keywordSearch('photosynthesis', 2, {}, { titleWeight: 10 }).map((h) => h.chunkId)).toEqual([
      inTitle,
      inText,
    ]);
    expect(store.keywordSearch('photosynthesis', 2, {}, { titleWeight: 0 }).map((h) => h.chunkId)).toEqual([
      inText,
      inTitle,
    ]);
    const heading = indexDoc('h.md', ['body text without the word'], { heading: ['Chlorophyll basics'] }).diff.added[0]
      .id;
    expect(store.keywordSearch('chlorophyll', 5).map((h) => h.chunkId)).toEqual([heading]);
    expect(() => store.keywordSearch('x', 5, {}, { titleWeight: -1 })).toThrow(RangeError);
  });

  it('indexes the parsed title given to replaceChunks', () => {
    const { documentId } = addDoc('scan-0001.pdf');
    const { drafts, text } = draftsFor(['body']);
    store.replaceChunks(documentId, drafts, text, [], { title: 'Annual Budget' });
    expect(store.keywordSearch('budget', 5)).toHaveLength(1);
    expect(store.keywordSearch('scan', 5)).toHaveLength(1);
  });

  it('on a large corpus, skipping terms found in half the chunks gives the same top k', () => {
    // 6,000 chunks: "the" and "common" are everywhere, "beacon" in 1 of 7, "zircon" in 3.
    const texts = Array.from({ length: 6000 }, (_, i) => {
      const words = [
        `the common filler number ${i}`,
        i % 7 === 0 ? 'beacon signal' : 'plain',
        i % 2000 === 5 ? 'zircon' : '',
      ];
      return words.join(' ');
    });
    const { documentId } = addDoc('corpus.txt');
    const { drafts, text } = draftsFor(texts);
    store.replaceChunks(documentId, drafts, text, []);
    for (const [q, k] of [
      ['the common beacon', 20],
      ['the zircon', 10], // fewer rare matches than k: falls back to the full query
      ['the common', 5], // only common terms: the full query
      ['common beacon zircon signal', 50],
    ] as const) {
      const pruned = store.keywordSearch(q, k);
      const plain = store.keywordSearch(q, k, {}, { pruneCommonTerms: false });
      expect(
        pruned.map((h) => h.chunkId),
        q,
      ).toEqual(plain.map((h) => h.chunkId));
      expect(pruned).toHaveLength(k);
      pruned.forEach((h, i) => {
        expect(h.bm25).toBeCloseTo(plain[i].bm25, 4);
      });
    }
    const [top] = store.keywordSearch('the common beacon', 1);
    expect(top.snippet).toContain('«beacon»');
  });

  it('with a postings budget, matches only the rarest terms that fit, and widens when they match too few', () => {
    // 6,000 chunks: "amber" in 1 of 3 (2,000), "beacon" in 1 of 7 (858), "zircon" in 30.
    const texts = Array.from({ length: 6000 }, (_, i) =>
      [`filler ${i}`, i % 3 === 0 ? 'amber' : '', i % 7 === 0 ? 'beacon' : '', i % 200 === 1 ? 'zircon' : ''].join(' '),
    );
    const { documentId } = addDoc('budget.txt');
    const { drafts, text } = draftsFor(texts);
    store.replaceChunks(documentId, drafts, text, []);
    const textOf = new Map(
      store.getChunks(store.keywordSearch('filler', 6000).map((h) => h.chunkId)).map((c) => [c.id, c.text]),
    );
    const words = (id: number) => textOf.get(id)!.split(/\s+/);

    // Budget 1,000: zircon (30) + beacon (858) fit, amber (2,000) does not: no hit contains amber alone.
    const budgeted = store.keywordSearch('amber beacon zircon', 200, {}, { postingsBudget: 1000, snippets: false });
    expect(budgeted).toHaveLength(200);
    for (const h of budgeted) expect(words(h.chunkId).some((w) => w === 'beacon' || w === 'zircon')).toBe(true);
    expect(budgeted.every((h) => h.snippet === '')).toBe(true);
    // The exact query ranks the 30 zircon chunks first too: the budget keeps what matters most.
    const exact = store.keywordSearch('amber beacon zircon', 30);
    expect(new Set(budgeted.slice(0, 30).map((h) => h.chunkId))).toEqual(new Set(exact.map((h) => h.chunkId)));

    // Budget 10: only zircon fits (always at least the rarest term), 30 rows < k → the query widens.
    const widened = store.keywordSearch('amber beacon zircon', 100, {}, { postingsBudget: 10 });
    expect(widened).toHaveLength(100);
    expect(widened.some((h) => !words(h.chunkId).includes('zircon'))).toBe(true);
    const narrow = store.keywordSearch('amber beacon zircon', 20, {}, { postingsBudget: 10 });
    for (const h of narrow) expect(words(h.chunkId)).toContain('zircon');
  });

  it('filters by folder, kind and path glob', () => {
    const a = indexDoc('reports/q1.pdf', ['quarterly revenue grew'], { folder: '/work', kind: 'pdf' }).diff.added[0].id;
    const b = indexDoc('notes/q1.txt', ['revenue notes'], { folder: '/work' }).diff.added[0].id;
    const c = indexDoc('misc.txt', ['revenue elsewhere'], { folder: '/home' }).diff.added[0].id;
    const ids = (filters: Parameters<SqliteStore['keywordSearch']>[2]) =>
      store
        .keywordSearch('revenue', 10, filters)
        .map((h) => h.chunkId)
        .sort((x, y) => x - y);
    const workId = store.getDocumentByPath('/work/reports/q1.pdf')!.folderId;
    expect(ids({})).toEqual([a, b, c]);
    expect(ids({ folderIds: [workId] })).toEqual([a, b]);
    expect(ids({ folderIds: [] })).toEqual([]);
    expect(ids({ kinds: ['pdf'] })).toEqual([a]);
    expect(ids({ pathGlob: '*.txt' })).toEqual([b, c]);
    expect(ids({ pathGlob: 'reports/**' })).toEqual([a]);
    expect(ids({ pathGlob: '/home/**' })).toEqual([c]);
    expect(ids({ pathGlob: '**/NOTES/*' })).toEqual([b]);
    expect(ids({ folderIds: [workId], kinds: ['text'], pathGlob: '**/*.txt' })).toEqual([b]);
  });
});

describe('embeddings', () => {
  const model = 'test-model@8';

  it('caches vectors by hash and model, and counts chunks that have one', () => {
    const { diff } = indexDoc('v.txt', ['one', 'two', 'one']);
    const [c1, c2, c3] = diff.added;
    expect(store.countChunkVectors(model)).toBe(0);
    expect(store.chunksMissingVectors(model, 10).map((c) => c.id)).toEqual([c1.id, c2.id, c3.id]);
    const gen = store.vectorGeneration();
    const v1 = pseudoVector('one', 8);
    store.putVectors(model, 8, [{ sha256: sha256('one'), vector: v1 }]);
    expect(store.vectorGeneration()).toBe(gen + 1);
    expect(store.countChunkVectors(model)).toBe(2); // both "one" chunks share the cached vector
    expect(store.countChunkVectors('other')).toBe(0);
    expect(store.chunksMissingVectors(model, 10).map((c) => c.id)).toEqual([c2.id]);
    expect(store.chunksMissingVectors(model, 0)).toEqual([]);
    expect(store.getVectors([sha256('one'), sha256('two')], model)).toEqual(new Map([[sha256('one'), v1]]));
    expect(store.vectorsForChunks([c3.id, c2.id], model)).toEqual(new Map([[c3.id, v1]]));
    expect([...store.iterateChunkVectors(model)]).toEqual([
      { chunkId: c1.id, vector: v1 },
      { chunkId: c3.id, vector: v1 },
    ]);
    expect(store.chunkIdsWithVectors(model)).toEqual([c1.id, c3.id]);
    // Existing entries are kept; inserting nothing new does not bump the generation.
    store.putVectors(model, 8, [{ sha256: sha256('one'), vector: pseudoVector('x', 8) }]);
    expect(store.vectorGeneration()).toBe(gen + 1);
    expect(store.getVectors([sha256('one')], model).get(sha256('one'))).toEqual(v1);
    expect(store.vectorDimension(model)).toBe(8);
  });

  it('rejects wrong dimensions and non-finite values without writing anything', () => {
    const good = { sha256: 'a', vector: pseudoVector('a', 4) };
    expect(() => store.putVectors(model, 4, [good, { sha256: 'b', vector: new Float32Array(3) }])).toThrow(RangeError);
    expect(() =>
      store.putVectors(model, 4, [good, { sha256: 'b', vector: new Float32Array([1, Number.NaN, 0, 0]) }]),
    ).toThrow(/non-finite/);
    expect(store.getVectors(['a'], model).size).toBe(0);
    store.putVectors(model, 4, [good]);
    expect(() => store.putVectors(model, 5, [{ sha256: 'c', vector: new Float32Array(5) }])).toThrow(/4-dimension/);
  });

  it('iterates beyond one page in chunk id order and prunes orphan vectors', () => {
    const texts = Array.from({ length: 2500 }, (_, i) => `chunk number ${i}`);
    const { diff } = indexDoc('big.txt', texts);
    store.putVectors(
      model,
      8,
      texts.map((t) => ({ sha256: sha256(t), vector: pseudoVector(t, 8) })),
    );
    const ids = [...store.iterateChunkVectors(model)].map((r) => r.chunkId);
    expect(ids).toEqual(diff.added.map((c) => c.id));
    store.putVectors(model, 8, [{ sha256: 'orphan', vector: pseudoVector('o', 8) }]);
    expect(store.pruneOrphanVectors(model)).toBe(1);
    expect(store.pruneOrphanVectors()).toBe(0);
    expect(store.countChunkVectors(model)).toBe(2500);
  });
});

describe('jobs', () => {
  it('dedupes pending jobs per (path, kind) and hands them out oldest first', () => {
    const { id: f } = store.addFolder('/q', { include: [], exclude: [] });
    store.jobs.enqueue('index', f, '/q/a');
    store.jobs.enqueue('index', f, '/q/b');
    store.jobs.enqueue('index', f, '/q/a');
    store.jobs.enqueue('remove', f, '/q/a');
    store.jobs.enqueue('rename', f, '/q/c', '/q/d');
    store.jobs.enqueue('rename', f, '/q/c', '/q/e');
    expect(store.jobs.pending()).toBe(4);
    const j1 = store.jobs.claim()!;
    expect(j1).toMatchObject({ kind: 'index', path: '/q/a', attempts: 1, folderId: f, newPath: null });
    // While /q/a is running, a new change to it queues again.
    store.jobs.enqueue('index', f, '/q/a');
    expect(store.jobs.pending()).toBe(4);
    expect(store.jobs.claim()).toMatchObject({ kind: 'index', path: '/q/b' });
    expect(store.jobs.claim()).toMatchObject({ kind: 'remove', path: '/q/a' });
    expect(store.jobs.claim()).toMatchObject({ kind: 'rename', path: '/q/c', newPath: '/q/e' });
    store.jobs.finish(j1);
    expect(store.jobs.claim()).toMatchObject({ kind: 'index', path: '/q/a', attempts: 1 });
    expect(store.jobs.claim()).toBeNull();
  });

  it('retries failed jobs at the back of the queue and recovers running jobs after a crash', () => {
    const { id: f } = store.addFolder('/q', { include: [], exclude: [] });
    store.jobs.enqueue('index', f, '/q/a');
    store.jobs.enqueue('index', f, '/q/b');
    const a = store.jobs.claim()!;
    expect(store.jobs.fail(a, 'timeout')).toBe(true);
    expect(store.jobs.claim()).toMatchObject({ path: '/q/b' });
    const again = store.jobs.claim()!;
    expect(again).toMatchObject({ path: '/q/a', attempts: 2 });
    expect(store.jobs.fail(again, 'timeout')).toBe(true);
    const last = store.jobs.claim()!;
    expect(last).toMatchObject({ path: '/q/a', attempts: 3 });
    expect(store.jobs.lastError(last.id)).toBe('timeout');
    expect(store.jobs.fail(last, 'corrupt')).toBe(false); // the third failure is the last
    expect(store.jobs.pending()).toBe(0);

    // b is still running: a crash. After restart it goes back to pending, merged with a newer request.
    store.jobs.enqueue('index', f, '/q/c');
    const c = store.jobs.claim()!;
    store.jobs.enqueue('index', f, '/q/c');
    store.close();
    store = SqliteStore.open(dir);
    expect(store.jobs.recover()).toBe(2);
    expect(store.jobs.pending()).toBe(2);
    const paths = [store.jobs.claim()!, store.jobs.claim()!].map((j) => j.path).sort();
    expect(paths).toEqual(['/q/b', '/q/c']);
    expect(c.path).toBe('/q/c');
    expect(store.jobs.claim()).toBeNull();
  });
});

describe('conversations', () => {
  it('creates, lists, renames and deletes conversations with their messages', () => {
    const c2 = store.conversations.create('Second');
    const c1 = store.conversations.create('First'); // most recently active: listed first
    const m1 = store.conversations.addMessage({ conversationId: c1, role: 'user', text: 'What is X?' });
    const m2 = store.conversations.addMessage({
      conversationId: c1,
      role: 'assistant',
      status: 'streaming',
      provider: 'offline',
    });
    store.conversations.updateMessage(m2, {
      text: 'X is [1].',
      status: 'done',
      citations: [
        {
          n: 1,
          chunkId: 3,
          documentId: 2,
          path: '/a.pdf',
          pageStart: 1,
          pageEnd: 1,
          pageLabel: null,
          charStart: 0,
          charEnd: 5,
          quote: 'X is',
        },
      ],
    });
    expect(store.conversations.listMessages(c1)).toEqual([
      expect.objectContaining({
        id: m1,
        role: 'user',
        text: 'What is X?',
        citations: [],
        hits: [],
        report: null,
        status: 'done',
      }),
      expect.objectContaining({ id: m2, role: 'assistant', text: 'X is [1].', status: 'done', provider: 'offline' }),
    ]);
    expect(store.conversations.getMessage(m2)!.citations[0].quote).toBe('X is');
    expect(store.conversations.list().map((c) => [c.id, c.messages])).toEqual([
      [c1, 2],
      [c2, 0],
    ]);
    store.conversations.rename(c2, 'Renamed');
    expect(store.conversations.get(c2)).toMatchObject({ title: 'Renamed', messages: 0 });
    store.conversations.delete(c1);
    expect(store.conversations.get(c1)).toBeNull();
    expect(store.conversations.listMessages(c1)).toEqual([]);
    expect(store.conversations.getMessage(m1)).toBeNull();
  });
});
