// Embedded (FAISS) vs Chroma on the same data: indexing throughput (vectors added per second), query
// latency p50/p95 (vector search alone and the full hybrid search), and how well the two agree (top-10
// overlap), plus nDCG@10 on SciFact train. Not a test: figures for docs/scale-out.md.
//   npx tsx bench/standalone/chroma-vs-faiss.ts [--queries N] [--limit DOCS] [--batch N]
import { rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { OfflineEmbedder, chromaHybridSearch, hybridSearch } from '../../electron/engine/public/retrieval';
import {
  ChromaConnection,
  ChromaIndex,
  FaissIndex,
  SqliteStore,
  type VectorIndex,
} from '../../electron/engine/public/store';
import { tempDir } from '../../electron/engine/store/test-support/fixtures';
import { startChroma } from '../../test-support/chroma-server';
import {
  docOfPath,
  fillSciFactStore,
  loadSciFact,
  meanOverlap,
  ndcg10,
  percentile,
} from '../../test-support/chroma-fixtures';

const { values } = parseArgs({
  options: {
    queries: { type: 'string', default: '300' },
    limit: { type: 'string' },
    batch: { type: 'string', default: '1000' },
  },
});
const nQueries = Number(values.queries);
const data = loadSciFact();
const limit = values.limit ? Number(values.limit) : data.corpus.length;
const embedder = new OfflineEmbedder().load();

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { p50: percentile(s, 50), p95: percentile(s, 95), mean: s.reduce((a, b) => a + b, 0) / s.length };
};
const ms = (x: number) => `${x.toFixed(2)} ms`;

const server = await startChroma();
const { dir, cleanup } = tempDir('lucarne-bench-');
const readerDir = tempDir('lucarne-bench-reader-');
try {
  const store = SqliteStore.open(dir);
  const fill = await fillSciFactStore(store, embedder, data, limit);
  const vectors = [...store.iterateChunkVectors(embedder.id)];
  console.log(
    `data: ${fill.chunks} SciFact abstracts, ${embedder.id} (${embedder.dim}-d), embedded in ${fill.embedMs.toFixed(0)} ms`,
  );

  // --- indexing (add) throughput: the same vectors through each backend's add()
  let t = performance.now();
  const faiss = await FaissIndex.open({ dir, model: embedder.id, dim: embedder.dim, store });
  const faissOpenMs = performance.now() - t;
  rmSync(faiss.file, { force: true });
  await faiss.remove(vectors.map((v) => v.chunkId));
  t = performance.now();
  for (let i = 0; i < vectors.length; i += 1000) await faiss.add(vectors.slice(i, i + 1000));
  await faiss.flush();
  const faissAddMs = performance.now() - t;

  const connection = await ChromaConnection.connect({
    url: server.url,
    tenant: 'default_tenant',
    database: 'default_database',
    collectionPrefix: 'bench',
  });
  // Open on an empty catalog view is not possible (the catalog is full), so time the initial sync, which is
  // exactly "add every vector with its text and metadata".
  t = performance.now();
  const chroma = await ChromaIndex.open({
    connection,
    store,
    model: embedder.id,
    dim: embedder.dim,
    writeBatch: Number(values.batch),
  });
  const chromaAddMs = performance.now() - t;

  console.log('\nindexing (add, incl. text + metadata for Chroma):');
  console.log(
    `  embedded (FAISS flat): ${vectors.length} vectors in ${faissAddMs.toFixed(0)} ms → ${(vectors.length / (faissAddMs / 1000)).toFixed(0)} vectors/s (open+rebuild from SQLite: ${faissOpenMs.toFixed(0)} ms)`,
  );
  console.log(
    `  Chroma (HTTP, HNSW):   ${vectors.length} vectors in ${chromaAddMs.toFixed(0)} ms → ${(vectors.length / (chromaAddMs / 1000)).toFixed(0)} vectors/s (batch ${values.batch})`,
  );

  // --- queries
  const queries = data.queries.slice(0, nQueries);
  const qvecs = await Promise.all(queries.map((q) => embedder.embedQuery(q.text)));
  const timeVector = async (ix: VectorIndex) => {
    const times: number[] = [];
    const lists: number[][] = [];
    for (const q of qvecs) {
      const s = performance.now();
      const hits = await ix.search(q, 10);
      times.push(performance.now() - s);
      lists.push(hits.map((h) => h.chunkId));
    }
    return { times, lists };
  };
  await timeVector(faiss);
  await timeVector(chroma); // warm-up
  const vf = await timeVector(faiss);
  const vc = await timeVector(chroma);

  const timeHybrid = async (ix: VectorIndex) => {
    const times: number[] = [];
    const lists: number[][] = [];
    const docs: string[][] = [];
    for (const q of queries) {
      const s = performance.now();
      const hits = await hybridSearch({ store, vectors: ix, embedder }, { query: q.text, k: 10, mode: 'hybrid' });
      times.push(performance.now() - s);
      lists.push(hits.map((h) => h.chunk.id));
      docs.push(hits.map((h) => docOfPath(h.chunk.path)));
    }
    return { times, lists, docs };
  };
  const hf = await timeHybrid(faiss);
  const hc = await timeHybrid(chroma);

  // A teammate's client: no local catalog, keyword search through Chroma (where_document + BM25 re-score).
  const readerStore = SqliteStore.open(readerDir.dir);
  const readerConn = await ChromaConnection.connect(connection.config);
  const reader = await ChromaIndex.open({
    connection: readerConn,
    store: readerStore,
    model: embedder.id,
    dim: embedder.dim,
  });
  const hr = { times: [] as number[], lists: [] as number[][], docs: [] as string[][] };
  for (const q of queries) {
    const s = performance.now();
    const hits = await chromaHybridSearch({ index: reader, embedder }, { query: q.text, k: 10, mode: 'hybrid' });
    hr.times.push(performance.now() - s);
    hr.lists.push(hits.map((h) => h.chunk.id));
    hr.docs.push(hits.map((h) => docOfPath(h.chunk.path)));
  }
  const hrKeyword = { times: [] as number[], docs: [] as string[][] };
  for (const q of queries) {
    const s = performance.now();
    const hits = await chromaHybridSearch({ index: reader, embedder }, { query: q.text, k: 10, mode: 'bm25' });
    hrKeyword.times.push(performance.now() - s);
    hrKeyword.docs.push(hits.map((h) => docOfPath(h.chunk.path)));
  }
  const localKeyword = queries.map((q) =>
    store.keywordSearch(q.text, 10).map((h) => docOfPath(store.getChunks([h.chunkId])[0].path)),
  );

  const nd = (docs: string[][]) =>
    docs.reduce((s, d, i) => s + ndcg10(d, data.qrels.get(queries[i]._id)!), 0) / docs.length;
  const row = (name: string, t: number[]) => {
    const s = stats(t);
    return `  ${name.padEnd(44)} p50 ${ms(s.p50)}  p95 ${ms(s.p95)}`;
  };
  console.log(`\nquery latency (${queries.length} SciFact train queries, k = 10):`);
  console.log(row('vector search, embedded (FAISS flat)', vf.times));
  console.log(row('vector search, Chroma', vc.times));
  console.log(row('hybrid search, embedded', hf.times));
  console.log(row('hybrid search, Chroma vectors + local FTS5', hc.times));
  console.log(row('hybrid search, Chroma reader (no catalog)', hr.times));
  console.log(row('keyword search, Chroma reader (regex+BM25)', hrKeyword.times));
  console.log('\nagreement (mean top-10 overlap with the embedded backend):');
  console.log(`  vector search:                    ${meanOverlap(vf.lists, vc.lists, 10).toFixed(3)}`);
  console.log(`  hybrid search (owner):            ${meanOverlap(hf.lists, hc.lists, 10).toFixed(3)}`);
  const docIds = (l: string[][]) => l.map((d) => d.map(Number));
  console.log(`  hybrid search (reader):           ${meanOverlap(docIds(hf.docs), docIds(hr.docs), 10).toFixed(3)}`);
  console.log(
    `  keyword (reader vs FTS5):         ${meanOverlap(docIds(localKeyword), docIds(hrKeyword.docs), 10).toFixed(3)}`,
  );
  console.log('\nnDCG@10 (SciFact train):');
  console.log(
    `  hybrid, embedded ${nd(hf.docs).toFixed(3)} · hybrid, Chroma owner ${nd(hc.docs).toFixed(3)} · hybrid, Chroma reader ${nd(hr.docs).toFixed(3)}`,
  );
  console.log(
    `  keyword, FTS5 ${nd(localKeyword).toFixed(3)} · keyword, Chroma reader ${nd(hrKeyword.docs).toFixed(3)}`,
  );

  await reader.close();
  readerStore.close();
  await chroma.close();
  await faiss.close();
  store.close();
} finally {
  await server.dispose();
  cleanup();
  readerDir.cleanup();
}
