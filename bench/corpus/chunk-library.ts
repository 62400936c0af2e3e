// Builds a library of N chunks straight into the store (no files, no parsing) for the query-latency and
// start-up benchmarks: documents of 20 chunks of consecutive source sentences (~300 words, like the
// chunker's 400-token chunks), FTS5 rows, vectors and the FAISS file, exactly as indexing leaves them.
// Vectors: the offline embedder's real vectors of the chunk texts, or (vectors: 'synthetic', for 1M
// chunks) noisy copies of real vectors of a sample, which keeps a realistic neighbourhood structure.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ChunkDraft, OfflineEmbedder } from '../../electron/engine/public/retrieval';
import { FaissIndex, SqliteStore } from '../../electron/engine/public/store';
import { gaussian, intBetween, seeded } from './rng';
import { loadTextSource } from './text-source';

export const CHUNKS_PER_DOCUMENT = 20;
/** Bump when the way libraries are built changes, so cached ones are rebuilt. */
const LAYOUT_VERSION = 2;

export interface ChunkLibrary {
  dir: string;
  chunks: number;
  documents: number;
  folderPath: string;
  vectors: 'real' | 'synthetic';
  model: string;
  buildMs: number;
  embedMs: number;
  faissMs: number;
  dbBytes: number;
  reused: boolean;
}

const sha256 = (t: string) => createHash('sha256').update(t).digest('hex');

function unit(v: Float32Array): Float32Array {
  let s = 0;
  for (const x of v) s += x * x;
  const k = s > 0 ? 1 / Math.sqrt(s) : 0;
  return v.map((x) => x * k);
}

export async function buildChunkLibrary(
  cacheRoot: string,
  opts: { chunks: number; vectors?: 'real' | 'synthetic'; seed?: number; fresh?: boolean },
): Promise<ChunkLibrary> {
  const vectors = opts.vectors ?? 'real';
  const source = loadTextSource();
  const dir = join(cacheRoot, `library-${opts.chunks}-${source.name}-${vectors}-v${LAYOUT_VERSION}`);
  const marker = join(dir, 'bench-library.json');
  if (!opts.fresh && existsSync(marker)) {
    return { ...(JSON.parse(readFileSync(marker, 'utf8')) as ChunkLibrary), reused: true };
  }
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const started = performance.now();
  const rand = seeded(opts.seed ?? 11);
  const embedder = new OfflineEmbedder();
  const store = SqliteStore.open(dir);
  const folderPath = `/nonexistent/lucarne-bench/library-${opts.chunks}`;
  const folderId = store.addFolder(folderPath, { include: [], exclude: [] }).id;
  const documents = Math.ceil(opts.chunks / CHUNKS_PER_DOCUMENT);
  const pool: Float32Array[] = [];
  const POOL = 50_000;
  let embedMs = 0;
  let made = 0;
  const DOCS_PER_TX = 50;
  for (let d0 = 0; d0 < documents; d0 += DOCS_PER_TX) {
    const batch: { id: number; drafts: ChunkDraft[]; text: string; title: string }[] = [];
    for (let d = d0; d < Math.min(documents, d0 + DOCS_PER_TX); d++) {
      const n = Math.min(CHUNKS_PER_DOCUMENT, opts.chunks - made);
      made += n;
      let cursor = Math.floor(rand() * source.sentences.length);
      const title = source.titles[Math.floor(rand() * source.titles.length)];
      const drafts: ChunkDraft[] = [];
      let offset = 0;
      const parts: string[] = [];
      for (let c = 0; c < n; c++) {
        const sentences: string[] = [];
        for (let s = intBetween(rand, 11, 17); s > 0; s--) {
          cursor = (cursor + 1) % source.sentences.length;
          sentences.push(source.sentences[cursor]);
        }
        const text = sentences.join(' ');
        const words = text.split(/\s+/).length;
        drafts.push({
          ordinal: c,
          text,
          headingPath: [title, `Section ${1 + Math.floor(c / 4)}`],
          pageStart: 1 + Math.floor(c / 2),
          pageEnd: 1 + Math.floor(c / 2),
          pageLabel: null,
          charStart: offset,
          charEnd: offset + text.length,
          tokens: Math.round(words * 1.3),
          sha256: sha256(text),
        });
        parts.push(text);
        offset += text.length + 2;
      }
      const relPath = `area-${String(d % 97).padStart(2, '0')}/document ${d}.pdf`;
      const { id } = store.upsertDocument({
        folderId,
        path: `${folderPath}/${relPath}`,
        relPath,
        kind: 'pdf',
        size: 10_000 + d,
        mtimeMs: 1_700_000_000_000 + d,
      });
      batch.push({ id, drafts, text: parts.join('\n\n'), title });
    }
    // Vectors first (outside the transaction), then one transaction for the batch, as indexing commits.
    const texts = batch.flatMap((b) => b.drafts.map((c) => c.text));
    const t0 = performance.now();
    let vecs: Float32Array[];
    if (vectors === 'real' || pool.length < POOL) {
      vecs = await embedder.embedDocuments(texts);
      for (const v of vecs) if (pool.length < POOL) pool.push(unit(v));
    } else {
      vecs = texts.map(() => {
        const base = pool[Math.floor(rand() * pool.length)];
        return unit(base.map((x) => x + gaussian(rand) * 0.04));
      });
    }
    embedMs += performance.now() - t0;
    store.transaction(() => {
      for (const b of batch) {
        store.replaceChunks(b.id, b.drafts, b.text, [], { title: b.title });
        store.setDocumentStatus(b.id, 'indexed', null, {
          flags: [],
          pages: Math.ceil(b.drafts.length / 2),
          sha256: sha256(b.text),
        });
      }
      let i = 0;
      const entries = batch.flatMap((b) => b.drafts.map((c) => ({ sha256: c.sha256, vector: vecs[i++] })));
      store.putVectors(embedder.id, embedder.dim, entries);
    });
  }
  const t1 = performance.now();
  const index = await FaissIndex.open({ dir, model: embedder.id, dim: embedder.dim, store });
  await index.close();
  const faissMs = performance.now() - t1;
  store.close();
  const dbBytes = ['lucarne.db', 'lucarne.db-wal']
    .map((f) => join(dir, f))
    .filter(existsSync)
    .reduce((n, f) => n + statSync(f).size, 0);
  const lib: ChunkLibrary = {
    dir,
    chunks: opts.chunks,
    documents,
    folderPath,
    vectors,
    model: embedder.id,
    buildMs: Math.round(performance.now() - started),
    embedMs: Math.round(embedMs),
    faissMs: Math.round(faissMs),
    dbBytes,
    reused: false,
  };
  writeFileSync(marker, JSON.stringify(lib, null, 1));
  return lib;
}
