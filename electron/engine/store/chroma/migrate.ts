// Moving a library between the embedded store (SQLite + FAISS) and a Chroma server, both ways, with
// progress and a verification step: the counts agree, the records carry the catalog's text, and sample
// queries return the same top-k from both indexes.
//
// embedded → Chroma: the catalog is the source; the collection is created (or reconciled) from it.
// Chroma → embedded: if this library owns the collection, its catalog already holds every chunk and vector
// and only the FAISS index is built. Otherwise (a teammate, a new machine) the records are imported: folders,
// documents, chunks and vectors are recreated in the local catalog from the records' text and metadata.
import { createHash } from 'node:crypto';
import { dirname } from 'node:path';
import type { FileKind } from '../../../../shared/types';
import { FaissIndex } from '../faiss';
import type { SqliteStore } from '../sqlite';
import type { ChunkDraft, VectorHit, VectorIndex } from '../types';
import { collectionNameFor } from './config';
import { ChromaBackendError, type ChromaConnection } from './connection';
import { chunkFromRecord, type RemoteChunk, recordId } from './records';
import { ChromaIndex } from './vector-index';

export type MigrationPhase = 'writing' | 'reading' | 'importing' | 'indexing' | 'verifying';

export interface MigrationProgress {
  phase: MigrationPhase;
  done: number;
  total: number;
}

export interface QueryComparison {
  seed: number; // the chunk whose vector (mixed with another) made the query
  overlap: number; // |A ∩ B| / k
  identical: boolean; // same ids in the same order, up to ties (scores within TIE_EPSILON)
  embedded: number[];
  chroma: number[];
}

export interface VerifyReport {
  ok: boolean;
  counts: { catalog: number; embedded: number; chroma: number };
  /** Sampled records whose text hash matches the catalog's chunk. */
  contents: { checked: number; matching: number };
  k: number;
  queries: number;
  identical: number;
  meanOverlap: number;
  minOverlap: number;
  mismatches: QueryComparison[];
  problems: string[];
}

export interface MigrationResult {
  direction: 'to-chroma' | 'to-embedded';
  collection: string;
  /** Vectors written to the target. */
  written: number;
  /** Chroma → embedded without a local catalog: what was imported. */
  imported: { folders: number; documents: number; chunks: number } | null;
  ms: number;
  verify: VerifyReport;
}

export interface MigrationOptions {
  store: SqliteStore;
  /** The data directory (FAISS file). */
  dir: string;
  model: string;
  dim: number;
  connection: ChromaConnection;
  /** embedded → Chroma: delete an existing collection of this name first (even another library's). */
  replace?: boolean;
  /** Sample queries compared in the verification (default 20) and their depth (default 10). */
  sampleQueries?: number;
  k?: number;
  onProgress?: (p: MigrationProgress) => void;
  log?: { warn(message: string): void; info?(message: string): void };
}

/** Scores closer than this are ties: HNSW and a flat index may order them differently. */
const TIE_EPSILON = 1e-4;
/** Verification passes when every count agrees and top-k lists agree at least this well on average. */
const MIN_MEAN_OVERLAP = 0.99;
const IMPORT_GROUP_CHUNKS = 2000;

export async function migrateToChroma(opts: MigrationOptions): Promise<MigrationResult> {
  const started = performance.now();
  const { store, connection, model, dim } = opts;
  const total = store.countChunkVectors(model);
  if (total === 0) {
    throw new Error(`The library has no vectors for ${model}: index it first (lucarne index <folder>).`);
  }
  const name = collectionNameFor(connection.config.collectionPrefix, model, dim);
  if (opts.replace) {
    await connection
      .run('delete the collection', (c) => c.deleteCollection({ name }))
      .catch((err: unknown) => {
        if (!(err instanceof ChromaBackendError && err.problem === 'not-found')) throw err;
      });
  }
  let written = 0;
  const chroma = await ChromaIndex.open({
    connection,
    store,
    model,
    dim,
    mode: 'owner',
    log: opts.log,
    onProgress: (done, all) => {
      written = done;
      opts.onProgress?.({ phase: 'writing', done, total: all });
    },
  });
  let faiss: FaissIndex | null = null;
  try {
    await chroma.flush();
    opts.onProgress?.({ phase: 'indexing', done: 0, total: 1 });
    faiss = await FaissIndex.open({ dir: opts.dir, model, dim, store });
    opts.onProgress?.({ phase: 'indexing', done: 1, total: 1 });
    const verify = await verifyBackends({
      store,
      model,
      embedded: faiss,
      chroma,
      queries: opts.sampleQueries,
      k: opts.k,
      onProgress: opts.onProgress,
    });
    return {
      direction: 'to-chroma',
      collection: chroma.collectionName,
      written,
      imported: null,
      ms: Math.round(performance.now() - started),
      verify,
    };
  } finally {
    await faiss?.close();
    await chroma.close();
  }
}

export async function migrateToEmbedded(opts: MigrationOptions): Promise<MigrationResult> {
  const started = performance.now();
  const { store, connection, model, dim } = opts;
  const chroma = await ChromaIndex.open({ connection, store, model, dim, mode: 'auto', log: opts.log });
  let faiss: FaissIndex | null = null;
  try {
    let imported: MigrationResult['imported'] = null;
    let idMap: Map<number, number> | undefined;
    if (chroma.role === 'reader') {
      const result = await importRecords(store, chroma, model, dim, opts.onProgress);
      imported = result.imported;
      idMap = result.idMap;
    }
    opts.onProgress?.({ phase: 'indexing', done: 0, total: 1 });
    faiss = await FaissIndex.open({ dir: opts.dir, model, dim, store });
    await faiss.flush();
    const written = await faiss.count();
    opts.onProgress?.({ phase: 'indexing', done: 1, total: 1 });
    const verify = await verifyBackends({
      store,
      model,
      embedded: faiss,
      chroma,
      idMap,
      queries: opts.sampleQueries,
      k: opts.k,
      onProgress: opts.onProgress,
    });
    return {
      direction: 'to-embedded',
      collection: chroma.collectionName,
      written,
      imported,
      ms: Math.round(performance.now() - started),
      verify,
    };
  } finally {
    await faiss?.close();
    await chroma.close();
  }
}

interface RemoteDocument {
  first: RemoteChunk;
  chunkIds: number[];
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * The document text the chunks came from, as far as the chunks show it: each chunk at its offsets (gaps,
 * which the chunker left out, become spaces). If the offsets do not fit the texts, the chunks are laid
 * end to end and the offsets rewritten, so citations still point at the right passage.
 */
export function rebuildText(chunks: RemoteChunk[]): { text: string; chunks: RemoteChunk[] } {
  const fits = chunks.every((c) => c.charStart >= 0 && c.charEnd - c.charStart === c.text.length);
  if (fits) {
    const length = Math.max(0, ...chunks.map((c) => c.charEnd));
    const chars = new Array<string>(length).fill(' ');
    for (const c of chunks) for (let i = 0; i < c.text.length; i++) chars[c.charStart + i] = c.text[i];
    const text = chars.join('');
    if (chunks.every((c) => text.slice(c.charStart, c.charEnd) === c.text)) return { text, chunks };
  }
  let offset = 0;
  const laid = chunks.map((c) => {
    const start = offset;
    offset += c.text.length + 2;
    return { ...c, charStart: start, charEnd: start + c.text.length };
  });
  return { text: laid.map((c) => c.text).join('\n\n'), chunks: laid };
}

/** Recreates the collection's folders, documents, chunks and vectors in the local catalog. */
async function importRecords(
  store: SqliteStore,
  chroma: ChromaIndex,
  model: string,
  dim: number,
  onProgress?: (p: MigrationProgress) => void,
): Promise<{ imported: NonNullable<MigrationResult['imported']>; idMap: Map<number, number> }> {
  const docs = new Map<number, RemoteDocument>();
  let seen = 0;
  const total = await chroma.count();
  for await (const { chunk } of chroma.iterateRecords({ documents: false })) {
    const d = docs.get(chunk.documentId);
    if (d) d.chunkIds.push(chunk.id);
    else docs.set(chunk.documentId, { first: chunk, chunkIds: [chunk.id] });
    if (++seen % 2000 === 0) onProgress?.({ phase: 'reading', done: seen, total });
  }
  onProgress?.({ phase: 'reading', done: seen, total });

  const idMap = new Map<number, number>();
  const folders = new Map<string, number>();
  let documents = 0;
  let chunksDone = 0;
  const groups: RemoteDocument[][] = [];
  let group: RemoteDocument[] = [];
  let groupSize = 0;
  for (const d of docs.values()) {
    group.push(d);
    groupSize += d.chunkIds.length;
    if (groupSize >= IMPORT_GROUP_CHUNKS) {
      groups.push(group);
      group = [];
      groupSize = 0;
    }
  }
  if (group.length > 0) groups.push(group);

  for (const g of groups) {
    const ids = g.flatMap((d) => d.chunkIds);
    const records = new Map<number, { chunk: RemoteChunk; vector: Float32Array | null }>();
    for (let i = 0; i < ids.length; i += 1000) {
      const res = await chroma.withCollection('read records', (c) =>
        c.get({ ids: ids.slice(i, i + 1000).map(recordId), include: ['documents', 'metadatas', 'embeddings'] }),
      );
      res.ids.forEach((rid, j) => {
        const chunk = chunkFromRecord(rid, res.documents[j], res.metadatas[j]);
        const emb = res.embeddings[j];
        if (chunk) records.set(chunk.id, { chunk, vector: emb ? Float32Array.from(emb) : null });
      });
    }
    for (const d of g) {
      const got = d.chunkIds
        .map((id) => records.get(id))
        .filter((r): r is { chunk: RemoteChunk; vector: Float32Array | null } => !!r && r.vector?.length === dim)
        .sort((a, b) => a.chunk.ordinal - b.chunk.ordinal || a.chunk.id - b.chunk.id);
      if (got.length === 0) continue;
      const { first } = d;
      const folderPath = first.folderPath || dirname(first.path);
      let folderId = folders.get(folderPath);
      if (folderId === undefined) {
        folderId = store.addFolder(folderPath, { include: [], exclude: [] }).id;
        folders.set(folderPath, folderId);
      }
      const { id: documentId } = store.upsertDocument({
        folderId,
        path: first.path,
        relPath: first.relPath,
        kind: first.kind as FileKind | null,
        size: first.docSize,
        mtimeMs: first.docMtimeMs,
      });
      const laid = rebuildText(got.map((r) => r.chunk));
      const drafts: ChunkDraft[] = laid.chunks.map((c, ordinal) => ({
        ordinal,
        text: c.text,
        headingPath: c.headingPath,
        pageStart: c.pageStart,
        pageEnd: c.pageEnd,
        pageLabel: c.pageLabel,
        charStart: c.charStart,
        charEnd: c.charEnd,
        tokens: c.tokens,
        sha256: sha256(c.text),
      }));
      const diff = store.replaceChunks(documentId, drafts, laid.text, []);
      store.putVectors(
        model,
        dim,
        drafts.map((draft, i) => ({ sha256: draft.sha256, vector: got[i].vector! })),
      );
      const byOrdinal = new Map([...diff.added, ...diff.kept].map((c) => [c.ordinal, c.id]));
      got.forEach((r, i) => {
        const local = byOrdinal.get(i);
        if (local !== undefined) idMap.set(r.chunk.id, local);
      });
      store.setDocumentStatus(documentId, 'indexed', null, { pages: first.docPages });
      documents++;
      chunksDone += got.length;
    }
    onProgress?.({ phase: 'importing', done: chunksDone, total });
  }
  return { imported: { folders: folders.size, documents, chunks: chunksDone }, idMap };
}

function unitMix(a: Float32Array, b: Float32Array | undefined): Float32Array {
  const out = new Float32Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i] + 0.5 * (b?.[i] ?? 0);
  let n = 0;
  for (const x of out) n += x * x;
  n = Math.sqrt(n) || 1;
  for (let i = 0; i < out.length; i++) out[i] /= n;
  return out;
}

/** Same ids in the same order, where swapped neighbours and a swapped last place count only if not tied. */
export function sameTopK(a: VectorHit[], b: VectorHit[], eps = TIE_EPSILON): boolean {
  if (a.length !== b.length) return false;
  const kth = Math.min(a.at(-1)?.score ?? 0, b.at(-1)?.score ?? 0);
  for (let i = 0; i < a.length; i++) {
    if (a[i].chunkId === b[i].chunkId) continue;
    if (Math.abs(a[i].score - b[i].score) > eps) return false;
  }
  const setA = new Set(a.map((h) => h.chunkId));
  const setB = new Set(b.map((h) => h.chunkId));
  // Ids only one list has must be ties with the last place (a flat index and HNSW break ties differently).
  for (const h of a) if (!setB.has(h.chunkId) && h.score - kth > eps) return false;
  for (const h of b) if (!setA.has(h.chunkId) && h.score - kth > eps) return false;
  return true;
}

/**
 * Compares the embedded index and the Chroma collection: counts (catalog, FAISS, Chroma), record contents
 * (text hash) for a sample, and the top-k of sample queries. `idMap` maps Chroma chunk ids to catalog ids
 * when they differ (after an import).
 */
export async function verifyBackends(opts: {
  store: SqliteStore;
  model: string;
  embedded: VectorIndex;
  chroma: ChromaIndex;
  idMap?: Map<number, number>;
  queries?: number;
  k?: number;
  onProgress?: (p: MigrationProgress) => void;
}): Promise<VerifyReport> {
  const { store, model, embedded, chroma, idMap } = opts;
  const k = opts.k ?? 10;
  const nQueries = opts.queries ?? 20;
  const toLocal = (id: number) => (idMap ? idMap.get(id) : id);
  const toRemote = idMap ? new Map([...idMap].map(([r, l]) => [l, r])) : null;
  const problems: string[] = [];
  const counts = {
    catalog: store.countChunkVectors(model),
    embedded: await embedded.count(),
    chroma: await chroma.count(),
  };
  if (counts.catalog !== counts.embedded || counts.catalog !== counts.chroma) {
    problems.push(`counts differ: catalog ${counts.catalog}, embedded ${counts.embedded}, Chroma ${counts.chroma}`);
  }

  const ids = store.chunkIdsWithVectors(model);
  const seeds: number[] = [];
  const step = ids.length / Math.max(1, nQueries);
  for (let i = 0; i < Math.min(nQueries, ids.length); i++) seeds.push(ids[Math.floor(i * step)]);
  const partners = seeds.map((_, i) => ids[ids.length - 1 - Math.floor(i * step)]);
  const vectors = store.vectorsForChunks([...seeds, ...partners], model);

  const remoteSeeds = seeds
    .map((id) => (toRemote ? toRemote.get(id) : id))
    .filter((id): id is number => id !== undefined);
  const records = await chroma.fetchChunks(remoteSeeds);
  const local = new Map(store.getChunks(seeds).map((c) => [c.id, c]));
  let matching = 0;
  for (const rid of remoteSeeds) {
    const lid = toLocal(rid);
    const l = lid === undefined ? undefined : local.get(lid);
    if (l && records.get(rid)?.text === l.text) matching++;
  }
  const contents = { checked: seeds.length, matching };
  if (matching !== seeds.length)
    problems.push(`${seeds.length - matching} of ${seeds.length} sampled records differ from the catalog`);

  const comparisons: QueryComparison[] = [];
  for (let i = 0; i < seeds.length; i++) {
    const v = vectors.get(seeds[i]);
    if (!v) continue;
    const q = unitMix(v, vectors.get(partners[i]));
    const a = await embedded.search(q, k);
    const bRaw = await chroma.search(q, k);
    const b = bRaw.map((h) => ({ chunkId: toLocal(h.chunkId) ?? -1 - h.chunkId, score: h.score }));
    const setB = new Set(b.map((h) => h.chunkId));
    const overlap =
      a.filter((h) => setB.has(h.chunkId)).length / Math.max(1, Math.min(k, Math.max(a.length, b.length)));
    comparisons.push({
      seed: seeds[i],
      overlap,
      identical: sameTopK(a, b),
      embedded: a.map((h) => h.chunkId),
      chroma: b.map((h) => h.chunkId),
    });
    opts.onProgress?.({ phase: 'verifying', done: i + 1, total: seeds.length });
  }
  const identical = comparisons.filter((c) => c.identical).length;
  const meanOverlap = comparisons.length ? comparisons.reduce((s, c) => s + c.overlap, 0) / comparisons.length : 1;
  const minOverlap = comparisons.length ? Math.min(...comparisons.map((c) => c.overlap)) : 1;
  if (meanOverlap < MIN_MEAN_OVERLAP) {
    problems.push(`top-${k} lists differ: mean overlap ${meanOverlap.toFixed(3)} (expected ≥ ${MIN_MEAN_OVERLAP})`);
  }
  return {
    ok: problems.length === 0,
    counts,
    contents,
    k,
    queries: comparisons.length,
    identical,
    meanOverlap,
    minOverlap,
    mismatches: comparisons.filter((c) => !c.identical),
    problems,
  };
}
