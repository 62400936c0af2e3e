// ChromaIndex against a real Chroma server: what the library's pipeline does to a vector index (index,
// search, delete, rename, re-index), reopening after changes, a second library reading the collection,
// and outages: the server killed in the middle of a write, down for a while, or restarted with its data lost.
import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { startChroma } from '../../../../test-support/chroma-server';
import { chromaTestBed } from './test-support/test-bed';
import { FaissIndex } from '../faiss';
import type { SqliteStore } from '../sqlite';
import { draftsFor, pseudoVector } from '../test-support/fixtures';
import type { ChunkDraft } from '../types';
import { collectionNameFor } from './config';
import { ChromaBackendError, ChromaConnection, type RetryPolicy } from './connection';
import { DIM, indexDocument, MODEL } from './test-support/index-document';
import { ChromaIndex, type ChromaIndexOptions } from './vector-index';

const bed = chromaTestBed('lucarne-chroma-test-');
const { cleanups, openStore } = bed;
let prefixSeq = 0;

async function connect(url = bed.server.url, prefix = `t${++prefixSeq}`, retry: Partial<RetryPolicy> = {}) {
  return ChromaConnection.connect(
    { url, tenant: 'default_tenant', database: 'default_database', collectionPrefix: prefix },
    { retry },
  );
}

async function openIndex(store: SqliteStore, connection: ChromaConnection, extra: Partial<ChromaIndexOptions> = {}) {
  const ix = await ChromaIndex.open({ connection, store, model: MODEL, dim: DIM, ...extra });
  cleanups.push(() => ix.close().catch(() => {}));
  return ix;
}

async function rawRecords(ix: ChromaIndex, ids: number[]) {
  const res = await ix.withCollection('read', (c) =>
    c.get({ ids: ids.map(String), include: ['metadatas', 'documents'] }),
  );
  return new Map(res.ids.map((id, i) => [Number(id), { meta: res.metadatas[i]!, text: res.documents[i] }]));
}

describe('ChromaIndex (owner)', () => {
  it('stores each chunk text and its metadata beside the vector', async () => {
    const store = openStore();
    const ix = await openIndex(store, await connect());
    const drafts: ChunkDraft[] = draftsFor(['Introduction to tides.', 'The moon pulls the sea.']).drafts.map(
      (d, i) => ({
        ...d,
        headingPath: ['Ocean', `Part ${i + 1}`],
        pageStart: i + 1,
        pageEnd: i + 2,
        pageLabel: i === 0 ? 'iv' : null,
      }),
    );
    const { diff, documentId } = await indexDocument(store, ix, '/docs/sea/tides.pdf', {
      drafts,
      text: 'Introduction to tides.\n\nThe moon pulls the sea.',
    });
    expect(await ix.count()).toBe(2);
    const recs = await rawRecords(
      ix,
      diff.added.map((c) => c.id),
    );
    const first = recs.get(diff.added[0].id)!;
    expect(first.text).toBe('Introduction to tides.');
    expect(first.meta).toMatchObject({
      chunk_id: diff.added[0].id,
      document_id: documentId,
      path: '/docs/sea/tides.pdf',
      rel_path: 'sea/tides.pdf',
      folder: '/docs',
      kind: 'text',
      ordinal: 0,
      page_start: 1,
      page_end: 2,
      page_label: 'iv',
      char_start: 0,
      char_end: 'Introduction to tides.'.length,
      heading: JSON.stringify(['Ocean', 'Part 1']),
      sha256: diff.added[0].sha256,
    });
    expect(recs.get(diff.added[1].id)!.meta.page_label).toBeUndefined();
  });

  it('finds the same nearest chunks as the embedded index, with and without a filter', async () => {
    const store = openStore();
    const ix = await openIndex(store, await connect());
    const texts = Array.from({ length: 60 }, (_, i) => `passage number ${i} about topic ${i % 7}`);
    for (let d = 0; d < 6; d++) await indexDocument(store, ix, `/docs/d${d}.txt`, texts.slice(d * 10, d * 10 + 10));
    const faiss = await FaissIndex.open({ dir: store.dataDir, model: MODEL, dim: DIM, store });
    cleanups.push(() => faiss.close());
    for (const probe of [
      'passage number 3 about topic 3',
      'something else entirely',
      'passage number 42 about topic 0',
    ]) {
      const q = pseudoVector(probe, DIM);
      const a = await faiss.search(q, 10);
      const b = await ix.search(q, 10);
      expect(b.map((h) => h.chunkId)).toEqual(a.map((h) => h.chunkId));
      for (const [i, h] of b.entries()) expect(h.score).toBeCloseTo(a[i].score, 4);
    }
    const exact = await ix.search(pseudoVector(texts[17], DIM), 1);
    expect(exact[0].score).toBeCloseTo(1, 4);
    const ids = store.chunkIdsWithVectors(MODEL);
    const allowed = new Set(ids.filter((_, i) => i % 5 === 0));
    const filtered = await ix.search(pseudoVector('passage', DIM), 5, allowed);
    expect(filtered).toHaveLength(5);
    for (const h of filtered) expect(allowed.has(h.chunkId)).toBe(true);
    expect(filtered.map((h) => h.chunkId)).toEqual(
      (await faiss.search(pseudoVector('passage', DIM), 5, allowed)).map((h) => h.chunkId),
    );
  });

  it('deletes, renames and re-indexes like the pipeline does', async () => {
    const store = openStore();
    const ix = await openIndex(store, await connect());
    const a = await indexDocument(store, ix, '/docs/a.txt', ['alpha one', 'alpha two', 'alpha three']);
    const b = await indexDocument(store, ix, '/docs/b.txt', ['beta one', 'beta two']);
    expect(await ix.count()).toBe(5);

    // delete
    const removed = store.deleteDocument(b.documentId);
    await ix.remove(removed);
    expect(await ix.count()).toBe(3);
    const hits = await ix.search(pseudoVector('beta one', DIM), 5);
    for (const h of hits) expect(removed).not.toContain(h.chunkId);

    // rename: no vector changes; the records get the new path at the next flush
    store.renameDocument('/docs/a.txt', '/docs/renamed/a2.txt', 'renamed/a2.txt');
    await ix.flush();
    const afterRename = await rawRecords(
      ix,
      a.diff.added.map((c) => c.id),
    );
    for (const r of afterRename.values()) {
      expect(r.meta.path).toBe('/docs/renamed/a2.txt');
      expect(r.meta.rel_path).toBe('renamed/a2.txt');
    }

    // re-index an edited file: a new first chunk, one chunk dropped, the others kept (their ordinals move)
    const re = await indexDocument(store, ix, '/docs/renamed/a2.txt', ['alpha zero', 'alpha one', 'alpha three']);
    expect(re.diff.added).toHaveLength(1);
    expect(re.diff.removedIds).toHaveLength(1);
    await ix.flush();
    expect(await ix.count()).toBe(3);
    const current = store.documentChunks(re.documentId);
    const recs = await rawRecords(
      ix,
      current.map((c) => c.id),
    );
    for (const c of current) {
      expect(recs.get(c.id)!.meta.ordinal).toBe(c.ordinal);
      expect(recs.get(c.id)!.meta.char_start).toBe(c.charStart);
      expect(recs.get(c.id)!.text).toBe(c.text);
    }
    expect(await ix.count()).toBe(store.countChunkVectors(MODEL));
  });

  it('on reopening, catches up with changes made while it was closed', async () => {
    const store = openStore();
    const connection = await connect();
    const first = await openIndex(store, connection);
    expect(first.openReport).toMatchObject({ created: true, role: 'owner' });
    const a = await indexDocument(store, first, '/docs/a.txt', ['one', 'two', 'three']);
    await first.close();

    const again = await openIndex(store, connection);
    expect(again.openReport).toMatchObject({ created: false, source: 'in-sync', count: 3 });
    await again.close();

    // Changes the index never saw (e.g. a crash between the SQLite commit and the mirror).
    const detached = { add: async () => {}, remove: async () => {} };
    await indexDocument(store, detached, '/docs/b.txt', ['four', 'five']);
    store.deleteDocument(a.documentId);
    const third = await openIndex(store, connection);
    expect(third.openReport).toMatchObject({ source: 'reconciled', added: 2, removed: 3, count: 2 });
    expect(await third.count()).toBe(store.countChunkVectors(MODEL));
  });

  it('refuses a collection made for another model or dimension', async () => {
    const store = openStore();
    const connection = await connect();
    await openIndex(store, connection);
    const name = collectionNameFor(connection.config.collectionPrefix, MODEL, DIM);
    await connection.run('tamper', async (c) => {
      const col = await c.getCollection({ name });
      await col.modify({ metadata: { ...col.metadata, lucarne_model: 'other:model' } });
    });
    await expect(ChromaIndex.open({ connection, store, model: MODEL, dim: DIM })).rejects.toThrow(/other:model/);
  });
});

describe('ChromaIndex (reader: another library on the same collection)', () => {
  it('offers the records to search instead of a catalog, and cannot write', async () => {
    const owner = openStore();
    const prefix = `shared${++prefixSeq}`;
    const ix = await openIndex(owner, await connect(bed.server.url, prefix));
    await indexDocument(owner, ix, '/docs/ocean/tides.txt', [
      'The moon pulls the ocean twice a day.',
      'Spring tides are stronger.',
    ]);
    await indexDocument(owner, ix, '/docs/health/vaccines.txt', [
      'Vaccination campaigns reduced measles cases.',
      'Résumé: the vaccine was well tolerated.',
    ]);
    await ix.flush();

    const mate = openStore();
    const reader = await openIndex(mate, await connect(bed.server.url, prefix));
    expect(reader.role).toBe('reader');
    expect(reader.openReport.source).toBe('reader');
    await expect(reader.add([{ chunkId: 999, vector: pseudoVector('x', DIM) }])).rejects.toMatchObject({
      problem: 'read-only',
    });
    await expect(reader.remove([1])).rejects.toThrow(/another Lucarne library/);
    await reader.flush(); // nothing to do, no error

    // The reader capability: search reads this collection's records; the owner's search reads its catalog.
    expect(reader.records).toBe(reader);
    expect(ix.records).toBeUndefined();
    const [tides] = owner.documentChunks(owner.getDocumentByPath('/docs/ocean/tides.txt')!.id);
    const records = await reader.fetchChunks([tides.id]);
    expect(records.get(tides.id)).toMatchObject({
      text: tides.text,
      path: '/docs/ocean/tides.txt',
      folderPath: '/docs',
    });
    expect(reader.cachedChunk(tides.id)?.text).toBe(tides.text);
    const vaccines = owner.documentChunks(owner.getDocumentByPath('/docs/health/vaccines.txt')!.id);
    const matched = await reader.matchText('(?i)\\bvaccin', { kinds: ['text'] }, 10);
    expect(matched.sort((x, y) => x - y)).toEqual(vaccines.map((c) => c.id).sort((x, y) => x - y));
    expect(await reader.matchText('(?i)\\bvaccin', { kinds: ['pdf'] }, 10)).toEqual([]);
  });
});

describe('ChromaIndex outages', () => {
  it('finishes a write interrupted by a server crash once the server is back', async () => {
    const own = await startChroma();
    cleanups.push(() => own.dispose());
    const store = openStore();
    const connection = await connect(own.url, 'crash', { retryForMs: 20_000 });
    const statuses: string[] = [];
    connection.onStatus((s) => statuses.push(s));
    const ix = await openIndex(store, connection, { writeBatch: 100 });
    const texts = Array.from({ length: 3000 }, (_, i) => `chunk ${i} of a long document`);
    const detached = { add: async () => {}, remove: async () => {} };
    const { diff } = await indexDocument(store, detached, '/docs/long.txt', texts);
    const writing = ix.add(diff.added.map((c) => ({ chunkId: c.id, vector: pseudoVector(c.text, DIM) })));
    let before = 0;
    while (before === 0) before = await ix.withCollection('count', (c) => c.count(), 0);
    await own.kill(); // mid-write: some batches are on the server, some not
    expect(before).toBeGreaterThan(0);
    expect(before).toBeLessThan(3000);
    await new Promise((r) => setTimeout(r, 500));
    await own.restart();
    await writing;
    expect(statuses).toEqual(['reconnecting', 'connected']);
    expect(ix.pendingCount()).toBe(0);
    await ix.flush();
    expect(await ix.count()).toBe(3000);
    const hits = await ix.search(pseudoVector(texts[2999], DIM), 1);
    expect(hits[0].chunkId).toBe(diff.added[2999].id);
  });

  it('queues writes while the server is down, fails flush and search clearly, then catches up', async () => {
    const own = await startChroma();
    cleanups.push(() => own.dispose());
    const store = openStore();
    const warnings: string[] = [];
    const ix = await openIndex(store, await connect(own.url, 'outage', { retryForMs: 500 }), {
      log: { warn: (m) => warnings.push(m) },
      pendingVectorsMax: 1, // the second queued vector is read back from the catalog when sent
    });
    await indexDocument(store, ix, '/docs/a.txt', ['before the outage']);
    await own.stop();

    await indexDocument(store, ix, '/docs/b.txt', ['during the outage', 'still down']); // does not throw
    expect(ix.pendingCount()).toBe(2);
    expect(warnings.join('\n')).toMatch(/queued/);
    const flushError = await ix.flush().catch((e: unknown) => e);
    expect(flushError).toBeInstanceOf(ChromaBackendError);
    expect((flushError as ChromaBackendError).problem).toBe('unreachable');
    expect((flushError as Error).message).toMatch(/2 vector write\(s\) are not on the server yet/);
    await expect(ix.search(pseudoVector('x', DIM), 3)).rejects.toMatchObject({ problem: 'unreachable' });

    await own.restart();
    await ix.flush();
    expect(ix.pendingCount()).toBe(0);
    expect(await ix.count()).toBe(3);
    expect(ix.status).toBe('connected');
    for (const text of ['during the outage', 'still down']) {
      const [hit] = await ix.search(pseudoVector(text, DIM), 1);
      expect(hit.score).toBeCloseTo(1, 4);
      expect(store.getChunks([hit.chunkId])[0].text).toBe(text);
    }
  });

  it('rebuilds the collection from the catalog when the server lost its data', async () => {
    const own = await startChroma();
    cleanups.push(() => own.dispose());
    const store = openStore();
    const warnings: string[] = [];
    const ix = await openIndex(store, await connect(own.url, 'wiped', { retryForMs: 5000 }), {
      log: { warn: (m) => warnings.push(m) },
    });
    await indexDocument(store, ix, '/docs/a.txt', ['one', 'two', 'three']);
    await own.stop();
    rmSync(own.dir, { recursive: true, force: true });
    await own.restart();
    await indexDocument(store, ix, '/docs/b.txt', ['four']);
    await ix.flush();
    expect(warnings.join('\n')).toMatch(/gone from the server; rebuilding it/);
    expect(await ix.count()).toBe(4);
  });
});
