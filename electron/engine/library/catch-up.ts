// Catch-up scans: a folder is walked and what changed since the store last saw it is queued (at start, for
// a new folder, after the rules changed, and again after a full disk kept a watcher's change from being
// queued). Scans run in the background; each is tracked so whenIdle and stop can wait for them, and stop
// aborts them. Ordering: the library starts the watcher before the scan, so a change made meanwhile is
// seen by one or the other (the queue dedupes). A document is marked queued and gets its job in one
// transaction, so a crash never leaves a queued document without its job.
import { errorMessage } from '../../../shared/errors';
import type { JobQueue } from '../store/jobs';
import type { SqliteStore } from '../store/sqlite';
import { isDiskFull } from './disk-full';
import { folderRules } from './filter';
import type { ProgressTracker } from './progress';
import { scanFolder } from './scan';
import { tooLargeVerdict } from './status-messages';
import { planSync } from './sync';
import type { KindOfFn, LibraryLog, LibrarySettings } from './types';
import type { WorkerLoop } from './worker-loop';

const QUEUE_BATCH = 1000;

export interface CatchUpOptions {
  store: SqliteStore;
  queue: JobQueue;
  loop: WorkerLoop;
  tracker: ProgressTracker;
  settings: () => LibrarySettings;
  kindOf: KindOfFn;
  log: LibraryLog;
  notifyChanged(folderId: number | null): void;
  /** Queueing what changed could be written (ends a disk-full episode, if there is one). */
  spaceBack(): void;
  /** Queueing failed for lack of space: the folder is to be scanned again later. */
  diskFull(folderId: number, error: unknown): void;
}

export class CatchUpScans {
  private readonly scans = new Set<Promise<void>>();
  private abort = new AbortController();

  constructor(private readonly opts: CatchUpOptions) {}

  /** Scans are running (the progress shows 'scanning' while no file is indexed). */
  get running(): boolean {
    return this.scans.size > 0;
  }

  /** Scans started from now on can be aborted again (the library starts). */
  restart(): void {
    this.abort = new AbortController();
  }

  /** Makes the running scans end without queueing more (the library stops). */
  abortAll(): void {
    this.abort.abort();
  }

  /** Scans a folder and queues what changed (in the background; tracked so whenIdle waits for it). */
  catchUp(folderId: number, force = false): void {
    const { store, queue, loop, tracker, log } = this.opts;
    const folder = store.getFolder(folderId);
    if (!folder) return;
    const signal = this.abort.signal;
    const task = (async () => {
      if (!loop.currentJob && !loop.isPaused) tracker.setState('scanning');
      const settings = this.opts.settings();
      const rules = folderRules(settings, folder, this.opts.kindOf);
      let disk: Awaited<ReturnType<typeof scanFolder>>;
      try {
        disk = await scanFolder(folder.path, {
          ...rules,
          maxFileMb: settings.maxFileMb,
          signal,
          onError: (p, e) => log.warn(`cannot read ${p}: ${errorMessage(e)}`),
        });
      } catch (error) {
        // An unplugged drive or a removed folder: keep what is indexed rather than deleting everything.
        if (!signal.aborted) log.warn(`cannot scan ${folder.path}: ${errorMessage(error)}`);
        return;
      }
      if (signal.aborted || !store.getFolder(folderId)) return;
      const plan = planSync(disk, store.documentPaths(folderId), { force });
      for (const { from, to } of plan.rename) queue.enqueue('rename', folderId, from, to.path);
      for (const path of plan.remove) queue.enqueue('remove', folderId, path);
      for (const f of plan.tooLarge) {
        const known = store.getDocumentByPath(f.path);
        if (known && known.chunks > 0) {
          this.queueIndex(folderId, f); // the pipeline drops its old chunks and vectors
        } else {
          const { id } = store.upsertDocument({
            folderId,
            path: f.path,
            relPath: f.relPath,
            kind: f.kind,
            size: f.size,
            mtimeMs: f.mtimeMs,
          });
          const v = tooLargeVerdict(f.size, settings.maxFileMb);
          store.setDocumentStatus(id, v.status, v.message, { flags: [], pages: null });
        }
      }
      // A big folder is queued in batches, one transaction each, and the engine answers calls in between
      // (queueing 100,000 files in one go kept it silent for a minute).
      for (let i = 0; i < plan.index.length; i += QUEUE_BATCH) {
        if (i > 0) {
          await new Promise((r) => setImmediate(r));
          if (signal.aborted || !store.getFolder(folderId)) return;
        }
        // The job running right now was claimed from the queue the last run left: queueing its file again
        // would index it twice.
        const running = loop.currentJob;
        store.transaction(() => {
          for (const f of plan.index.slice(i, i + QUEUE_BATCH)) {
            if (running?.kind === 'index' && running.path === f.path && plan.unfinished.has(f.path)) continue;
            this.queueIndex(folderId, f);
          }
        });
      }
      if (plan.index.length + plan.remove.length + plan.rename.length + plan.tooLarge.length > 0) {
        this.opts.notifyChanged(folderId);
        this.opts.spaceBack(); // (if it was full) queueing what changed could be written
      }
    })()
      .catch((error) => {
        if (isDiskFull(error)) this.opts.diskFull(folderId, error);
        else log.warn(`catch-up of ${folder.path} failed: ${errorMessage(error)}`);
      })
      .finally(() => {
        this.scans.delete(task);
        if (this.scans.size === 0 && !loop.currentJob && queue.pending() === 0 && !loop.isPaused) {
          tracker.setState('idle');
        }
      });
    this.scans.add(task);
  }

  /** Resolves once no scan runs (including scans started while waiting). */
  async settled(): Promise<void> {
    while (this.scans.size > 0) await Promise.allSettled([...this.scans]);
  }

  /** Records the file as queued (so the UI lists it at once) and queues its index job. */
  private queueIndex(
    folderId: number,
    f: { path: string; relPath: string; kind: DocumentKind; size: number; mtimeMs: number },
  ): void {
    const { store, queue } = this.opts;
    // One transaction: a document marked queued always has its job.
    store.transaction(() => {
      const { id } = store.upsertDocument({ folderId, ...f });
      const doc = store.getDocument(id);
      if (doc && doc.status !== 'indexing') store.setDocumentStatus(id, 'queued', null);
      queue.enqueue('index', folderId, f.path);
    });
  }
}

type DocumentKind = NonNullable<ReturnType<KindOfFn>>;
