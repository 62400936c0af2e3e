// The library: watched folders kept in sync with the store and the vector index. Work flows through one
// persistent queue (SQLite) drained by one loop, fed by the catch-up scan at start and by the watchers.
import type { Stats } from 'node:fs';
import { access, realpath, stat } from 'node:fs/promises';
import { relative, resolve, sep } from 'node:path';
import type { DocStatus, FolderInfo, IndexProgress } from '../../../shared/types';
import { chunkDocument } from '../chunk/index';
import { kindOf as defaultKindOf, parseFile, warmParsers } from '../parse/index';
import type { JobQueue } from '../store/jobs';
import type { SqliteStore } from '../store/sqlite';
import type { Job, VectorIndex } from '../store/types';
import type { Embedder } from '../types';
import { DISK_FULL_RETRY, diskFullRetryDelay, isDiskFull } from './disk-full';
import { FileFilter, folderRules } from './filter';
import { beforeForcedExit } from '../stop-signals';
import { Lock } from './lock';
import {
  createParseAhead,
  embedMissingVectors,
  type JobOutcome,
  type PipelineContext,
  runIndexJob,
  runRemoveJob,
  runRenameJob,
  setAsideDocument,
} from './pipeline';
import { ProgressTracker } from './progress';
import { type DetectedChange, RenameDetector } from './rename-detector';
import { scanFolder } from './scan';
import { tooLargeVerdict, unexpectedErrorVerdict } from './status-messages';
import { planSync } from './sync';
import {
  type ChunkFn,
  type KindOfFn,
  type LibraryLog,
  LibraryError,
  type LibrarySettings,
  type ParseFn,
} from './types';
import { FolderWatcher } from './watcher';
import { describe, WorkerLoop } from './worker-loop';

/** The OCR languages (or 'off') the library's scans were last read with, in the store's settings table. */
const OCR_APPLIED_KEY = 'ocr-applied';

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

/** What happened since the library was created; the CLI prints it as its summary. */
export interface LibraryRunStats {
  startedAt: number;
  jobs: number;
  byResult: Partial<Record<DocStatus | 'removed' | 'renamed' | 'skipped', number>>;
  chunks: number;
  embedded: number;
  pages: number;
  /** Files whose parse ran ahead, during the previous file's job, and was used. */
  parsedAhead: number;
}

const WATCH_READY_TIMEOUT_MS = 30_000;
const QUEUE_BATCH = 1000;

function isInside(child: string, parent: string): boolean {
  const rel = relative(parent, child);
  return rel !== '' && !rel.startsWith('..') && !rel.startsWith(sep) && rel !== '..';
}

export class Library {
  onProgress: ((p: IndexProgress) => void) | undefined;
  onChanged: ((folderId: number | null) => void) | undefined;

  private readonly store: SqliteStore;
  private readonly queue: JobQueue;
  private readonly loop: WorkerLoop;
  private readonly lock = new Lock();
  private readonly tracker: ProgressTracker;
  private readonly detector: RenameDetector;
  private readonly ctx: PipelineContext;
  private readonly kindOf: KindOfFn;
  private readonly log: LibraryLog;
  private readonly watchers = new Map<number, FolderWatcher>();
  private readonly scans = new Set<Promise<void>>();
  private scanAbort = new AbortController();
  private started = false;
  private watching = true;
  private vectorsDirty = false;
  private lastFlushAt = 0;
  private lastFlushMs = 0;
  private changedFolders = new Set<number | null>();
  private changedTimer: NodeJS.Timeout | null = null;
  /** Since when writes fail for lack of space (null: they do not), so the user is told once, not per file. */
  private diskFullSince: number | null = null;
  /** Folders whose changes could not be queued (disk full): scanned again later. */
  private readonly catchUpLater = new Set<number>();
  private catchUpTimer: NodeJS.Timeout | null = null;
  private catchUpTries = 0;
  /** Removes the last-resort cleanup registered while started (see stop-signals.ts). */
  private forgetCleanup: (() => void) | null = null;
  /** parsedAhead is not kept here: stats() reads it from the parse-ahead. */
  private readonly runStats: Omit<LibraryRunStats, 'parsedAhead'> = {
    startedAt: Date.now(),
    jobs: 0,
    byResult: {},
    chunks: 0,
    embedded: 0,
    pages: 0,
  };

  constructor(private readonly opts: LibraryOptions) {
    if (opts.embedder.dim !== opts.vectors.dim || opts.embedder.id !== opts.vectors.model) {
      throw new LibraryError(
        `The vector index is for ${opts.vectors.model} (${opts.vectors.dim}-d) but the embedder is ${opts.embedder.id} (${opts.embedder.dim}-d).`,
      );
    }
    this.store = opts.store;
    this.onProgress = opts.onProgress;
    this.onChanged = opts.onChanged;
    this.kindOf = opts.kindOf ?? defaultKindOf;
    this.log = opts.log ?? { warn: () => {} };
    this.watching = opts.watch ?? true;
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
      kindOf: this.kindOf,
      progress: this.tracker,
      vectorsChanged: () => {
        this.vectorsDirty = true;
      },
      embedBatchSize: opts.embedBatchSize,
      parseTimeoutMs: opts.parseTimeoutMs,
    };
    this.ctx.parseAhead = createParseAhead(this.ctx, this.queue, opts.parseAhead);
    this.detector = new RenameDetector({
      windowMs: opts.renameWindowMs ?? 1000,
      known: (path) => {
        const doc = this.store.getDocumentByPath(path);
        return doc ? { size: doc.size, mtimeMs: doc.mtimeMs } : null;
      },
      emit: (change) => this.onDetected(change),
    });
    this.loop = new WorkerLoop(this.queue, this.lock, {
      prepare: async (signal) => {
        // Cached vectors of text no chunk uses any more (older versions of edited files) go once per start.
        this.store.pruneOrphanVectors(this.opts.embedder.id);
        // After a crash, or with a newly chosen embedding model, stored chunks may lack vectors: that is
        // indexing work the progress shows.
        const missing = this.store.chunksMissingVectors(this.opts.embedder.id, 1).length > 0;
        if (missing && !this.loop.isPaused) this.tracker.setState('indexing');
        try {
          const n = await embedMissingVectors(this.ctx, signal);
          if (n > 0) this.log.info?.(`embedded ${n} chunk texts that had no vector for ${this.opts.embedder.id}`);
          await this.flushVectors(true);
        } finally {
          if (missing && !this.loop.isPaused) this.tracker.setState(this.scans.size > 0 ? 'scanning' : 'idle');
        }
      },
      run: (job, signal) => this.runJob(job, signal),
      giveUp: async (job, deaths) => {
        this.log.warn(`${job.path}: set aside, Lucarne stopped ${deaths} times while indexing it`);
        await setAsideDocument(this.ctx, job, deaths);
        this.tracker.finishFile();
        this.notifyChanged(job.folderId);
      },
      failed: (job, error, willRetry) => {
        this.log.warn(`indexing ${job.path} failed${willRetry ? ' (will retry)' : ''}: ${describe(error)}`);
        if (willRetry) this.markDocument(job, { status: 'queued', message: null });
        else {
          this.markDocument(job, unexpectedErrorVerdict(error, this.queue.runNumber(job)));
          this.tracker.finishFile();
        }
        this.notifyChanged(job.folderId);
      },
      interrupted: (job) => this.markDocument(job, { status: 'queued', message: null }),
      afterJob: () => this.flushVectors(false),
      idle: () => {
        // The next edit a watched folder sees should not wait for a parser to start and load pdf.js.
        if (this.watching && !opts.parse) void warmParsers().catch(() => undefined);
        return this.flushVectors(true);
      },
      busyChanged: (busy) => {
        if (this.loop.isPaused) return;
        this.tracker.setState(busy ? 'indexing' : this.scans.size > 0 ? 'scanning' : 'idle');
      },
      log: (m) => this.log.warn(m),
      diskFull: (_job, error) => this.reportDiskFull(error),
      spaceBack: () => this.reportSpaceBack(),
      retryMs: opts.diskFullRetryMs,
    });
  }

  // ---- folders ----

  /** Adds a folder (or returns it if it is already there) and, when running, scans and watches it. */
  async addFolder(path: string): Promise<FolderInfo> {
    const abs = resolve(path);
    let stats: Stats;
    try {
      stats = await stat(abs);
    } catch {
      throw new LibraryError(`Folder not found: ${abs}`);
    }
    if (!stats.isDirectory()) throw new LibraryError(`Not a folder: ${abs}. Choose a folder, not a file.`);
    const real = await realpath(abs);
    for (const f of this.store.listFolders()) {
      const existing = await realpath(f.path).catch(() => f.path);
      if (existing === real) return f;
      if (isInside(real, existing)) {
        throw new LibraryError(
          `${abs} is inside ${f.path}, which is already in your library: its files are already indexed.`,
        );
      }
      if (isInside(existing, real)) {
        throw new LibraryError(
          `${abs} contains ${f.path}, which is already in your library. Remove ${f.path} first, then add this folder.`,
        );
      }
    }
    const info = this.store.addFolder(real, { include: [], exclude: [] });
    this.notifyChanged(null);
    if (this.started) {
      if (this.watching) await this.watchFolder(info.id, info.path);
      this.catchUp(info.id);
    }
    return this.store.listFolders().find((f) => f.id === info.id) ?? info;
  }

  /** Removes a folder with its documents, chunks and vectors (the files themselves are not touched). */
  async removeFolder(folderId: number): Promise<void> {
    await this.unwatchFolder(folderId);
    this.detector.forgetFolder(folderId);
    await this.lock.run(async () => {
      const removed = this.store.removeFolder(folderId);
      if (removed.length > 0) {
        await this.opts.vectors.remove(removed);
        this.vectorsDirty = true;
      }
      await this.flushVectors(true);
    });
    this.notifyChanged(null);
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
    this.scanAbort = new AbortController();
    const reset = this.queue.recover();
    if (reset > 0) this.log.info?.(`resuming ${reset} job(s) interrupted by the last shutdown`);
    // A forced exit (a second Ctrl-C, a stop past its deadline) blames no file for it.
    this.forgetCleanup = beforeForcedExit(() => this.queue.disarmAll());
    this.loop.start();
    const folders = this.store.listFolders();
    // Watch first, then scan: a change made during the scan is seen by one or the other (the queue dedupes).
    if (this.watching) {
      for (const f of folders) await this.watchFolder(f.id, f.path);
    }
    for (const f of folders) this.catchUp(f.id);
    await this.scansSettled();
    this.applyOcrSettings();
  }

  /**
   * Queues the documents that depend on OCR again when OCR was turned on or its languages changed since
   * they were read (also after an upgrade from a version without OCR). Turning OCR off keeps the text
   * already recognised; files read from then on are not OCR'd. Returns how many were queued.
   */
  applyOcrSettings(): number {
    const ocr = this.opts.settings().ocr;
    const current = ocr?.enabled ? ocr.languages.join('+') : 'off';
    const applied = this.store.getSetting<string>(OCR_APPLIED_KEY);
    if (applied === current) return 0;
    this.store.setSetting(OCR_APPLIED_KEY, current);
    if (current === 'off') return 0;
    const docs = this.store.documentsForOcr();
    for (const doc of docs) this.queue.enqueue('index', doc.folderId, doc.path);
    if (docs.length > 0) {
      this.log.info?.(`OCR (${current}): ${docs.length} scanned document(s) queued to be read again`);
      this.notifyChanged(null);
    }
    return docs.length;
  }

  /** Stops watching, interrupts the current file (it is re-queued), and writes the vector index. */
  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    this.scanAbort.abort();
    await Promise.all([...this.watchers.keys()].map((id) => this.unwatchFolder(id)));
    this.detector.flushAll(); // held watcher events become persistent jobs for the next start
    await this.scansSettled();
    await this.loop.stop();
    this.ctx.parseAhead?.clear();
    await this.lock.run(() => this.flushVectors(true));
    // A file parsed ahead when the stop came is still marked: this exit is not its doing either.
    this.queue.disarmAll();
    this.forgetCleanup?.();
    this.forgetCleanup = null;
    this.tracker.setState('idle');
    this.tracker.dispose();
    if (this.changedTimer) {
      clearTimeout(this.changedTimer);
      this.changedTimer = null;
    }
    this.flushChanged();
    // The next start scans every folder anyway.
    if (this.catchUpTimer) clearTimeout(this.catchUpTimer);
    this.catchUpTimer = null;
    this.catchUpLater.clear();
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
    this.queue.enqueue('index', doc.folderId, doc.path);
    this.notifyChanged(doc.folderId);
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
    if (docs.length > 0) this.notifyChanged(folderId);
    return docs.length;
  }

  /** Stores the password for this one file (in the local database) and queues it again. */
  async setPassword(documentId: number, password: string): Promise<void> {
    const doc = this.store.getDocument(documentId);
    if (!doc) throw new LibraryError(`No document with id ${documentId}.`);
    this.store.setDocumentPassword(doc.id, password === '' ? null : password);
    this.store.setDocumentStatus(doc.id, 'queued', null);
    this.queue.enqueue('index', doc.folderId, doc.path);
    this.notifyChanged(doc.folderId);
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
        await this.unwatchFolder(f.id);
        await this.watchFolder(f.id, f.path);
      }
    }
    for (const f of folders) this.catchUp(f.id, true);
    await this.scansSettled();
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
        this.scans.size === 0 &&
        this.detector.heldCount === 0 &&
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
    return { ...this.runStats, byResult: { ...this.runStats.byResult }, parsedAhead };
  }

  // ---- internals ----

  private async runJob(job: Job, signal: AbortSignal): Promise<void> {
    this.tracker.startFile(job.newPath ?? job.path);
    let outcome: JobOutcome;
    if (job.kind === 'remove') outcome = await runRemoveJob(this.ctx, job, signal);
    else if (job.kind === 'rename') outcome = await runRenameJob(this.ctx, job, signal);
    else outcome = await runIndexJob(this.ctx, job, signal);
    const s = this.runStats;
    s.jobs++;
    s.byResult[outcome.result] = (s.byResult[outcome.result] ?? 0) + 1;
    s.embedded += outcome.embedded;
    if (outcome.result === 'indexed') {
      s.chunks += outcome.chunks;
      s.pages += outcome.pages ?? 0;
    }
    this.tracker.finishFile();
    this.notifyChanged(job.folderId);
  }

  private markDocument(job: Job, verdict: { status: DocStatus; message: string | null }): void {
    const doc = this.store.getDocumentByPath(job.kind === 'rename' ? (job.newPath ?? job.path) : job.path);
    if (doc) this.store.setDocumentStatus(doc.id, verdict.status, verdict.message);
  }

  private async flushVectors(force: boolean): Promise<void> {
    if (!this.vectorsDirty) return;
    // The whole index is written each time, so with a big library the interval stretches to keep writing
    // under ~5 % of the time (a crash before the next write costs a rebuild from the store, nothing more).
    const interval = Math.max(this.opts.flushIntervalMs ?? 2000, 20 * this.lastFlushMs);
    if (!force && Date.now() - this.lastFlushAt < interval) return;
    this.vectorsDirty = false;
    this.lastFlushAt = Date.now();
    try {
      await this.opts.vectors.flush();
      this.lastFlushMs = Date.now() - this.lastFlushAt;
    } catch (error) {
      this.vectorsDirty = true;
      this.log.warn(`writing the vector index failed: ${describe(error)}`);
    }
  }

  private rulesFor(folderId: number) {
    const folder = this.store.getFolder(folderId);
    return folder ? folderRules(this.opts.settings(), folder, this.kindOf) : null;
  }

  /** Scans a folder and queues what changed (in the background; tracked so whenIdle waits for it). */
  private catchUp(folderId: number, force = false): void {
    const folder = this.store.getFolder(folderId);
    if (!folder) return;
    const signal = this.scanAbort.signal;
    const task = (async () => {
      if (!this.loop.currentJob && !this.loop.isPaused) this.tracker.setState('scanning');
      const settings = this.opts.settings();
      const rules = folderRules(settings, folder, this.kindOf);
      let disk: Awaited<ReturnType<typeof scanFolder>>;
      try {
        disk = await scanFolder(folder.path, {
          ...rules,
          maxFileMb: settings.maxFileMb,
          signal,
          onError: (p, e) => this.log.warn(`cannot read ${p}: ${describe(e)}`),
        });
      } catch (error) {
        // An unplugged drive or a removed folder: keep what is indexed rather than deleting everything.
        if (!signal.aborted) this.log.warn(`cannot scan ${folder.path}: ${describe(error)}`);
        return;
      }
      if (signal.aborted || !this.store.getFolder(folderId)) return;
      const plan = planSync(disk, this.store.documentPaths(folderId), { force });
      for (const { from, to } of plan.rename) this.queue.enqueue('rename', folderId, from, to.path);
      for (const path of plan.remove) this.queue.enqueue('remove', folderId, path);
      for (const f of plan.tooLarge) {
        const known = this.store.getDocumentByPath(f.path);
        if (known && known.chunks > 0) {
          this.queueIndex(folderId, f); // the pipeline drops its old chunks and vectors
        } else {
          const { id } = this.store.upsertDocument({
            folderId,
            path: f.path,
            relPath: f.relPath,
            kind: f.kind,
            size: f.size,
            mtimeMs: f.mtimeMs,
          });
          const v = tooLargeVerdict(f.size, settings.maxFileMb);
          this.store.setDocumentStatus(id, v.status, v.message, { flags: [], pages: null });
        }
      }
      // A big folder is queued in batches, one transaction each, and the engine answers calls in between
      // (queueing 100,000 files in one go kept it silent for a minute).
      for (let i = 0; i < plan.index.length; i += QUEUE_BATCH) {
        if (i > 0) {
          await new Promise((r) => setImmediate(r));
          if (signal.aborted || !this.store.getFolder(folderId)) return;
        }
        // The job running right now was claimed from the queue the last run left: queueing its file again
        // would index it twice.
        const running = this.loop.currentJob;
        this.store.transaction(() => {
          for (const f of plan.index.slice(i, i + QUEUE_BATCH)) {
            if (running?.kind === 'index' && running.path === f.path && plan.unfinished.has(f.path)) continue;
            this.queueIndex(folderId, f);
          }
        });
      }
      if (plan.index.length + plan.remove.length + plan.rename.length + plan.tooLarge.length > 0) {
        this.notifyChanged(folderId);
        this.reportSpaceBack(); // (if it was full) queueing what changed could be written
      }
    })()
      .catch((error) => {
        if (isDiskFull(error)) this.catchUpWhenSpaceReturns(folderId, error);
        else this.log.warn(`catch-up of ${folder.path} failed: ${describe(error)}`);
      })
      .finally(() => {
        this.scans.delete(task);
        if (this.scans.size === 0 && !this.loop.currentJob && this.queue.pending() === 0 && !this.loop.isPaused) {
          this.tracker.setState('idle');
        }
      });
    this.scans.add(task);
  }

  private async scansSettled(): Promise<void> {
    while (this.scans.size > 0) await Promise.allSettled([...this.scans]);
  }

  /** Records the file as queued (so the UI lists it at once) and queues its index job. */
  private queueIndex(
    folderId: number,
    f: { path: string; relPath: string; kind: DocumentKind; size: number; mtimeMs: number },
  ): void {
    // One transaction: a document marked queued always has its job.
    this.store.transaction(() => {
      const { id } = this.store.upsertDocument({ folderId, ...f });
      const doc = this.store.getDocument(id);
      if (doc && doc.status !== 'indexing') this.store.setDocumentStatus(id, 'queued', null);
      this.queue.enqueue('index', folderId, f.path);
    });
  }

  private async watchFolder(folderId: number, path: string): Promise<void> {
    if (this.watchers.has(folderId)) return;
    const rules = this.rulesFor(folderId);
    if (!rules) return;
    const onFile = async (path: string, stats: Stats | undefined, kind: 'added' | 'changed') => {
      try {
        const s = stats ?? (await stat(path));
        if (kind === 'added') this.detector.added(folderId, path, { size: s.size, mtimeMs: s.mtimeMs });
        else this.detector.changed(folderId, path);
      } catch {
        // Gone already: the unlink event follows.
      }
    };
    const watcher = new FolderWatcher(
      path,
      rules,
      {
        added: (p, s) => void onFile(p, s, 'added'),
        changed: (p, s) => void onFile(p, s, 'changed'),
        unlinked: (p) => this.detector.unlinked(folderId, p),
        error: (e) => this.log.warn(`watching ${path}: ${describe(e)}`),
      },
      { stabilityMs: this.opts.writeStabilityMs },
    );
    this.watchers.set(folderId, watcher);
    try {
      await access(path);
      // Waiting for chokidar's "ready" means no change slips between the watch and the catch-up scan; a
      // slow network drive must not hold the start for ever, though.
      let timer: NodeJS.Timeout | undefined;
      const slow = new Promise<void>((r) => {
        timer = setTimeout(r, WATCH_READY_TIMEOUT_MS);
      });
      await Promise.race([watcher.start(), slow]);
      clearTimeout(timer);
    } catch (error) {
      this.log.warn(`cannot watch ${path}: ${describe(error)}`);
    }
  }

  private async unwatchFolder(folderId: number): Promise<void> {
    const w = this.watchers.get(folderId);
    if (!w) return;
    this.watchers.delete(folderId);
    await w.close();
  }

  private onDetected(change: DetectedChange): void {
    try {
      const folder = this.store.getFolder(change.folderId);
      if (!folder) return;
      if (change.kind === 'rename') {
        this.queue.enqueue('rename', change.folderId, change.from, change.to);
      } else if (change.kind === 'remove') {
        this.queue.enqueue('remove', change.folderId, change.path);
      } else {
        const kind = new FileFilter(folderRules(this.opts.settings(), folder, this.kindOf)).accepts(
          relative(folder.path, change.path),
        );
        if (!kind) return;
        const doc = this.store.getDocumentByPath(change.path);
        if (doc && doc.status !== 'indexing') this.store.setDocumentStatus(doc.id, 'queued', null);
        this.queue.enqueue('index', change.folderId, change.path);
      }
      this.notifyChanged(change.folderId);
    } catch (error) {
      if (isDiskFull(error)) this.catchUpWhenSpaceReturns(change.folderId, error);
      else this.log.warn(`queueing a change failed: ${describe(error)}`);
    }
  }

  private reportDiskFull(error: unknown): void {
    if (this.diskFullSince !== null) return;
    this.diskFullSince = Date.now();
    this.log.warn(
      `The disk is full: Lucarne cannot write to its data folder ${this.store.dataDir} (${describe(error)}). ` +
        'Indexing waits and resumes by itself once space is freed; what is already indexed stays searchable.',
    );
  }

  private reportSpaceBack(): void {
    if (this.diskFullSince === null) return;
    const seconds = Math.round((Date.now() - this.diskFullSince) / 1000);
    this.diskFullSince = null;
    this.catchUpTries = 0;
    this.log.warn(`Disk space is available again after ${seconds} s: indexing resumes.`);
    if (this.catchUpLater.size > 0) this.runPendingCatchUps();
  }

  /**
   * A change the watcher saw could not be queued for lack of space, and the watcher will not report it
   * again: the folder is scanned again later (and again, until the scan can queue what it finds).
   */
  private catchUpWhenSpaceReturns(folderId: number, error: unknown): void {
    this.reportDiskFull(error);
    this.catchUpLater.add(folderId);
    if (this.catchUpTimer || !this.started) return;
    const { first, max } = this.opts.diskFullRetryMs ?? DISK_FULL_RETRY;
    this.catchUpTimer = setTimeout(
      () => this.runPendingCatchUps(),
      diskFullRetryDelay(this.catchUpTries++, first, max),
    );
    this.catchUpTimer.unref?.();
  }

  private runPendingCatchUps(): void {
    if (this.catchUpTimer) clearTimeout(this.catchUpTimer);
    this.catchUpTimer = null;
    const folders = [...this.catchUpLater];
    this.catchUpLater.clear();
    if (this.started) for (const id of folders) this.catchUp(id);
  }

  /** Coalesces change notifications (a big batch would otherwise send one per file). */
  private notifyChanged(folderId: number | null): void {
    if (!this.onChanged) return;
    this.changedFolders.add(folderId);
    if (this.changedTimer) return;
    this.changedTimer = setTimeout(() => {
      this.changedTimer = null;
      this.flushChanged();
    }, 250);
    this.changedTimer.unref?.();
  }

  private flushChanged(): void {
    const folders = [...this.changedFolders];
    this.changedFolders.clear();
    if (folders.includes(null) || folders.length > 1) this.onChanged?.(null);
    else if (folders.length === 1) this.onChanged?.(folders[0]);
  }
}

type DocumentKind = NonNullable<ReturnType<KindOfFn>>;
