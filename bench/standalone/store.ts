// Store performance numbers (reported, never asserted). Run: npx tsx bench/standalone/store.ts [scifactDir]
// Text is made of real sentences from the BEIR SciFact corpus when available (realistic term statistics),
// else of a synthetic Zipf vocabulary; queries are SciFact queries (or synthetic ones).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { FaissIndex, SqliteStore } from '../../electron/engine/public/store';
import { draftsFor, pseudoVector, rng, sha256, tempDir } from '../../electron/engine/store/test-support/fixtures';
import { SCIFACT_DIR } from '../../test-support/fixture-paths';

const scifactDir = process.argv[2] ?? SCIFACT_DIR;
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
const cpuMs = (c: NodeJS.CpuUsage) => Math.round((c.user + c.system) / 1000);
/** "wall ms (cpu ms)": the CPU figure is what to compare on a busy machine. */
async function timed(fn: () => unknown): Promise<string> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await fn();
  return `${ms(t0)} (cpu ${cpuMs(process.cpuUsage(c0))})`;
}
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) * p)];

async function main(): Promise<void> {
  const { sentences, queries } = loadSentences();
  const chunkText = () => Array.from({ length: 6 }, () => pick(sentences)).join(' ');
  const { dir, cleanup } = tempDir('lucarne-bench-');
  const store = SqliteStore.open(dir);
  const folderId = store.addFolder('/bench', { include: [], exclude: [] }).id;
  const report: Record<string, string | number> = {
    text: existsSync(scifactDir) ? 'SciFact sentences, 6 per chunk (~900 chars)' : 'synthetic',
    'times are': 'wall ms (cpu ms of this process)',
  };

  const addDocs = (from: number, count: number, chunks: number) => {
    const docs = Array.from({ length: count }, () => draftsFor(Array.from({ length: chunks }, chunkText), ['Section']));
    return timed(() => {
      for (let i = 0; i < count; i++) {
        const relPath = `doc-${from + i}.txt`;
        const { id } = store.upsertDocument({
          folderId,
          path: `/bench/${relPath}`,
          relPath,
          kind: 'text',
          size: 1,
          mtimeMs: 1,
        });
        store.replaceChunks(id, docs[i].drafts, docs[i].text, []); // one transaction per document, as the pipeline does
      }
    });
  };

  report['replaceChunks, 1,000 new docs × 20 chunks'] = await addDocs(0, 1000, 20);
  const again = Array.from({ length: 1000 }, (_, d) => {
    const doc = store.getDocumentByPath(`/bench/doc-${d}.txt`)!;
    return {
      id: doc.id,
      drafts: store.documentChunks(doc.id).map((c) => ({ ...c })),
      text: store.getDocumentText(doc.id)!.text,
    };
  });
  report['replaceChunks, same 1,000 docs unchanged (all rows kept)'] = await timed(() => {
    for (const d of again) store.replaceChunks(d.id, d.drafts, d.text, []);
  });
  report['replaceChunks, 4,000 more new docs × 20 chunks'] = await addDocs(1000, 4000, 20);
  report.chunks = store.chunkCount();

  const qs = queries.slice(0, 100);
  const searchLatency = async (label: string, run: (q: string) => unknown) => {
    for (const q of qs.slice(0, 5)) run(q); // warm the page cache
    const c0 = process.cpuUsage();
    const lat = qs.map((q) => {
      const t0 = performance.now();
      run(q);
      return performance.now() - t0;
    });
    const cpu = cpuMs(process.cpuUsage(c0)) / qs.length;
    report[label] =
      `p50 ${pct(lat, 0.5).toFixed(1)} ms, p90 ${pct(lat, 0.9).toFixed(1)} ms (cpu ${cpu.toFixed(1)} ms/query)`;
  };
  await searchLatency('keywordSearch k=10, 100 SciFact queries', (q) => store.keywordSearch(q, 10));
  await searchLatency('keywordSearch k=10, plain OR query (pruneCommonTerms: false)', (q) =>
    store.keywordSearch(q, 10, {}, { pruneCommonTerms: false }),
  );
  await searchLatency('keywordSearch k=10 with pathGlob "doc-1*.txt"', (q) =>
    store.keywordSearch(q, 10, { pathGlob: 'doc-1*.txt' }),
  );

  const MODEL = 'bench@100';
  const DIM = 100;
  const missing = store.chunksMissingVectors(MODEL, 1_000_000);
  const entries = missing.map((c) => ({ sha256: c.sha256, vector: pseudoVector(c.sha256, DIM) }));
  report[`putVectors ${entries.length} × ${DIM}-d (batches of 5,000)`] = await timed(() => {
    for (let i = 0; i < entries.length; i += 5000) store.putVectors(MODEL, DIM, entries.slice(i, i + 5000));
  });

  let ix: FaissIndex | null = null;
  report[`FaissIndex.open without a file: rebuild ${entries.length} × ${DIM}-d + write`] = await timed(async () => {
    ix = await FaissIndex.open({ dir, model: MODEL, dim: DIM, store });
  });
  const index = ix as unknown as FaissIndex;
  report['FaissIndex.rebuild() from SQLite + write'] = await timed(() => index.rebuild());
  report['index file (MB)'] = (statSync(index.file).size / 1e6).toFixed(1);
  const v = pseudoVector('extra', DIM);
  const extra = store.upsertDocument({
    folderId,
    path: '/bench/extra.txt',
    relPath: 'extra.txt',
    kind: 'text',
    size: 1,
    mtimeMs: 1,
  });
  const diff = store.replaceChunks(extra.id, draftsFor(['extra chunk']).drafts, 'extra chunk', []);
  store.putVectors(MODEL, DIM, [{ sha256: sha256('extra chunk'), vector: v }]);
  await index.add([{ chunkId: diff.added[0].id, vector: v }]);
  report['FaissIndex.flush() after one add (reconcile + atomic write)'] = await timed(() => index.flush());
  report['FaissIndex.flush() with nothing new (reconcile only)'] = await timed(() => index.flush());
  await index.close();
  let reopened: FaissIndex | null = null;
  report['FaissIndex.open from its file (checks + verify against the store)'] = await timed(async () => {
    reopened = await FaissIndex.open({ dir, model: MODEL, dim: DIM, store });
  });
  const r = reopened as unknown as FaissIndex;
  report['  opened from'] = r.openReport.source;
  const vectors = qs.map((q) => pseudoVector(q, DIM));
  await searchLatency('FaissIndex.search k=10 (flat)', (q) => r.search(vectors[qs.indexOf(q)], 10));
  report['delete 1 document (20 chunks) from SQLite + FAISS'] = await timed(async () => {
    await r.remove(store.deleteDocument(store.getDocumentByPath('/bench/doc-7.txt')!.id));
  });
  await r.close();

  const size = (f: string) => (existsSync(join(dir, f)) ? statSync(join(dir, f)).size : 0);
  report['lucarne.db + wal (MB)'] = ((size('lucarne.db') + size('lucarne.db-wal')) / 1e6).toFixed(1);
  store.close();
  cleanup();
  for (const [k, val] of Object.entries(report)) console.log(`${k}: ${val}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
