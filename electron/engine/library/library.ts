// The library: watched folders kept in sync with the store and the vector index. Work flows through one
// persistent queue (SQLite) drained by one loop, fed by the catch-up scan at start and by the watchers.
// This class assembles the parts and orders their start and stop: folders.ts (adding a folder),
// watched-folders.ts (live changes), catch-up.ts (scans), job-hooks.ts (what the loop does around each
// job), vector-flush.ts, change-batch.ts, disk-full-episode.ts, ocr-requeue.ts and run-stats.ts.
// Start: recover the queue, arm the forced-exit cleanup (a forced exit blames no file), start the loop, watch
// every folder, then scan it (watch first, so no change is missed). Stop: abort the scans, close the
// watchers and queue their held events, wait for the scans, stop the loop (the current file is re-queued),
// write the vector index, disarm the crash marks, then send the last change notices.
import type { FolderInfo, IndexProgress } from '../../../shared/types';
import { chunkDocument } from '../chunk/index';
import { kindOf as defaultKindOf, parseFile } from '../parse/index';
import { beforeForcedExit } from '../stop-signals';
import type { JobQueue } from '../store/jobs';
import type { SqliteStore } from '../store/sqlite';
import type { VectorIndex } from '../store/types';
import type { Embedder } from '../types';
import { CatchUpScans } from './catch-up';
import { ChangeBatch } from './change-batch';
import { DiskFullEpisode } from './disk-full-episode';
import { resolveNewFolder } from './folders';
import { jobHooks } from './job-hooks';
import { Lock } from './lock';
import { requeueForOcr } from './ocr-requeue';
import { createParseAhead, type PipelineContext } from './pipeline';
import { ProgressTracker } from './progress';
import { type LibraryRunStats, RunStats } from './run-stats';
import {
  type ChunkFn,
  type KindOfFn,
  type LibraryLog,
  LibraryError,
  type LibrarySettings,
  type ParseFn,
} from './types';
import { VectorFlush } from './vector-flush';
import { WatchedFolders } from './watched-folders';
import { WorkerLoop } from './worker-loop';

export type { LibraryRunStats } from './run-stats';

export interface LibraryOptions {
  store: SqliteStore;
  vectors: VectorIndex;
  embedder: Embedder;
  settings: () => LibrarySettings;
  onProgress?: (p: IndexProgress) => void;
  onChanged?: (folderId: number | null) => void;
  log?: LibraryLog;
  /** Seams for tests and other front ends; the defaults are the real parsers and chunker. */
  parse?: ParseFn;
  chunk?: ChunkFn;
  kindOf?: KindOfFn;
  /** Watch folders for changes after start (default true; the CLI indexes once and leaves). */
  watch?: boolean;
  /** How long an unlink waits for a matching add (and vice versa) to be taken as a rename (ms). */
  renameWindowMs?: number;
  /** Vector index writes are debounced to at most one per this interval while busy (ms). */
  flushIntervalMs?: number;
  /** Watcher: how long a file must stop growing before it is read (ms). */
  writeStabilityMs?: number;
  embedBatchSize?: number;
  parseTimeoutMs?: number;
  /** While the disk is full: first wait before trying again (ms), doubling up to the max. */
  diskFullRetryMs?: { first: number; max: number };
  /** Files parsed ahead of the one being stored (default 1; 0 parses one file at a time). */
  parseAhead?: number;
}

export class Library {
  onProgress: ((p: IndexProgress) => void) | undefined;
  onChanged: ((folderId: number | null) => void) | undefined;

  private readonly store: SqliteStore;
  private readonly queue: JobQueue;
  private readonly loop: WorkerLoop;
  private readonly lock = new Lock();
  private readonly tracker: ProgressTracker;
  private readonly ctx: PipelineContext;
  private readonly log: LibraryLog;
  private readonly watched: WatchedFolders;
  private readonly scans: CatchUpScans;
  private readonly vectorFlush: VectorFlush;
  private readonly diskFull: DiskFullEpisode;
  private readonly changes = new ChangeBatch(() => this.onChanged);
  private readonly runStats = new RunStats();
  private started = false;
  private watching = true;
  /** Removes the last-resort cleanup registered while started (see stop-signals.ts). */
  private forgetCleanup: (() => void) | null = null;

  constructor(private readonly opts: LibraryOptions) {
    if (opts.embedder.dim !== opts.vectors.dim || opts.embedder.id !== opts.vectors.model) {
      throw new LibraryError(
        `The vector index is for ${opts.vectors.model} (${opts.vectors.dim}-d) but the embedder is ${opts.embedder.id} (${opts.embedder.dim}-d).`,
      );
    }
    this.store = opts.store;
    this.onProgress = opts.onProgress;
    this.onChanged = opts.onChanged;
    const kindOf = opts.kindOf ?? defaultKindOf;
    this.log = opts.log ?? { warn: () => {} };
    this.watching = opts.watch ?? true;
    const notifyChanged = (folderId: number | null) => this.changes.notify(folderId);
    this.vectorFlush = new VectorFlush(opts.vectors, { intervalMs: opts.flushIntervalMs, log: this.log });
    this.diskFull = new DiskFullEpisode({
      dataDir: this.store.dataDir,
      log: this.log,
      retryMs: opts.diskFullRetryMs,
      isStarted: () => this.started,
      catchUp: (folderId) => this.scans.catchUp(folderId),
    });
    this.queue = this.store.jobs;
    this.queue.onEnqueue = () => {
      this.loop?.wake();
      this.tracker?.changed();
    };
    this.tracker = new ProgressTracker({
      pending: () => this.queue.pending(),
      emit: (p) => this.onProgress?.(p),
    });
    this.ctx = {
      store: this.store,
      queue: this.queue,
      vectors: opts.vectors,
      embedder: opts.embedder,
      settings: opts.settings,
      parse: opts.parse ?? parseFile,
      chunk: opts.chunk ?? chunkDocument,
      kindOf,
      progress: this.tracker,
      vectorsChanged: () => this.vectorFlush.changed(),
      embedBatchSize: opts.embedBatchSize,
      parseTimeoutMs: opts.parseTimeoutMs,
    };
    this.ctx.parseAhead = createParseAhead(this.ctx, this.queue, opts.parseAhead);
    this.watched = new WatchedFolders({
      store: this.store,
      queue: this.queue,
      settings: opts.settings,
      kindOf,
      log: this.log,
      renameWindowMs: opts.renameWindowMs,
      writeStabilityMs: opts.writeStabilityMs,
      notifyChanged,
      diskFull: (folderId, error) => this.diskFull.catchUpWhenSpaceReturns(folderId, error),
    });
    this.loop = new WorkerLoop(
      this.queue,
      this.lock,
      jobHooks({
        store: this.store,
        queue: this.queue,
        tracker: this.tracker,
        ctx: this.ctx,
        stats: this.runStats,
        vectors: this.vectorFlush,
        log: this.log,
        embedderId: opts.embedder.id,
        realParsers: !opts.parse,
        isPaused: () => this.loop.isPaused,
        scanning: () => this.scans.running,
        watching: () => this.watching,
        notifyChanged,
        diskFull: (error) => this.diskFull.report(error),
        spaceBack: () => this.diskFull.spaceBack(),
        retryMs: opts.diskFullRetryMs,
      }),
    );
    this.scans = new CatchUpScans({
      store: this.store,
      queue: this.queue,
      loop: this.loop,
      tracker: this.tracker,
      settings: opts.settings,
      kindOf,
      log: this.log,
      notifyChanged,
      spaceBack: () => this.diskFull.spaceBack(),
      diskFull: (folderId, error) => this.diskFull.catchUpWhenSpaceReturns(folderId, error),
    });
  }

  // ---- folders ----

  /** Adds a folder (or returns it if it is already there) and, when running, scans and watches it. */
  async addFolder(path: string): Promise<FolderInfo> {
    const place = await resolveNewFolder(this.store, path);
    if (place.existing) return place.existing;
    const info = this.store.addFolder(place.real, { include: [], exclude: [] });
    this.changes.notify(null);
    if (this.started) {
      if (this.watching) await this.watched.watch(info.id, info.path);
      this.scans.catchUp(info.id);
    }
    return this.store.listFolders().find((f) => f.id === info.id) ?? info;
  }

  /** Removes a folder with its documents, chunks and vectors (the files themselves are not touched). */
  async removeFolder(folderId: number): Promise<void> {
    await this.watched.unwatch(folderId);
    this.watched.forget(folderId);
    await this.lock.run(async () => {
      const removed = this.store.removeFolder(folderId);
      if (removed.length > 0) {
        await this.opts.vectors.remove(removed);
        this.vectorFlush.changed();
      }
      await this.vectorFlush.flush(true);
    });
    this.changes.notify(null);
  }

  // ---- lifecycle ----

  /**
   * Resets jobs a previous run left running, starts the worker loop (which first embeds any chunk a crash
   * left without a vector), starts the watchers and runs the catch-up scan of every folder. Resolves once
   * the scan has queued its work; indexing goes on in the background (see whenIdle).
   */
  async start(opts: { watch?: boolean } = {}): Promise<void> {
    if (this.started) return;
    this.started = true;
    this.watching = opts.watch ?? this.opts.watch ?? true;
    this.scans.restart();
    const reset = this.queue.recover();
    if (reset > 0) this.log.info?.(`resuming ${reset} job(s) interrupted by the last shutdown`);
    // A forced exit (a second Ctrl-C, a stop past its deadline) blames no file for it.
    this.forgetCleanup = beforeForcedExit(() => this.queue.disarmAll());
    this.loop.start();
    const folders = this.store.listFolders();
    // Watch first, then scan: a change made during the scan is seen by one or the other (the queue dedupes).
    if (this.watching) {
      for (const f of folders) await this.watched.watch(f.id, f.path);
    }
    for (const f of folders) this.scans.catchUp(f.id);
    await this.scans.settled();
    this.applyOcrSettings();
  }

  /**
   * Queues the documents that depend on OCR again when OCR was turned on or its languages changed since
   * they were read (also after an upgrade from a version without OCR). Turning OCR off keeps the text
   * already recognised; files read from then on are not OCR'd. Returns how many were queued.
   */
  applyOcrSettings(): number {
    return requeueForOcr({
      store: this.store,
      queue: this.queue,
      settings: this.opts.settings(),
      log: this.log,
      notifyChanged: (folderId) => this.changes.notify(folderId),
    });
  }

  /** Stops watching, interrupts the current file (it is re-queued), and writes the vector index. */
  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    this.scans.abortAll();
    await this.watched.unwatchAll();
    this.watched.flushHeld(); // held watcher events become persistent jobs for the next start
    await this.scans.settled();
    await this.loop.stop();
    this.ctx.parseAhead?.clear();
    await this.lock.run(() => this.vectorFlush.flush(true));
    // A file parsed ahead when the stop came is still marked: this exit is not its doing either.
    this.queue.disarmAll();
    this.forgetCleanup?.();
    this.forgetCleanup = null;
    this.tracker.setState('idle');
    this.tracker.dispose();
    this.changes.flushNow();
    this.diskFull.cancelCatchUps(); // the next start scans every folder anyway
  }

  /** Finishes the current file, then waits. */
  pause(): void {
    this.loop.pause();
    this.tracker.setState('paused');
  }

  resume(): void {
    this.loop.resume();
    this.tracker.setState(this.loop.currentJob || this.queue.pending() > 0 ? 'indexing' : 'idle');
  }

  /** Queues a document again (after a failure, or to force a fresh parse). */
  async retry(documentId: number): Promise<void> {
    const doc = this.store.getDocument(documentId);
    if (!doc) throw new LibraryError(`No document with id ${documentId}.`);
    this.store.setDocumentStatus(doc.id, 'queued', null);
    this.ctx.parseAhead?.forget(doc.path);
    this.queue.enqueue('index', doc.folderId, doc.path);
    this.changes.notify(doc.folderId);
  }

  /**
   * Gives every set-aside file of the folder one more try (an explicit `lucarne index` of the folder asks
   * for that; the automatic catch-up scan does not). Returns how many were queued.
   */
  retrySetAside(folderId: number): number {
    const docs = this.store.setAsideDocuments(folderId);
    for (const doc of docs) {
      this.store.setDocumentStatus(doc.id, 'queued', null);
      this.queue.enqueue('index', folderId, doc.path);
    }
    if (docs.length > 0) this.changes.notify(folderId);
    return docs.length;
  }

  /** Stores the password for this one file (in the local database) and queues it again. */
  async setPassword(documentId: number, password: string): Promise<void> {
    const doc = this.store.getDocument(documentId);
    if (!doc) throw new LibraryError(`No document with id ${documentId}.`);
    this.store.setDocumentPassword(doc.id, password === '' ? null : password);
    this.store.setDocumentStatus(doc.id, 'queued', null);
    this.queue.enqueue('index', doc.folderId, doc.path);
    this.changes.notify(doc.folderId);
  }

  /**
   * Parses every file again (after the chunk settings or the include/exclude rules changed). Unchanged
   * chunks keep their rows and vectors; only new chunk texts are embedded.
   */
  async reindexAll(): Promise<void> {
    const folders = this.store.listFolders();
    if (this.started && this.watching) {
      // Filters may have changed: watchers are rebuilt with the current rules.
      for (const f of folders) {
        await this.watched.unwatch(f.id);
        await this.watched.watch(f.id, f.path);
      }
    }
    for (const f of folders) this.scans.catchUp(f.id, true);
    await this.scans.settled();
  }

  progress(): IndexProgress {
    return this.tracker.snapshot();
  }

  /** Resolves when nothing is queued, held, scanning or running. Rejects if the library is not started. */
  async whenIdle(): Promise<void> {
    for (;;) {
      if (!this.started) {
        if (this.queue.pending() === 0) return;
        throw new LibraryError('The library is stopped: start it to process the queued files.');
      }
      if (
        this.loop.isIdle &&
        !this.scans.running &&
        this.watched.heldCount === 0 &&
        this.queue.pending() === 0 &&
        !this.loop.currentJob
      ) {
        return;
      }
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  get isStarted(): boolean {
    return this.started;
  }

  stats(): LibraryRunStats {
    const parsedAhead = this.ctx.parseAhead?.stats.used ?? 0;
    return this.runStats.snapshot(parsedAhead);
  }
}
