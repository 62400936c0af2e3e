// The real library (scan, parse, chunk, offline embedder, SQLite) writing to a Chroma collection instead
// of FAISS: index, search, delete, rename and re-index a folder of files, as `lucarne index --store chroma`
// does, and a teammate's client searching the same collection without the files or the catalog.
import { appendFileSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChromaServer, startChroma } from '../../../test-support/chroma-server';
import { OfflineEmbedder } from '../embed/offline';
import { Library } from '../library/library';
import { librarySettingsFrom } from '../library/open-library';
import { loadSettings } from '../settings';
import type { ChromaConfig, ChromaIndex } from '../store/chroma';
import { openVectorIndex } from '../store/open-vector-index';
import { SqliteStore } from '../store/sqlite';
import { searchAnyBackend } from './any-backend';
import { chromaHybridSearch } from './chroma-search';
import { hybridSearch } from './hybrid';

let server: ChromaServer;
let config: ChromaConfig;
const embedder = new OfflineEmbedder();
const roots: string[] = [];
const temp = (prefix: string) => {
  const d = mkdtempSync(join(tmpdir(), prefix));
  roots.push(d);
  return d;
};

beforeAll(async () => {
  server = await startChroma();
  config = { url: server.url, tenant: 'default_tenant', database: 'default_database', collectionPrefix: 'lib' };
});
afterAll(async () => {
  await server?.dispose();
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

async function runOnce(store: SqliteStore, vectors: ChromaIndex, folder?: string): Promise<void> {
  const library = new Library({
    store,
    vectors,
    embedder,
    settings: () => librarySettingsFrom(loadSettings(store)),
    watch: false,
    log: { warn: () => {} },
  });
  await library.start({ watch: false });
  if (folder) await library.addFolder(folder);
  await library.whenIdle();
  await library.stop();
  await vectors.flush();
}

async function recordsWhere(ix: ChromaIndex, where: Record<string, string>) {
  return ix.withCollection('read', (c) => c.get({ where, include: ['metadatas', 'documents'] }));
}

describe('the library on a Chroma backend', () => {
  it('indexes, searches, deletes, renames and re-indexes a folder', async () => {
    const docs = temp('lucarne-chroma-docs-');
    const store = SqliteStore.open(temp('lucarne-chroma-data-'));
    const ix = (await openVectorIndex({
      backend: 'chroma',
      chroma: config,
      dir: store.dataDir,
      store,
      model: embedder.id,
      dim: embedder.dim,
    })) as ChromaIndex;
    try {
      writeFileSync(
        join(docs, 'tides.md'),
        '# Tides\n\nThe moon pulls the ocean, raising tides twice a day along the coast.\n',
      );
      writeFileSync(
        join(docs, 'bread.md'),
        '# Bread\n\nKnead the dough, let the yeast rise, then bake the loaf in a hot oven.\n',
      );
      writeFileSync(
        join(docs, 'volcano.txt'),
        'Volcanoes erupt when magma rises through the crust and lava flows out.\n',
      );
      await runOnce(store, ix, docs);
      expect(store.countChunkVectors(embedder.id)).toBeGreaterThanOrEqual(3);
      expect(await ix.count()).toBe(store.countChunkVectors(embedder.id));

      const search = (query: string) =>
        searchAnyBackend({ store, vectors: ix, embedder }, { query, k: 3, mode: 'hybrid' });
      expect((await search('how does yeast make dough rise'))[0].chunk.path).toBe(join(docs, 'bread.md'));
      const direct = await hybridSearch(
        { store, vectors: ix, embedder },
        { query: 'lava and magma', k: 1, mode: 'vector' },
      );
      expect(direct[0].chunk.path).toBe(join(docs, 'volcano.txt'));

      // delete (while Lucarne is closed: the catch-up scan notices)
      rmSync(join(docs, 'volcano.txt'));
      await runOnce(store, ix);
      expect((await recordsWhere(ix, { path: join(docs, 'volcano.txt') })).ids).toEqual([]);
      expect(await ix.count()).toBe(store.countChunkVectors(embedder.id));

      // rename: no re-embedding; the records carry the new path
      const before = store.chunkIdsWithVectors(embedder.id);
      renameSync(join(docs, 'tides.md'), join(docs, 'ocean-tides.md'));
      await runOnce(store, ix);
      expect(store.chunkIdsWithVectors(embedder.id)).toEqual(before);
      expect((await recordsWhere(ix, { path: join(docs, 'tides.md') })).ids).toEqual([]);
      const renamed = await recordsWhere(ix, { path: join(docs, 'ocean-tides.md') });
      expect(renamed.ids.length).toBeGreaterThan(0);
      expect((await search('moon and ocean tides'))[0].chunk.path).toBe(join(docs, 'ocean-tides.md'));

      // re-index an edited file: its new text is searchable, and every record matches the catalog
      appendFileSync(
        join(docs, 'bread.md'),
        '\n## Sourdough\n\nA sourdough starter replaces commercial yeast with wild fermentation.\n',
      );
      await runOnce(store, ix);
      expect(await ix.count()).toBe(store.countChunkVectors(embedder.id));
      expect((await search('sourdough starter fermentation'))[0].chunk.text).toMatch(/sourdough/i);
      const bread = store.getDocumentByPath(join(docs, 'bread.md'))!;
      const chunks = store.documentChunks(bread.id);
      const recs = await recordsWhere(ix, { path: bread.path });
      expect(recs.ids.map(Number).sort((a, b) => a - b)).toEqual(chunks.map((c) => c.id).sort((a, b) => a - b));
      for (const c of chunks) {
        const j = recs.ids.indexOf(String(c.id));
        expect(recs.documents[j]).toBe(c.text);
        expect(recs.metadatas[j]).toMatchObject({ ordinal: c.ordinal, char_start: c.charStart, char_end: c.charEnd });
      }

      // a teammate: no files, no catalog, same collection
      const mateStore = SqliteStore.open(temp('lucarne-chroma-mate-'));
      const mate = (await openVectorIndex({
        backend: 'chroma',
        chroma: config,
        dir: mateStore.dataDir,
        store: mateStore,
        model: embedder.id,
        dim: embedder.dim,
      })) as ChromaIndex;
      try {
        expect(mate.role).toBe('reader');
        const hits = await searchAnyBackend(
          { store: mateStore, vectors: mate, embedder },
          { query: 'sourdough starter', k: 3, mode: 'hybrid' },
        );
        expect(hits[0].chunk.path).toBe(bread.path);
        expect(hits[0].chunk.text).toMatch(/sourdough/i);
        const keyword = await chromaHybridSearch(
          { index: mate, embedder },
          { query: 'moon tides', k: 3, mode: 'bm25' },
        );
        expect(keyword[0].chunk.path).toBe(join(docs, 'ocean-tides.md'));
      } finally {
        await mate.close();
        mateStore.close();
      }
    } finally {
      await ix.close();
      store.close();
    }
  }, 120_000);
});
