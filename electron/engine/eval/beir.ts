// Retrieval quality on a BEIR dataset (standard layout: corpus.jsonl {_id,title,text}, queries.jsonl
// {_id,text}, qrels/<split>.tsv with a header). The corpus goes into a temporary store through the same
// store, chunker, embedder and vector index the app uses, minus file parsing: each document becomes one
// "# title\n\nabstract" text (title = its heading), chunked like any document (one chunk unless it is
// longer than the chunk size). Every query of the split then runs through hybridSearch.
import { createReadStream, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { errorMessage } from '../../../shared/errors';
import type { SearchMode } from '../../../shared/types';
import { chunkDocument } from '../chunk/index';
import { hybridSearch } from '../search/hybrid';
import type { SearchQuery } from '../search/types';
import { FaissIndex } from '../store/faiss';
import { SqliteStore } from '../store/sqlite';
import type { Embedder, ParsedDocument } from '../types';
import { type Judgements, meanMetrics, type QueryMetrics, queryMetrics } from './metrics';

export interface BeirDoc {
  id: string;
  title: string;
  text: string;
}

export interface BeirDataset {
  dir: string;
  split: string;
  corpus: BeirDoc[];
  /** The split's queries that have judgements, in file order. */
  queries: { id: string; text: string }[];
  qrels: Map<string, Map<string, number>>;
}

export class BeirFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BeirFormatError';
  }
}

async function readJsonl<T>(file: string, onRow: (row: T, line: number) => void): Promise<void> {
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Number.POSITIVE_INFINITY });
  let n = 0;
  for await (const line of lines) {
    n++;
    if (line.trim() === '') continue;
    try {
      onRow(JSON.parse(line) as T, n);
    } catch (err) {
      throw new BeirFormatError(`${file}:${n}: ${errorMessage(err)}`);
    }
  }
}

/** qrels/<split>.tsv: "query-id corpus-id score" per line, tab-separated, after a header line. */
export function parseQrels(tsv: string): Map<string, Map<string, number>> {
  const qrels = new Map<string, Map<string, number>>();
  const lines = tsv.split(/\r?\n/);
  lines.forEach((line, i) => {
    const cols = line.trim().split('\t');
    if (cols.length < 3 || cols[0] === '') return;
    const grade = Number(cols[2]);
    if (!Number.isFinite(grade)) {
      if (i === 0) return; // the header
      throw new BeirFormatError(`qrels line ${i + 1}: score "${cols[2]}" is not a number`);
    }
    let judged = qrels.get(cols[0]);
    if (!judged) {
      judged = new Map();
      qrels.set(cols[0], judged);
    }
    judged.set(cols[1], grade);
  });
  return qrels;
}

export async function loadBeir(dir: string, split = 'test'): Promise<BeirDataset> {
  const qrelsFile = join(dir, 'qrels', `${split}.tsv`);
  for (const f of ['corpus.jsonl', 'queries.jsonl']) {
    if (!existsSync(join(dir, f))) throw new BeirFormatError(`${join(dir, f)} is missing: not a BEIR dataset folder`);
  }
  if (!existsSync(qrelsFile)) throw new BeirFormatError(`${qrelsFile} is missing: no "${split}" split here`);
  const qrels = parseQrels(readFileSync(qrelsFile, 'utf8'));
  const corpus: BeirDoc[] = [];
  await readJsonl<{ _id: unknown; title?: unknown; text?: unknown }>(join(dir, 'corpus.jsonl'), (r) => {
    corpus.push({ id: String(r._id), title: String(r.title ?? ''), text: String(r.text ?? '') });
  });
  const queries: { id: string; text: string }[] = [];
  await readJsonl<{ _id: unknown; text?: unknown }>(join(dir, 'queries.jsonl'), (r) => {
    const id = String(r._id);
    if (qrels.has(id)) queries.push({ id, text: String(r.text ?? '') });
  });
  return { dir, split, corpus, queries, qrels };
}

/** A BEIR document as the chunker sees a parsed file: the title as a level-1 heading over the text. */
export function beirParsedDocument(doc: BeirDoc): ParsedDocument {
  const title = doc.title.trim();
  const body = doc.text.trim();
  const text = title ? `${title}\n\n${body}` : body;
  const blocks: ParsedDocument['blocks'] = [];
  if (title) blocks.push({ kind: 'heading', level: 1, start: 0, end: title.length });
  if (body) blocks.push({ kind: 'paragraph', start: text.length - body.length, end: text.length });
  return {
    kind: 'markdown',
    text,
    blocks,
    pages: [],
    pageCount: null,
    flags: [],
    verdict: body || title ? 'ok' : 'empty',
  };
}

export interface BeirIndex {
  dir: string;
  store: SqliteStore;
  vectors: FaissIndex;
  embedder: Embedder;
  /** store document id → BEIR corpus id */
  docIds: Map<number, string>;
  chunks: number;
  indexMs: number;
  close(): Promise<void>;
}

export interface IndexBeirOptions {
  embedder: Embedder;
  /** Where the temporary store goes; default a fresh folder under the OS temp dir, removed on close. */
  dir?: string;
  chunkTokens?: number;
  chunkOverlap?: number;
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

const EMBED_BATCH = 256;

export async function indexBeirCorpus(ds: BeirDataset, opts: IndexBeirOptions): Promise<BeirIndex> {
  const started = performance.now();
  const ownDir = opts.dir === undefined;
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'lucarne-beir-'));
  const store = SqliteStore.open(dir);
  let vectors: FaissIndex | null = null;
  try {
    vectors = await FaissIndex.open({ dir, model: opts.embedder.id, dim: opts.embedder.dim, store });
    const root = join(dir, 'corpus');
    const folder = store.addFolder(root, { include: [], exclude: [] });
    const docIds = new Map<number, string>();
    let chunks = 0;
    for (let i = 0; i < ds.corpus.length; i += EMBED_BATCH) {
      opts.signal?.throwIfAborted();
      const pending: { id: number; sha256: string; text: string }[] = [];
      for (const doc of ds.corpus.slice(i, i + EMBED_BATCH)) {
        const parsed = beirParsedDocument(doc);
        const { id } = store.upsertDocument({
          folderId: folder.id,
          path: join(root, doc.id),
          relPath: doc.id,
          kind: 'markdown',
          size: parsed.text.length,
          mtimeMs: 0,
        });
        docIds.set(id, doc.id);
        const drafts =
          parsed.verdict === 'ok'
            ? chunkDocument(parsed, { targetTokens: opts.chunkTokens, overlapTokens: opts.chunkOverlap })
            : [];
        const diff = store.replaceChunks(id, drafts, parsed.text, [], { title: null });
        store.setDocumentStatus(id, drafts.length ? 'indexed' : 'empty', null);
        chunks += drafts.length;
        for (const c of diff.added) pending.push({ id: c.id, sha256: c.sha256, text: c.text });
      }
      const vecs = await opts.embedder.embedDocuments(
        pending.map((p) => p.text),
        { signal: opts.signal },
      );
      store.putVectors(
        opts.embedder.id,
        opts.embedder.dim,
        pending.map((p, j) => ({ sha256: p.sha256, vector: vecs[j] })),
      );
      await vectors.add(pending.map((p, j) => ({ chunkId: p.id, vector: vecs[j] })));
      opts.onProgress?.(Math.min(ds.corpus.length, i + EMBED_BATCH), ds.corpus.length);
    }
    const v = vectors;
    return {
      dir,
      store,
      vectors: v,
      embedder: opts.embedder,
      docIds,
      chunks,
      indexMs: performance.now() - started,
      async close() {
        await v.close().catch(() => {});
        store.close();
        if (ownDir) rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await vectors?.close().catch(() => {});
    store.close();
    if (ownDir) rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

export interface BeirRunOptions {
  mode: SearchMode;
  /** Only the first N queries of the split (quick checks). */
  limit?: number;
  /** Extra search options (fusion, weights, MMR...) for experiments; defaults are the app's. */
  search?: Partial<Omit<SearchQuery, 'query' | 'k' | 'mode'>>;
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

export interface BeirReport extends QueryMetrics {
  dataset: string;
  split: string;
  mode: SearchMode;
  embedder: string;
  queries: number;
  documents: number;
  chunks: number;
  msPerQuery: number;
  indexSeconds: number;
}

/** Documents ranked for Recall@100; a little more is fetched because long documents have several chunks. */
const DEPTH = 100;
const CHUNK_HEADROOM = 20;

export async function runBeirQueries(index: BeirIndex, ds: BeirDataset, opts: BeirRunOptions): Promise<BeirReport> {
  const queries = opts.limit ? ds.queries.slice(0, opts.limit) : ds.queries;
  const perQuery: QueryMetrics[] = [];
  const started = performance.now();
  for (const q of queries) {
    opts.signal?.throwIfAborted();
    const hits = await hybridSearch(index, {
      ...opts.search,
      query: q.text,
      k: DEPTH + CHUNK_HEADROOM,
      mode: opts.mode,
    });
    // A document ranks where its best chunk ranks.
    const ranked: string[] = [];
    const seen = new Set<string>();
    for (const h of hits) {
      const id = index.docIds.get(h.chunk.documentId);
      if (id === undefined || seen.has(id)) continue;
      seen.add(id);
      ranked.push(id);
      if (ranked.length >= DEPTH) break;
    }
    perQuery.push(queryMetrics(ranked, ds.qrels.get(q.id) as Judgements));
    opts.onProgress?.(perQuery.length, queries.length);
  }
  const elapsed = performance.now() - started;
  return {
    dataset: ds.dir,
    split: ds.split,
    mode: opts.mode,
    embedder: index.embedder.id,
    queries: perQuery.length,
    documents: ds.corpus.length,
    chunks: index.chunks,
    ...meanMetrics(perQuery),
    msPerQuery: perQuery.length ? elapsed / perQuery.length : 0,
    indexSeconds: index.indexMs / 1000,
  };
}
