// Search for a reader of a Chroma collection (another library's, no local catalog), against a real Chroma
// server: keyword search through the records (chroma-keyword.ts) and hybrid search fed by them
// (chroma-search.ts), reached through the index's reader capability as searchAnyBackend does.
import { describe, expect, it } from 'vitest';
import { chromaTestBed } from '../store/chroma/test-support/test-bed';
import { ChromaConnection, ChromaIndex } from '../store/chroma';
import { DIM, indexDocument, MODEL } from '../store/chroma/test-support/index-document';
import type { SqliteStore } from '../store/sqlite';
import { pseudoVector } from '../store/test-support/fixtures';
import { searchAnyBackend } from './any-backend';
import { chromaKeywordSearch } from './chroma-keyword';
import { chromaHybridSearch } from './chroma-search';

const bed = chromaTestBed('lucarne-chroma-test-');
const { cleanups, openStore } = bed;

async function openIndex(store: SqliteStore, prefix: string) {
  const connection = await ChromaConnection.connect({
    url: bed.server.url,
    tenant: 'default_tenant',
    database: 'default_database',
    collectionPrefix: prefix,
  });
  const ix = await ChromaIndex.open({ connection, store, model: MODEL, dim: DIM });
  cleanups.push(() => ix.close().catch(() => {}));
  return ix;
}

describe('search for a reader of a Chroma collection', () => {
  it('searches the collection with text and metadata from the records', async () => {
    const owner = openStore();
    const ix = await openIndex(owner, 'shared');
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
    const reader = await openIndex(mate, 'shared');
    expect(reader.role).toBe('reader');

    // Keyword fallback: case, accents and stems ("resume" finds "Résumé", "vaccines" finds "Vaccination").
    const kw = await chromaKeywordSearch(reader, 'resume of VACCINES', 5);
    expect(kw.length).toBeGreaterThan(0);
    const kwChunks = await reader.fetchChunks(kw.map((h) => h.chunkId));
    expect(kwChunks.get(kw[0].chunkId)?.text).toMatch(/Résumé|Vaccination/);
    for (const h of kw) expect(kwChunks.get(h.chunkId)?.path).toBe('/docs/health/vaccines.txt');
    expect(kw[0].snippet).toMatch(/«/);

    const embedder = {
      id: MODEL,
      dim: DIM,
      local: true,
      embedDocuments: async (t: string[]) => t.map((x) => pseudoVector(x, DIM)),
      embedQuery: async (t: string) => pseudoVector(t, DIM),
    };
    const hits = await chromaHybridSearch({ index: reader, embedder }, { query: 'spring tides', k: 3, mode: 'hybrid' });
    expect(hits[0].chunk.text).toBe('Spring tides are stronger.');
    expect(hits[0].chunk.path).toBe('/docs/ocean/tides.txt');
    expect(hits[0].score.bm25).not.toBeNull();
    const vectorOnly = await chromaHybridSearch(
      { index: reader, embedder },
      { query: 'The moon pulls the ocean twice a day.', k: 1, mode: 'vector' },
    );
    expect(vectorOnly[0].chunk.text).toBe('The moon pulls the ocean twice a day.');
    const filtered = await chromaHybridSearch(
      { index: reader, embedder },
      { query: 'tides vaccine', k: 5, mode: 'hybrid', filters: { pathGlob: '**/health/**' } },
    );
    expect(filtered.length).toBeGreaterThan(0);
    for (const h of filtered) expect(h.chunk.path).toBe('/docs/health/vaccines.txt');

    // The entry point takes the same path for the reader (its catalog is empty), not for the owner.
    const viaEntry = await searchAnyBackend(
      { store: mate, vectors: reader, embedder },
      { query: 'spring tides', k: 3, mode: 'hybrid' },
    );
    expect(viaEntry.map((h) => h.chunk.id)).toEqual(hits.map((h) => h.chunk.id));
    await expect(chromaHybridSearch({ index: ix, embedder }, { query: 'tides', k: 1, mode: 'bm25' })).rejects.toThrow(
      /not a reader/,
    );
  });
});
