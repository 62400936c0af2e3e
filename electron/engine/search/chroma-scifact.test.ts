// The embedded and Chroma backends on the same data (BEIR SciFact, 5,183 abstracts, offline embedder) must
// return the same results: vector search and hybrid search, top-10 overlap ≥ 0.9. A reader of the collection
// (no local catalog, keyword search through Chroma) must stay close to the local FTS5 results.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  docOfPath,
  fillSciFactStore,
  loadSciFact,
  meanOverlap,
  ndcg10,
  type SciFactData,
} from '../../../test-support/chroma-fixtures';
import { type ChromaServer, startChroma } from '../../../test-support/chroma-server';
import { OfflineEmbedder } from '../embed/offline';
import { ChromaConnection, ChromaIndex } from '../store/chroma';
import { FaissIndex } from '../store/faiss';
import { SqliteStore } from '../store/sqlite';
import { tempDir } from '../store/test-support/fixtures';
import { chromaHybridSearch } from './chroma-search';
import { hybridSearch } from './hybrid';

const HYBRID_QUERIES = 60;
const VECTOR_QUERIES = 300;

let server: ChromaServer;
let data: SciFactData;
let embedder: OfflineEmbedder;
let store: SqliteStore;
let readerStore: SqliteStore;
let faiss: FaissIndex;
let chroma: ChromaIndex;
let reader: ChromaIndex;
const dirs: { cleanup(): void }[] = [];

beforeAll(async () => {
  server = await startChroma();
  data = loadSciFact();
  embedder = new OfflineEmbedder().load();
  const main = tempDir('lucarne-scifact-');
  const mate = tempDir('lucarne-scifact-reader-');
  dirs.push(main, mate);
  store = SqliteStore.open(main.dir);
  await fillSciFactStore(store, embedder, data);
  faiss = await FaissIndex.open({ dir: main.dir, model: embedder.id, dim: embedder.dim, store });
  const config = {
    url: server.url,
    tenant: 'default_tenant',
    database: 'default_database',
    collectionPrefix: 'scifact',
  };
  chroma = await ChromaIndex.open({
    connection: await ChromaConnection.connect(config),
    store,
    model: embedder.id,
    dim: embedder.dim,
  });
  readerStore = SqliteStore.open(mate.dir);
  reader = await ChromaIndex.open({
    connection: await ChromaConnection.connect(config),
    store: readerStore,
    model: embedder.id,
    dim: embedder.dim,
  });
}, 300_000);

afterAll(async () => {
  await reader?.close();
  await chroma?.close();
  await faiss?.close();
  readerStore?.close();
  store?.close();
  await server?.dispose();
  for (const d of dirs) d.cleanup();
});

/** Every k-th query, so the sample spreads over the whole split. */
function sample(n: number) {
  const step = data.queries.length / n;
  return Array.from({ length: n }, (_, i) => data.queries[Math.floor(i * step)]);
}

describe('embedded vs Chroma on SciFact', () => {
  it('holds the same vectors', async () => {
    expect(chroma.role).toBe('owner');
    expect(await chroma.count()).toBe(data.corpus.length);
    expect(await faiss.count()).toBe(data.corpus.length);
  });

  it('vector search: top-10 overlap ≥ 0.9', async () => {
    const a: number[][] = [];
    const b: number[][] = [];
    for (const q of sample(VECTOR_QUERIES)) {
      const v = await embedder.embedQuery(q.text);
      a.push((await faiss.search(v, 10)).map((h) => h.chunkId));
      b.push((await chroma.search(v, 10)).map((h) => h.chunkId));
    }
    expect(meanOverlap(a, b, 10)).toBeGreaterThanOrEqual(0.9);
  }, 120_000);

  it('hybrid search (local FTS5 + either vector index): top-10 overlap ≥ 0.9 and the same quality', async () => {
    const a: number[][] = [];
    const b: number[][] = [];
    let ndcgA = 0;
    let ndcgB = 0;
    const queries = sample(HYBRID_QUERIES);
    for (const q of queries) {
      const ha = await hybridSearch({ store, vectors: faiss, embedder }, { query: q.text, k: 10, mode: 'hybrid' });
      const hb = await hybridSearch({ store, vectors: chroma, embedder }, { query: q.text, k: 10, mode: 'hybrid' });
      a.push(ha.map((h) => h.chunk.id));
      b.push(hb.map((h) => h.chunk.id));
      ndcgA += ndcg10(
        ha.map((h) => docOfPath(h.chunk.path)),
        data.qrels.get(q._id)!,
      );
      ndcgB += ndcg10(
        hb.map((h) => docOfPath(h.chunk.path)),
        data.qrels.get(q._id)!,
      );
    }
    expect(meanOverlap(a, b, 10)).toBeGreaterThanOrEqual(0.9);
    expect(Math.abs(ndcgA - ndcgB) / queries.length).toBeLessThan(0.01);
  }, 300_000);

  it('a reader without the catalog (keyword search through Chroma) stays close to the embedded results', async () => {
    const a: number[][] = [];
    const b: number[][] = [];
    let ndcgA = 0;
    let ndcgB = 0;
    const queries = sample(HYBRID_QUERIES);
    expect(reader.role).toBe('reader');
    for (const q of queries) {
      const ha = await hybridSearch({ store, vectors: faiss, embedder }, { query: q.text, k: 10, mode: 'hybrid' });
      const hb = await chromaHybridSearch({ index: reader, embedder }, { query: q.text, k: 10, mode: 'hybrid' });
      // Chunk ids are the owner's in both (the reader reads them from the records); compare documents anyway.
      a.push(ha.map((h) => Number(docOfPath(h.chunk.path))));
      b.push(hb.map((h) => Number(docOfPath(h.chunk.path))));
      ndcgA += ndcg10(
        ha.map((h) => docOfPath(h.chunk.path)),
        data.qrels.get(q._id)!,
      );
      ndcgB += ndcg10(
        hb.map((h) => docOfPath(h.chunk.path)),
        data.qrels.get(q._id)!,
      );
      for (const h of hb) expect(h.chunk.text.length).toBeGreaterThan(0);
    }
    expect(meanOverlap(a, b, 10)).toBeGreaterThanOrEqual(0.75);
    expect(ndcgB / queries.length).toBeGreaterThan(ndcgA / queries.length - 0.05);
  }, 300_000);
});
