// The persistent job queue. Jobs live in SQLite (the store's jobs table) so work queued before a quit or a
// crash is picked up at the next start; this wrapper adds the retry policy so a failing job never loops.
import type { Job, JobKind } from '../store/types';

export interface JobStore {
  enqueueJob(kind: JobKind, folderId: number, path: string, newPath?: string | null): void;
  claimNextJob(): Job | null;
  peekPendingJobs(limit: number): Job[];
  finishJob(id: number): void;
  failJob(id: number, error: string, retry: boolean): void;
  resetRunningJobs(): number;
  pendingJobCount(): number;
}

/** Tries per job, counting runs that crashed the process (a job left 'running' is reset at the next start). */
export const MAX_ATTEMPTS = 3;

export class JobQueue {
  readonly maxAttempts: number;

  constructor(
    private readonly store: JobStore,
    private readonly opts: { maxAttempts?: number; onEnqueue?: () => void } = {},
  ) {
    this.maxAttempts = opts.maxAttempts ?? MAX_ATTEMPTS;
  }

  enqueue(kind: JobKind, folderId: number, path: string, newPath: string | null = null): void {
    this.store.enqueueJob(kind, folderId, path, newPath);
    this.opts.onEnqueue?.();
  }

  claim(): Job | null {
    return this.store.claimNextJob();
  }

  /** The next jobs claim() would return, left in the queue. */
  upcoming(limit: number): Job[] {
    return this.store.peekPendingJobs(limit);
  }

  /**
   * Runs started so far for a claimed job, this one included. `attempts` counts earlier failures and
   * interrupted runs; the store increments it when a job is claimed.
   */
  runNumber(job: Job): number {
    return Math.max(1, job.attempts);
  }

  /** True when earlier runs of this job already used up its tries (e.g. it crashed the engine each time). */
  exhausted(job: Job): boolean {
    return this.runNumber(job) > this.maxAttempts;
  }

  finish(job: Job): void {
    this.store.finishJob(job.id);
  }

  /** Records a failure; returns true when the job goes back to the queue for another try. */
  fail(job: Job, error: string): boolean {
    const retry = this.runNumber(job) < this.maxAttempts;
    this.store.failJob(job.id, error, retry);
    if (retry) this.opts.onEnqueue?.();
    return retry;
  }

  /** The job was interrupted (stop): run it again later from scratch, without counting a failure. */
  requeue(job: Job): void {
    this.store.finishJob(job.id);
    this.store.enqueueJob(job.kind, job.folderId, job.path, job.newPath);
  }

  /** At start: jobs a previous process left running go back to pending. */
  recover(): number {
    return this.store.resetRunningJobs();
  }

  pending(): number {
    return this.store.pendingJobCount();
  }
}
