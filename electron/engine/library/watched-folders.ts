// Changes made while the library runs: one chokidar watcher per folder, whose events go through the rename
// detector (an unlink + add pair is a move) and become queued jobs. Ordering: start() waits for a watcher
// to be ready before the folder's catch-up scan, so no change slips between the two. Held events (a half
// of a possible move) are flushed into the queue at stop, so they persist for the next start. A change
// that cannot be queued because the disk is full is handed back (diskFull): the watcher will not report
// it again, so the folder is scanned again later.
import type { Stats } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { relative } from 'node:path';
import { errorMessage } from '../../../shared/errors';
import type { JobQueue } from '../store/jobs';
import type { SqliteStore } from '../store/sqlite';
import { isDiskFull } from './disk-full';
import { FileFilter, folderRules } from './filter';
import { type DetectedChange, RenameDetector } from './rename-detector';
import type { KindOfFn, LibraryLog, LibrarySettings } from './types';
import { FolderWatcher } from './watcher';

const WATCH_READY_TIMEOUT_MS = 30_000;

export interface WatchedFoldersOptions {
  store: SqliteStore;
  queue: JobQueue;
  settings: () => LibrarySettings;
  kindOf: KindOfFn;
  log: LibraryLog;
  /** How long an unlink waits for a matching add (and vice versa) to be taken as a rename (ms). */
  renameWindowMs?: number;
  /** How long a file must stop growing before it is read (ms). */
  writeStabilityMs?: number;
  notifyChanged(folderId: number | null): void;
  /** Queueing a change failed for lack of space: the folder is to be scanned again later. */
  diskFull(folderId: number, error: unknown): void;
}

export class WatchedFolders {
  private readonly watchers = new Map<number, FolderWatcher>();
  private readonly detector: RenameDetector;

  constructor(private readonly opts: WatchedFoldersOptions) {
    this.detector = new RenameDetector({
      windowMs: opts.renameWindowMs ?? 1000,
      known: (path) => {
        const doc = this.opts.store.getDocumentByPath(path);
        return doc ? { size: doc.size, mtimeMs: doc.mtimeMs } : null;
      },
      emit: (change) => this.onDetected(change),
    });
  }

  /** Watcher events still waiting for their partner (the library is not idle while there are some). */
  get heldCount(): number {
    return this.detector.heldCount;
  }

  /** Starts watching a folder; resolves once the watcher is ready (or after 30 s on a slow drive). */
  async watch(folderId: number, path: string): Promise<void> {
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
        error: (e) => this.opts.log.warn(`watching ${path}: ${errorMessage(e)}`),
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
      this.opts.log.warn(`cannot watch ${path}: ${errorMessage(error)}`);
    }
  }

  async unwatch(folderId: number): Promise<void> {
    const w = this.watchers.get(folderId);
    if (!w) return;
    this.watchers.delete(folderId);
    await w.close();
  }

  async unwatchAll(): Promise<void> {
    await Promise.all([...this.watchers.keys()].map((id) => this.unwatch(id)));
  }

  /** Drops the held events of a folder (it is being removed from the library). */
  forget(folderId: number): void {
    this.detector.forgetFolder(folderId);
  }

  /** Queues every held event as it is (at stop: the jobs persist for the next start). */
  flushHeld(): void {
    this.detector.flushAll();
  }

  private rulesFor(folderId: number) {
    const folder = this.opts.store.getFolder(folderId);
    return folder ? folderRules(this.opts.settings(), folder, this.opts.kindOf) : null;
  }

  private onDetected(change: DetectedChange): void {
    const { store, queue } = this.opts;
    try {
      const folder = store.getFolder(change.folderId);
      if (!folder) return;
      if (change.kind === 'rename') {
        queue.enqueue('rename', change.folderId, change.from, change.to);
      } else if (change.kind === 'remove') {
        queue.enqueue('remove', change.folderId, change.path);
      } else {
        const kind = new FileFilter(folderRules(this.opts.settings(), folder, this.opts.kindOf)).accepts(
          relative(folder.path, change.path),
        );
        if (!kind) return;
        const doc = store.getDocumentByPath(change.path);
        if (doc && doc.status !== 'indexing') store.setDocumentStatus(doc.id, 'queued', null);
        queue.enqueue('index', change.folderId, change.path);
      }
      this.opts.notifyChanged(change.folderId);
    } catch (error) {
      if (isDiskFull(error)) this.opts.diskFull(change.folderId, error);
      else this.opts.log.warn(`queueing a change failed: ${errorMessage(error)}`);
    }
  }
}
