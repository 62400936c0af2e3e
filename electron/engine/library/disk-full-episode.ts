// The library's side of a full disk (the worker loop waits out its own failed writes, see disk-full.ts).
// The user is told once when writes start failing for lack of space and once when they work again, not
// once per file. A change the watcher saw but could not queue is not reported again by the watcher, so
// its folder is remembered and scanned again later: after a growing wait, or at once when a write goes
// through; a scan that still cannot queue what it finds puts the folder back. stop() drops what is
// pending: the next start scans every folder anyway.
import { errorMessage } from '../../../shared/errors';
import { DISK_FULL_RETRY, diskFullRetryDelay } from './disk-full';
import type { LibraryLog } from './types';

export interface DiskFullEpisodeOptions {
  /** The data folder that cannot be written, named in the message to the user. */
  dataDir: string;
  log: LibraryLog;
  /** First wait before scanning again (ms), doubling up to the max. */
  retryMs?: { first: number; max: number };
  isStarted(): boolean;
  /** Scans a folder and queues what changed (the library's catch-up). */
  catchUp(folderId: number): void;
}

export class DiskFullEpisode {
  /** Since when writes fail for lack of space (null: they do not), so the user is told once, not per file. */
  private since: number | null = null;
  /** Folders whose changes could not be queued (disk full): scanned again later. */
  private readonly catchUpLater = new Set<number>();
  private catchUpTimer: NodeJS.Timeout | null = null;
  private catchUpTries = 0;

  constructor(private readonly opts: DiskFullEpisodeOptions) {}

  /** A write failed for lack of space. */
  report(error: unknown): void {
    if (this.since !== null) return;
    this.since = Date.now();
    this.opts.log.warn(
      `The disk is full: Lucarne cannot write to its data folder ${this.opts.dataDir} (${errorMessage(error)}). ` +
        'Indexing waits and resumes by itself once space is freed; what is already indexed stays searchable.',
    );
  }

  /** A write went through: ends the episode, if there is one, and scans the folders that wait for it. */
  spaceBack(): void {
    if (this.since === null) return;
    const seconds = Math.round((Date.now() - this.since) / 1000);
    this.since = null;
    this.catchUpTries = 0;
    this.opts.log.warn(`Disk space is available again after ${seconds} s: indexing resumes.`);
    if (this.catchUpLater.size > 0) this.runPendingCatchUps();
  }

  /**
   * A change the watcher saw could not be queued for lack of space, and the watcher will not report it
   * again: the folder is scanned again later (and again, until the scan can queue what it finds).
   */
  catchUpWhenSpaceReturns(folderId: number, error: unknown): void {
    this.report(error);
    this.catchUpLater.add(folderId);
    if (this.catchUpTimer || !this.opts.isStarted()) return;
    const { first, max } = this.opts.retryMs ?? DISK_FULL_RETRY;
    this.catchUpTimer = setTimeout(
      () => this.runPendingCatchUps(),
      diskFullRetryDelay(this.catchUpTries++, first, max),
    );
    this.catchUpTimer.unref?.();
  }

  /** The library stops: the next start scans every folder anyway. */
  cancelCatchUps(): void {
    if (this.catchUpTimer) clearTimeout(this.catchUpTimer);
    this.catchUpTimer = null;
    this.catchUpLater.clear();
  }

  private runPendingCatchUps(): void {
    if (this.catchUpTimer) clearTimeout(this.catchUpTimer);
    this.catchUpTimer = null;
    const folders = [...this.catchUpLater];
    this.catchUpLater.clear();
    if (this.opts.isStarted()) for (const id of folders) this.opts.catchUp(id);
  }
}
