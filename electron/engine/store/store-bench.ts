// Store performance numbers (reported, never asserted). Run: npx tsx electron/engine/store/store-bench.ts [scifactDir]
// Text is made of real sentences from the BEIR SciFact corpus when available (realistic term statistics),
// else of a synthetic Zipf vocabulary; queries are SciFact queries (or synthetic ones).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { FaissIndex } from './faiss';
import { SqliteStore } from './sqlite';
import { draftsFor, pseudoVector, rng, sha256, tempDir } from './test-support/fixtures';

const scifactDir = process.argv[2] ?? join(process.cwd(), '..', 'shared', 'fixtures', 'scifact');
const rand = rng(42);
const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)];

function loadSentences(): { sentences: string[]; queries: string[] } {
  const corpus = join(scifactDir, 'corpus.jsonl');
  if (existsSync(corpus)) {
    const sentences = readFileSync(corpus, 'utf8')
      .trim()
      .split('\n')
      .flatMap((l) => (JSON.parse(l) as { text: string }).text.split(/(?<=\.)\s+/))
      .filter((s) => s.length > 20);
    const queries = readFileSync(join(scifactDir, 'queries.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { text: string }).text);
    return { sentences, queries };
  }
  const vocab = Array.from({ length: 20_000 }, (_, i) => `w${i.toString(36)}`);
  const word = () => vocab[Math.floor(vocab.length * rand() ** 3)];
  const sentence = () => Array.from({ length: 12 + Math.floor(rand() * 15) }, word).join(' ');
  return {
    sentences: Array.from({ length: 50_000 }, sentence),
    queries: Array.from({ length: 200 }, () => Array.from({ length: 8 }, word).join(' ')),
  };
}

const ms = (t0: number) => Math.round(performance.now() - t0);
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) * p)];

async function main(): Promise<void> {
  const { sentences, queries } = loadSentences();
  const chunkText = () => Array.from({ length: 6 }, () => pick(sentences)).join(' ');
  const { dir, cleanup } = tempDir('lucarne-bench-');
  const store = SqliteStore.open(dir);
  const folderId = store.addFolder('/bench', { include: [], exclude: [] }).id;
  const report: Record<string, string | number> = { source: existsSync(scifactDir) ? 'scifact sentences' : 'synthetic' };

  const addDocs = (from: number, count: number, chunks: number) => {
    const t0 = performance.now();
    for (let d = from; d < from + count; d++) {
      const relPath = `doc-${d}.txt`;
      const { id } = store.upsertDocument({ folderId, path: `/bench/${relPath}`, relPath, kind: 'text', size: d, mtimeMs: d });
      const { drafts, text } = draftsFor(Array.from({ length: chunks }, chunkText), [`Section ${d % 10}`]);
      store.replaceChunks(id, drafts, text, []); // one transaction per document, as the pipeline does
    }
    return ms(t0);
  };

  report['replaceChunks 1,000 docs × 20 chunks (ms)'] = addDocs(0, 1000, 20);
  report['replaceChunks again, same text (all kept) 1,000 docs (ms)'] = (() => {
    const t0 = performance.now();
    for (let d = 0; d < 1000; d++) {
      const doc = store.getDocumentByPath(`/bench/doc-${d}.txt`)!;
      const chunks = store.documentChunks(doc.id);
      const drafts = chunks.map((c) => ({ ...c }));
      store.replaceChunks(doc.id, drafts, store.getDocumentText(doc.id)!.text, []);
    }
    return ms(t0);
  })();
  report['replaceChunks 4,000 more docs × 20 chunks (ms)'] = addDocs(1000, 4000, 20);
  report.chunks = store.chunkCount();

  const qs = queries.slice(0, 100);
  for (const q of qs.slice(0, 5)) store.keywordSearch(q, 10); // warm the page cache
  const lat = qs.map((q) => {
    const t0 = performance.now();
    store.keywordSearch(q, 10);
    return performance.now() - t0;
  });
  report['keywordSearch k=10 p50 (ms)'] = pct(lat, 0.5).toFixed(1);
  report['keywordSearch k=10 p90 (ms)'] = pct(lat, 0.9).toFixed(1);
  const filtered = qs.map((q) => {
    const t0 = performance.now();
    store.keywordSearch(q, 10, { pathGlob: 'doc-1*.txt' });
    return performance.now() - t0;
  });
  report['keywordSearch with pathGlob p50 (ms)'] = pct(filtered, 0.5).toFixed(1);

  const MODEL = 'bench@100';
  const DIM = 100;
  let t0 = performance.now();
  const all = [...store.iterateChunkVectors('none')]; // warm; empty
  const rows = store.chunksMissingVectors(MODEL, 1_000_000);
  for (let i = 0; i < rows.length; i += 5000) {
    store.putVectors(
      MODEL,
      DIM,
      rows.slice(i, i + 5000).map((c) => ({ sha256: c.sha256, vector: pseudoVector(c.sha256, DIM) })),
    );
  }
  report[`putVectors ${rows.length} × ${DIM}-d (ms)`] = ms(t0) + all.length;

  t0 = performance.now();
  const ix = await FaissIndex.open({ dir, model: MODEL, dim: DIM, store });
  report[`FaissIndex.open, no file: rebuild ${await ix.count()} × ${DIM}-d + write (ms)`] = ms(t0);
  t0 = performance.now();
  ix.rebuild();
  report['FaissIndex.rebuild() from SQLite + write (ms)'] = ms(t0);
  report['index file (MB)'] = (statSync(ix.file).size / 1e6).toFixed(1);
  const v = pseudoVector('extra', DIM);
  const extraDoc = store.upsertDocument({ folderId, path: '/bench/extra.txt', relPath: 'extra.txt', kind: 'text', size: 1, mtimeMs: 1 });
  const diff = store.replaceChunks(extraDoc.id, draftsFor(['extra chunk']).drafts, 'extra chunk', []);
  store.putVectors(MODEL, DIM, [{ sha256: sha256('extra chunk'), vector: v }]);
  await ix.add([{ chunkId: diff.added[0].id, vector: v }]);
  t0 = performance.now();
  await ix.flush();
  report['FaissIndex.flush() after one add (reconcile + atomic write) (ms)'] = ms(t0);
  t0 = performance.now();
  await ix.flush();
  report['FaissIndex.flush() with nothing to write (reconcile only) (ms)'] = ms(t0);
  await ix.close();
  t0 = performance.now();
  const again = await FaissIndex.open({ dir, model: MODEL, dim: DIM, store });
  report[`FaissIndex.open from file (${again.openReport.source}) (ms)`] = ms(t0);
  const vlat = qs.map((q) => {
    const t1 = performance.now();
    void again.search(pseudoVector(q, DIM), 10);
    return performance.now() - t1;
  });
  report['FaissIndex.search k=10 p50 (ms)'] = pct(vlat, 0.5).toFixed(1);
  t0 = performance.now();
  const removed = store.deleteDocument(store.getDocumentByPath('/bench/doc-7.txt')!.id);
  await again.remove(removed);
  report['delete 1 document (20 chunks) from SQLite + FAISS (ms)'] = ms(t0);
  await again.close();

  report['lucarne.db + wal (MB)'] = (
    (statSync(join(dir, 'lucarne.db')).size + (existsSync(join(dir, 'lucarne.db-wal')) ? statSync(join(dir, 'lucarne.db-wal')).size : 0)) /
    1e6
  ).toFixed(1);
  store.close();
  cleanup();
  for (const [k, val] of Object.entries(report)) console.log(`${k}: ${val}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
