// Migration between the embedded store and a real Chroma server, both ways, with progress and verification.
import { existsSync, rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { chromaTestBed } from './test-support/test-bed';
import { FaissIndex, faissFileFor } from '../faiss';
import type { SqliteStore } from '../sqlite';
import { draftsFor, pseudoVector } from '../test-support/fixtures';
import { ChromaConnection } from './connection';
import {
  type MigrationProgress,
  migrateToChroma,
  migrateToEmbedded,
  rebuildText,
  sameTopK,
  verifyBackends,
} from './migrate';
import type { RemoteChunk } from './records';
import { ChromaIndex } from './vector-index';

const MODEL = 'test:pseudo';
const DIM = 24;

const bed = chromaTestBed('lucarne-migrate-');
const { cleanups, openStore } = bed;
let seq = 0;

/** A small library: two folders, 40 documents of 1–12 chunks with headings and pages. */
function fill(store: SqliteStore): number {
  let chunks = 0;
  for (const folderPath of ['/lib/papers', '/lib/notes']) {
    const folder = store.addFolder(folderPath, { include: [], exclude: [] });
    for (let d = 0; d < 20; d++) {
      const n = 1 + ((d * 7) % 12);
      const texts = Array.from(
        { length: n },
        (_, i) => `${folderPath} document ${d} passage ${i} on subject ${(d + i) % 9}`,
      );
      const { drafts, text } = draftsFor(texts, ['Chapter', `Section ${d}`]);
      const paged = drafts.map((x, i) => ({ ...x, pageStart: i + 1, pageEnd: i + 1 }));
      const path = `${folderPath}/doc-${d}.pdf`;
      const { id } = store.upsertDocument({
        folderId: folder.id,
        path,
        relPath: `doc-${d}.pdf`,
        kind: 'pdf',
        size: 1000 + d,
        mtimeMs: 1_600_000_000_000 + d,
      });
      const diff = store.replaceChunks(id, paged, text, []);
      store.putVectors(
        MODEL,
        DIM,
        diff.added.map((c) => ({ sha256: c.sha256, vector: pseudoVector(c.text, DIM) })),
      );
      store.setDocumentStatus(id, 'indexed', null, { pages: n });
      chunks += n;
    }
  }
  return chunks;
}

async function connect(prefix: string) {
  return ChromaConnection.connect({
    url: bed.server.url,
    tenant: 'default_tenant',
    database: 'default_database',
    collectionPrefix: prefix,
  });
}

describe('migrateToChroma', () => {
  it('writes every vector with its text, reports progress, and verifies counts and top-10', async () => {
    const store = openStore();
    const total = fill(store);
    const progress: MigrationProgress[] = [];
    const result = await migrateToChroma({
      store,
      dir: store.dataDir,
      model: MODEL,
      dim: DIM,
      connection: await connect(`m${++seq}`),
      onProgress: (p) => progress.push(p),
    });
    expect(result.written).toBe(total);
    expect(result.verify.ok).toBe(true);
    expect(result.verify.counts).toEqual({ catalog: total, embedded: total, chroma: total });
    expect(result.verify.contents.matching).toBe(result.verify.contents.checked);
    expect(result.verify.queries).toBe(20);
    expect(result.verify.identical).toBe(20);
    expect(result.verify.meanOverlap).toBe(1);
    const writing = progress.filter((p) => p.phase === 'writing');
    expect(writing.at(-1)).toEqual({ phase: 'writing', done: total, total });
    expect(progress.some((p) => p.phase === 'verifying' && p.done === 20)).toBe(true);
  });

  it('will not overwrite another library’s collection unless told to replace it', async () => {
    const prefix = `m${++seq}`;
    const theirs = openStore();
    fill(theirs);
    await migrateToChroma({
      store: theirs,
      dir: theirs.dataDir,
      model: MODEL,
      dim: DIM,
      connection: await connect(prefix),
    });
    const mine = openStore();
    const total = fill(mine);
    const opts = { store: mine, dir: mine.dataDir, model: MODEL, dim: DIM, connection: await connect(prefix) };
    await expect(migrateToChroma(opts)).rejects.toMatchObject({ problem: 'read-only' });
    const replaced = await migrateToChroma({ ...opts, replace: true });
    expect(replaced.verify.ok).toBe(true);
    expect(replaced.verify.counts.chroma).toBe(total);
  });
});

describe('migrateToEmbedded', () => {
  it('as the owner: builds the FAISS index from the catalog and verifies it against Chroma', async () => {
    const store = openStore();
    const total = fill(store);
    const prefix = `m${++seq}`;
    await migrateToChroma({ store, dir: store.dataDir, model: MODEL, dim: DIM, connection: await connect(prefix) });
    const file = faissFileFor(store.dataDir, MODEL);
    rmSync(file, { force: true });
    const result = await migrateToEmbedded({
      store,
      dir: store.dataDir,
      model: MODEL,
      dim: DIM,
      connection: await connect(prefix),
    });
    expect(result.imported).toBeNull();
    expect(result.written).toBe(total);
    expect(existsSync(file)).toBe(true);
    expect(result.verify.ok).toBe(true);
    expect(result.verify.identical).toBe(result.verify.queries);
  });

  it('on another machine: imports folders, documents, chunks and vectors from the records', async () => {
    const owner = openStore();
    const total = fill(owner);
    const prefix = `m${++seq}`;
    await migrateToChroma({
      store: owner,
      dir: owner.dataDir,
      model: MODEL,
      dim: DIM,
      connection: await connect(prefix),
    });

    const fresh = openStore();
    const progress: MigrationProgress[] = [];
    const result = await migrateToEmbedded({
      store: fresh,
      dir: fresh.dataDir,
      model: MODEL,
      dim: DIM,
      connection: await connect(prefix),
      onProgress: (p) => progress.push(p),
    });
    expect(result.imported).toEqual({ folders: 2, documents: 40, chunks: total });
    expect(result.verify.ok).toBe(true);
    expect(result.verify.identical).toBe(result.verify.queries);
    expect(progress.some((p) => p.phase === 'importing' && p.done === total)).toBe(true);

    // The imported catalog matches the original: same documents, chunk texts, pages, headings and offsets.
    expect(
      fresh
        .listFolders()
        .map((f) => f.path)
        .sort(),
    ).toEqual(
      owner
        .listFolders()
        .map((f) => f.path)
        .sort(),
    );
    for (const doc of owner.listDocuments({ limit: 100 }).items) {
      const twin = fresh.getDocumentByPath(doc.path);
      expect(twin).toMatchObject({
        relPath: doc.relPath,
        kind: doc.kind,
        size: doc.size,
        mtimeMs: doc.mtimeMs,
        status: 'indexed',
        pages: doc.pages,
      });
      const a = owner.documentChunks(doc.id);
      const b = fresh.documentChunks(twin!.id);
      expect(b.map((c) => [c.text, c.pageStart, c.headingPath, c.charStart, c.charEnd])).toEqual(
        a.map((c) => [c.text, c.pageStart, c.headingPath, c.charStart, c.charEnd]),
      );
      // The text between chunks is not in the records: it comes back as spaces, the chunks at their offsets.
      const rebuilt = fresh.getDocumentText(twin!.id)!.text;
      for (const c of b) expect(rebuilt.slice(c.charStart, c.charEnd)).toBe(c.text);
      expect(rebuilt.replace(/\s+/g, ' ')).toBe(owner.getDocumentText(doc.id)!.text.replace(/\s+/g, ' '));
    }
    // Search on the imported library finds the same passages (by path and text) as on the original.
    const fa = await FaissIndex.open({ dir: owner.dataDir, model: MODEL, dim: DIM, store: owner });
    const fb = await FaissIndex.open({ dir: fresh.dataDir, model: MODEL, dim: DIM, store: fresh });
    cleanups.push(async () => {
      await fa.close();
      await fb.close();
    });
    for (const probe of ['/lib/notes document 3 passage 1 on subject 4', 'unrelated words']) {
      const q = pseudoVector(probe, DIM);
      const key = (s: SqliteStore, ids: number[]) => s.getChunks(ids).map((c) => `${c.path}#${c.text}`);
      expect(
        key(
          fresh,
          (await fb.search(q, 5)).map((h) => h.chunkId),
        ),
      ).toEqual(
        key(
          owner,
          (await fa.search(q, 5)).map((h) => h.chunkId),
        ),
      );
    }
  });
});

describe('verification', () => {
  it('notices a collection that lost records', async () => {
    const store = openStore();
    fill(store);
    const prefix = `m${++seq}`;
    await migrateToChroma({ store, dir: store.dataDir, model: MODEL, dim: DIM, connection: await connect(prefix) });
    const chroma = await ChromaIndex.open({
      connection: await connect(prefix),
      store,
      model: MODEL,
      dim: DIM,
      mode: 'reader',
    });
    const faiss = await FaissIndex.open({ dir: store.dataDir, model: MODEL, dim: DIM, store });
    cleanups.push(async () => {
      await faiss.close();
      await chroma.close();
    });
    const victims = store.chunkIdsWithVectors(MODEL).slice(0, 50).map(String);
    await chroma.withCollection('tamper', (c) => c.delete({ ids: victims }));
    const report = await verifyBackends({ store, model: MODEL, embedded: faiss, chroma });
    expect(report.ok).toBe(false);
    expect(report.problems.join(' ')).toMatch(/counts differ/);
    expect(report.counts.chroma).toBe(report.counts.catalog - 50);
    expect(report.contents.matching).toBeLessThan(report.contents.checked);
  });

  it('treats swapped ties as identical, and anything else as different', () => {
    const h = (chunkId: number, score: number) => ({ chunkId, score });
    expect(sameTopK([h(1, 0.9), h(2, 0.8)], [h(1, 0.9), h(2, 0.8)])).toBe(true);
    expect(sameTopK([h(1, 0.9), h(2, 0.8), h(3, 0.8)], [h(1, 0.9), h(3, 0.8), h(2, 0.8)])).toBe(true);
    expect(sameTopK([h(1, 0.9), h(2, 0.5)], [h(1, 0.9), h(4, 0.5)])).toBe(true); // last place tied
    expect(sameTopK([h(1, 0.9), h(2, 0.8)], [h(2, 0.8), h(1, 0.9)])).toBe(false);
    expect(sameTopK([h(1, 0.9), h(2, 0.8)], [h(1, 0.9), h(4, 0.7)])).toBe(false);
  });

  it('rebuilds a document text from its chunks', () => {
    const chunk = (text: string, charStart: number, charEnd = charStart + text.length) =>
      ({ text, charStart, charEnd }) as RemoteChunk;
    expect(rebuildText([chunk('Hello', 0), chunk('world', 7)]).text).toBe('Hello  world');
    // overlapping chunks (the chunker's overlap) agree on the shared text
    expect(rebuildText([chunk('one two', 0), chunk('two three', 4)]).text).toBe('one two three');
    // offsets that do not fit the texts: laid end to end, offsets rewritten
    const odd = rebuildText([chunk('abc', 0, 10), chunk('def', 5, 6)]);
    expect(odd.text).toBe('abc\n\ndef');
    expect(odd.chunks.map((c) => [c.charStart, c.charEnd])).toEqual([
      [0, 3],
      [5, 8],
    ]);
  });
});
