// Indexing one file: parse → status → chunk → store (one transaction) → embed what the cache lacks → vector
// index. SQLite is the source of truth and is written first; the vector index mirrors each commit right
// away (no abort point in between), and a crash in between is repaired at open (stale generation → rebuild)
// or at start (chunks without vectors are embedded).
// Blame: while a file is parsed (page by page), chunked and stored, or embedded (batch by batch), the queue's
// crash marks say so (`ctx.queue.at(path, point)`), so that a death of the process is held against that file
// at that point and no other (store/jobs.ts); a file the process keeps dying on is set aside by
// setAsideDocument.
import type { Stats } from 'node:fs';
import { stat } from 'node:fs/promises';
import { relative } from 'node:path';
import type { DocStatus } from '../../../shared/types';
import { accessError, isFileAccessError } from '../parse/errors';
import type { OcrOptions, ParseProgress } from '../parse/options';
import type { JobQueue } from '../store/jobs';
import type { SqliteStore } from '../store/sqlite';
import type { Job, StoredChunk, VectorIndex } from '../store/types';
import { type Embedder, type PageSpan, ParseError, type ParseErrorCode, type ParsedDocument } from '../types';
import { FileFilter, folderRules } from './filter';
import { sha256File } from './hash-file';
import { raceAbort, throwIfAborted } from './lock';
import { ParseAhead } from './parse-ahead';
import type { ProgressTracker } from './progress';
import { maxBytesOf } from './scan';
import {
  crashedVerdict,
  documentVerdict,
  parseErrorVerdict,
  tooLargeVerdict,
  updateFailedVerdict,
} from './status-messages';
import type { ChunkFn, KindOfFn, LibrarySettings, ParseFn } from './types';

export interface PipelineContext {
  store: SqliteStore;
  /** The persistent queue; the pipeline marks on it which file it is working on (for blame after a crash). */
  queue: JobQueue;
  vectors: VectorIndex;
  embedder: Embedder;
  settings(): LibrarySettings;
  parse: ParseFn;
  chunk: ChunkFn;
  kindOf: KindOfFn;
  progress: ProgressTracker;
  /** The vector index changed in memory (the library debounces the flush). */
  vectorsChanged(): void;
  embedBatchSize?: number;
  parseTimeoutMs?: number;
  /** Parses the next queued file while this one is stored (see parse-ahead.ts). */
  parseAhead?: ParseAhead;
}

export interface JobOutcome {
  documentId: number | null;
  result: DocStatus | 'removed' | 'renamed' | 'skipped';
  chunks: number; // chunks the document has now
  embedded: number; // texts sent to the embedder
  pages: number | null;
}

const SKIPPED: JobOutcome = { documentId: null, result: 'skipped', chunks: 0, embedded: 0, pages: null };
const DEFAULT_BATCH = 64;
const PARSE_ERROR_CODES = new Set<ParseErrorCode>([
  'needs-password',
  'wrong-password',
  'corrupt',
  'timeout',
  'out-of-memory',
  'unsupported',
  'unreadable',
  'too-large',
]);

export function parseErrorCode(error: unknown): ParseErrorCode | null {
  if (error instanceof ParseError) return error.code;
  // Errors rebuilt after crossing a worker boundary may be plain Errors carrying the same name and code.
  if (error instanceof Error && error.name === 'ParseError') {
    const code = (error as Error & { code?: unknown }).code;
    if (typeof code === 'string' && PARSE_ERROR_CODES.has(code as ParseErrorCode)) return code as ParseErrorCode;
  }
  return null;
}

export function sameMtime(a: number, b: number): boolean {
  // Stores and file systems keep different precision (ns, µs, ms): a sub-millisecond difference is no change.
  return Math.abs(a - b) < 1;
}

async function statOrNull(path: string): Promise<Stats | null> {
  try {
    return await stat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw error;
  }
}

function pageRows(doc: ParsedDocument): PageSpan[] {
  return doc.pages.map((p) => ({
    number: p.number,
    label: p.label,
    start: p.start,
    end: p.end,
    ocr: p.ocr,
    running: p.running,
  }));
}

function validateVectors(vectors: Float32Array[], count: number, dim: number, model: string): void {
  if (vectors.length !== count) throw new Error(`${model} returned ${vectors.length} vectors for ${count} texts`);
  for (const v of vectors) {
    if (v.length !== dim) throw new Error(`${model} returned a ${v.length}-dimensional vector, expected ${dim}`);
    for (let i = 0; i < v.length; i++) {
      if (!Number.isFinite(v[i])) throw new Error(`${model} returned a vector with a non-finite value`);
    }
  }
}

/** Removes rows and vectors of the document at `path` (if the store knows it). */
export async function removeDocumentAt(ctx: PipelineContext, path: string): Promise<JobOutcome> {
  const doc = ctx.store.getDocumentByPath(path);
  if (!doc) return SKIPPED;
  const removed = ctx.store.deleteDocument(doc.id);
  if (removed.length > 0) {
    await ctx.vectors.remove(removed);
    ctx.vectorsChanged();
  }
  return { documentId: doc.id, result: 'removed', chunks: 0, embedded: 0, pages: null };
}

/** Drops a document's chunks (and their vectors) while keeping its row, e.g. when it became unreadable. */
async function clearChunks(ctx: PipelineContext, documentId: number, doc?: ParsedDocument): Promise<void> {
  // The text of an empty or scanned document is kept for the source viewer; unreadable ones keep none.
  const removed = doc
    ? ctx.store.replaceChunks(documentId, [], doc.text, pageRows(doc), {
        title: doc.title ?? null,
        meta: doc.meta ?? null,
      }).removedIds
    : ctx.store.clearChunks(documentId);
  if (removed.length > 0) {
    await ctx.vectors.remove(removed);
    ctx.vectorsChanged();
  }
}

/**
 * Embeds the given chunks (one call per distinct text), stores the vectors and mirrors them into the vector
 * index batch by batch, so an interruption loses at most the batch in flight.
 */
export async function embedChunks(
  ctx: PipelineContext,
  chunks: StoredChunk[],
  signal?: AbortSignal,
  /** The file these chunks are from, marked batch by batch (none when repairing across documents). */
  path?: string,
): Promise<number> {
  const { embedder } = ctx;
  const bySha = new Map<string, StoredChunk[]>();
  for (const c of chunks) {
    const list = bySha.get(c.sha256);
    if (list) list.push(c);
    else bySha.set(c.sha256, [c]);
  }
  const shas = [...bySha.keys()];
  const batch = ctx.embedBatchSize ?? DEFAULT_BATCH;
  let embedded = 0;
  for (let i = 0; i < shas.length; i += batch) {
    throwIfAborted(signal);
    const slice = shas.slice(i, i + batch);
    const texts = slice.map((sha) => bySha.get(sha)![0].text);
    if (path !== undefined) ctx.queue.at(path, `embed:${i / batch}`);
    const vectors = await embedder.embedDocuments(texts, { signal });
    validateVectors(vectors, texts.length, embedder.dim, embedder.id);
    ctx.store.putVectors(
      embedder.id,
      embedder.dim,
      slice.map((sha256, j) => ({ sha256, vector: vectors[j] })),
    );
    const items = slice.flatMap((sha, j) => bySha.get(sha)!.map((c) => ({ chunkId: c.id, vector: vectors[j] })));
    await ctx.vectors.add(items);
    ctx.vectorsChanged();
    embedded += texts.length;
    ctx.progress.addChunks(items.length);
  }
  return embedded;
}

/** After a crash between the chunk commit and the vectors: embed every chunk still without a vector. */
export async function embedMissingVectors(ctx: PipelineContext, signal?: AbortSignal): Promise<number> {
  let total = 0;
  const seen = new Set<number>();
  for (;;) {
    const chunks = ctx.store.chunksMissingVectors(ctx.embedder.id, 512).filter((c) => !seen.has(c.id));
    if (chunks.length === 0) return total;
    for (const c of chunks) seen.add(c.id);
    total += await embedChunks(ctx, chunks, signal);
  }
}

/** The options a file is parsed with: the same for the running job and for parsing it ahead. */
function parseOptions(ctx: PipelineContext, path: string, documentId: number | null, maxBytes: number) {
  const password = documentId === null ? undefined : (ctx.store.getDocumentPassword(documentId) ?? undefined);
  const ocr = ocrOptions(ctx.settings().ocr);
  const onProgress: ParseProgress = (step) => {
    ctx.queue.at(path, `parse:${step.stage}:${step.done}`);
    if (step.stage === 'ocr') ctx.progress.fileStep(path, { ...step, stage: 'ocr' });
  };
  return { password, maxBytes, timeoutMs: ctx.parseTimeoutMs, ocr, onProgress };
}

/**
 * Parses `path`; from the parser's first progress report (the worker began reading it, see parseOptions)
 * until the parse ends, the file is marked as the one being worked on. Not before: a parse that waits for
 * a worker to start is no reason to blame the file.
 */
async function markedParse(ctx: PipelineContext, path: string, opts: Parameters<ParseFn>[1]): Promise<ParsedDocument> {
  try {
    return await ctx.parse(path, opts);
  } finally {
    ctx.queue.at(path, null);
  }
}

function ocrOptions(settings: LibrarySettings['ocr']): OcrOptions | null {
  return settings?.enabled ? { languages: settings.languages, concurrency: settings.concurrency } : null;
}

/** Parse-ahead for this pipeline, fed by the next index jobs of `queue`; depth 0 turns it off. */
export function createParseAhead(ctx: PipelineContext, queue: JobQueue, depth = 1): ParseAhead | undefined {
  if (depth <= 0) return undefined;
  return new ParseAhead(
    (path, opts) => markedParse(ctx, path, opts),
    {
      // After a death held against some file, one file at a time: the next death is then attributed exactly.
      upcoming: (limit) =>
        queue.anyDeaths()
          ? []
          : queue
              .upcoming(limit + 4)
              .filter((job) => job.kind === 'index')
              .slice(0, limit)
              .map((job) => job.path),
      optionsFor: (path, stats) => {
        const maxBytes = maxBytesOf(ctx.settings().maxFileMb);
        if (stats.size > maxBytes) return null;
        return parseOptions(ctx, path, ctx.store.getDocumentByPath(path)?.id ?? null, maxBytes);
      },
    },
    depth,
  );
}

export async function runIndexJob(ctx: PipelineContext, job: Job, signal?: AbortSignal): Promise<JobOutcome> {
  try {
    return await indexFile(ctx, job, signal);
  } finally {
    ctx.queue.at(job.path, null); // whatever happens next is not this file's doing
  }
}

async function indexFile(ctx: PipelineContext, job: Job, signal?: AbortSignal): Promise<JobOutcome> {
  const { store } = ctx;
  const folder = store.getFolder(job.folderId);
  if (!folder) return SKIPPED;
  const stats = await statOrNull(job.path);
  if (!stats?.isFile()) return removeDocumentAt(ctx, job.path);
  const settings = ctx.settings();
  const relPath = relative(folder.path, job.path);
  const kind = new FileFilter(folderRules(settings, folder, ctx.kindOf)).accepts(relPath);
  if (kind === null) return removeDocumentAt(ctx, job.path); // excluded now, or renamed to a type we skip
  const { id } = store.upsertDocument({
    folderId: folder.id,
    path: job.path,
    relPath,
    kind,
    size: stats.size,
    mtimeMs: stats.mtimeMs,
  });
  const outcome = (result: DocStatus, chunks = 0, embedded = 0, pages: number | null = null): JobOutcome => ({
    documentId: id,
    result,
    chunks,
    embedded,
    pages,
  });

  const maxBytes = maxBytesOf(settings.maxFileMb);
  if (stats.size > maxBytes) {
    await clearChunks(ctx, id);
    const v = tooLargeVerdict(stats.size, settings.maxFileMb);
    store.setDocumentStatus(id, v.status, v.message, { flags: [], pages: null });
    return outcome(v.status);
  }

  store.setDocumentStatus(id, 'indexing', null);
  let sha256: string | undefined;
  const opts = parseOptions(ctx, job.path, id, maxBytes);
  let parsed: ParsedDocument;
  try {
    // The hash reads the file first: a file that cannot be opened gets the parser's "could not be read",
    // not three attempts and an "unexpected error".
    sha256 = await sha256File(job.path).catch((error: unknown) => {
      throw isFileAccessError(error) ? accessError(error) : error;
    });
    const parsing = ctx.parseAhead ? ctx.parseAhead.run(job.path, opts, stats) : markedParse(ctx, job.path, opts);
    parsed = await raceAbort(parsing, signal);
  } catch (error) {
    const code = parseErrorCode(error);
    if (code === null) throw error;
    await clearChunks(ctx, id);
    const v = parseErrorVerdict(code, (error as Error).message);
    store.setDocumentStatus(id, v.status, v.message, { flags: [], pages: null, sha256 });
    return outcome(v.status);
  }
  throwIfAborted(signal);

  if (parsed.verdict !== 'ok') {
    await clearChunks(ctx, id, parsed);
    const v = documentVerdict(parsed.verdict, 0, parsed);
    store.setDocumentStatus(id, v.status, v.message, { flags: parsed.flags, pages: parsed.pageCount, sha256 });
    return outcome(v.status, 0, 0, parsed.pageCount);
  }

  ctx.queue.at(job.path, 'store');
  const drafts = ctx.chunk(parsed, { targetTokens: settings.chunkTokens, overlapTokens: settings.chunkOverlap });
  throwIfAborted(signal);
  const diff = store.replaceChunks(id, drafts, parsed.text, pageRows(parsed), {
    title: parsed.title ?? null,
    meta: parsed.meta ?? null,
  });
  // Mirror the commit into the vector index before anything can be interrupted.
  if (diff.removedIds.length > 0) await ctx.vectors.remove(diff.removedIds);
  const all = [...diff.added, ...diff.kept];
  const cached = store.getVectors([...new Set(all.map((c) => c.sha256))], ctx.embedder.id);
  const ready = diff.added
    .filter((c) => cached.has(c.sha256))
    .map((c) => ({ chunkId: c.id, vector: cached.get(c.sha256)! }));
  if (ready.length > 0) await ctx.vectors.add(ready);
  if (diff.removedIds.length > 0 || ready.length > 0) ctx.vectorsChanged();
  // Kept rows can lack a vector too, when an earlier run was interrupted before embedding them.
  const missing = all.filter((c) => !cached.has(c.sha256));
  ctx.progress.addChunks(all.length - missing.length);
  const embedded = await embedChunks(ctx, missing, signal, job.path);

  const v = documentVerdict('ok', drafts.length, parsed);
  store.setDocumentStatus(id, v.status, v.message, { flags: parsed.flags, pages: parsed.pageCount, sha256 });
  return outcome(v.status, drafts.length, embedded, parsed.pageCount);
}

/**
 * The process kept dying on this job's file (store/jobs.ts): what stays searchable must be a version that
 * was fully indexed. Chunks of the version being indexed when it died go, with their vectors; the document
 * says it failed and has no pages. If the chunks are still those of an earlier, complete version (the deaths
 * came before they were replaced), they stay searchable and the status says the update failed.
 */
export async function setAsideDocument(ctx: PipelineContext, job: Job, deaths: number): Promise<void> {
  const doc = ctx.store.getDocumentByPath(job.kind === 'rename' ? (job.newPath ?? job.path) : job.path);
  if (!doc) return;
  if (doc.chunks > 0 && ctx.store.chunksComplete(doc.id)) {
    const v = updateFailedVerdict(deaths);
    const flags = [...doc.flags.filter((f) => f !== 'update-failed' && f !== 'set-aside'), 'update-failed' as const];
    ctx.store.setDocumentStatus(doc.id, v.status, v.message, { flags, keepIndexedAt: true });
    return;
  }
  await clearChunks(ctx, doc.id);
  const v = crashedVerdict(deaths);
  ctx.store.setDocumentStatus(doc.id, v.status, v.message, { flags: ['set-aside'], pages: null });
}

export async function runRemoveJob(ctx: PipelineContext, job: Job, signal?: AbortSignal): Promise<JobOutcome> {
  // The file may have come back (an editor's save-as-temp-then-rename) before the job ran.
  const stats = await statOrNull(job.path);
  if (stats?.isFile()) return runIndexJob(ctx, { ...job, kind: 'index' }, signal);
  return removeDocumentAt(ctx, job.path);
}

/** A moved file keeps its rows, chunks and vectors: no parsing, no embedding (unless it also changed). */
export async function runRenameJob(ctx: PipelineContext, job: Job, signal?: AbortSignal): Promise<JobOutcome> {
  const { store } = ctx;
  const to = job.newPath;
  const folder = store.getFolder(job.folderId);
  const doc = store.getDocumentByPath(job.path);
  if (!to || !folder) return runIndexJob(ctx, { ...job, kind: 'index' }, signal);
  const asIndex = (path: string) => runIndexJob(ctx, { ...job, kind: 'index', path, newPath: null }, signal);
  if (!doc) return asIndex(to);
  const [fromStats, toStats] = await Promise.all([statOrNull(job.path), statOrNull(to)]);
  if (fromStats?.isFile()) {
    // Not a move after all: both exist.
    await asIndex(job.path);
    return asIndex(to);
  }
  if (!toStats?.isFile()) return removeDocumentAt(ctx, job.path);
  const relPath = relative(folder.path, to);
  const kind = new FileFilter(folderRules(ctx.settings(), folder, ctx.kindOf)).accepts(relPath);
  if (kind === null) return removeDocumentAt(ctx, job.path);
  const existing = store.getDocumentByPath(to);
  if (existing && existing.id !== doc.id) {
    const removed = store.deleteDocument(existing.id); // moved over another indexed file
    if (removed.length > 0) {
      await ctx.vectors.remove(removed);
      ctx.vectorsChanged();
    }
  }
  const id = store.renameDocument(job.path, to, relPath);
  if (id === null) return asIndex(to);
  if (kind !== doc.kind || toStats.size !== doc.size || !sameMtime(toStats.mtimeMs, doc.mtimeMs)) return asIndex(to);
  if (doc.status === 'queued' || doc.status === 'indexing') return asIndex(to);
  // Size and mtime pair a vanished file with a new one, but two files written in the same millisecond with
  // the same size share them (a deleted file and an unrelated renamed one): only the same content keeps
  // the chunks.
  if ((await sha256File(to)) !== store.documentContentHash(id)) return asIndex(to);
  return { documentId: id, result: 'renamed', chunks: doc.chunks, embedded: 0, pages: doc.pages };
}
