// Takes jobs off the persistent queue one at a time. Parsing itself runs in the parser's worker pool; this
// loop keeps the store and the vector index in step by never running two files at once.
import { errorMessage } from '../../../shared/errors';
import type { JobQueue } from '../store/jobs';
import type { Job } from '../store/types';
import { DISK_FULL_RETRY, diskFullRetryDelay, isDiskFull } from './disk-full';
import { AbortedError, type Lock } from './lock';

export interface WorkerLoopHooks {
  /** Runs before the first job (e.g. embeds chunks a crash left without vectors). */
  prepare?(signal: AbortSignal): Promise<void>;
  run(job: Job, signal: AbortSignal): Promise<void>;
  /** The process kept dying while working on this job's file (store/jobs.ts): it is set aside. */
  giveUp(job: Job, deaths: number): Promise<void> | void;
  /** `run` threw; `willRetry` says whether the queue gives it another go. */
  failed(job: Job, error: unknown, willRetry: boolean): Promise<void> | void;
  /** The job was interrupted by stop(); it has been put back in the queue. */
  interrupted?(job: Job): Promise<void> | void;
  afterJob?(): Promise<void>;
  /** The queue is empty (flush what was debounced). */
  idle?(): Promise<void>;
  busyChanged?(busy: boolean): void;
  log?(message: string): void;
  /**
   * A write failed because the disk is full (job: the file being indexed, null: the queue itself). The
   * loop keeps the job and tries it again, waiting longer each time, until space returns or stop().
   */
  diskFull?(job: Job | null, error: unknown): void;
  /** A job went through: writes work (the library ends a disk-full episode it reported, if any). */
  spaceBack?(): void;
  /** First wait before trying again after a full disk or an unreadable queue (ms); it doubles up to max. */
  retryMs?: { first: number; max: number };
}

type Attempt = 'done' | 'interrupted' | 'disk-full';

export class WorkerLoop {
  private running: Promise<void> | null = null;
  private stopping = false;
  private paused = false;
  private waiting = false;
  private signalled = false;
  private wakeUp: (() => void) | null = null;
  private abort = new AbortController();
  private current: Job | null = null;
  private readonly retryFirstMs: number;
  private readonly retryMaxMs: number;

  constructor(
    private readonly queue: JobQueue,
    private readonly lock: Lock,
    private readonly hooks: WorkerLoopHooks,
  ) {
    this.retryFirstMs = hooks.retryMs?.first ?? DISK_FULL_RETRY.first;
    this.retryMaxMs = hooks.retryMs?.max ?? DISK_FULL_RETRY.max;
  }

  get isPaused(): boolean {
    return this.paused;
  }

  get isRunning(): boolean {
    return this.running !== null;
  }

  /** True when the loop sleeps with nothing to do (the queue may still have jobs while paused). */
  get isIdle(): boolean {
    return this.running === null || (this.waiting && this.current === null);
  }

  get currentJob(): Job | null {
    return this.current;
  }

  start(): void {
    if (this.running) return;
    this.stopping = false;
    this.abort = new AbortController();
    this.running = this.loop().finally(() => {
      this.running = null;
    });
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.wake();
  }

  /** New work may be there. */
  wake(): void {
    this.signalled = true;
    const w = this.wakeUp;
    this.wakeUp = null;
    w?.();
  }

  /** Interrupts the current file (it is re-queued) and waits for the loop to end. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.abort.abort();
    this.wake();
    await this.running;
  }

  /** Waits for wake() (new work, resume, stop) or, with a timeout, at most that long. */
  private async sleep(timeoutMs?: number): Promise<void> {
    if (this.signalled) {
      this.signalled = false;
      return;
    }
    this.waiting = true;
    await new Promise<void>((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const done = () => {
        clearTimeout(timer);
        if (this.wakeUp === done) this.wakeUp = null;
        resolve();
      };
      if (timeoutMs !== undefined) timer = setTimeout(done, timeoutMs);
      this.wakeUp = done;
    });
    this.waiting = false;
    this.signalled = false;
  }

  private async loop(): Promise<void> {
    const signal = this.abort.signal;
    if (this.hooks.prepare) {
      try {
        await this.lock.run(() => this.hooks.prepare!(signal));
      } catch (error) {
        if (!(error instanceof AbortedError)) this.hooks.log?.(`preparing the index failed: ${errorMessage(error)}`);
      }
    }
    let busy = false;
    const setBusy = (b: boolean) => {
      if (b === busy) return;
      busy = b;
      this.hooks.busyChanged?.(b);
    };
    let claimFailures = 0;
    while (!this.stopping) {
      if (this.paused) {
        await this.sleep();
        continue;
      }
      let job: Job | null = null;
      try {
        job = this.queue.claim();
        claimFailures = 0;
      } catch (error) {
        // Claiming writes (the job becomes 'running'): on a full disk this fails while work is pending, and
        // sleeping until the next enqueue could mean sleeping for ever. Try again a little later instead.
        if (isDiskFull(error)) this.hooks.diskFull?.(null, error);
        else this.hooks.log?.(`reading the job queue failed: ${errorMessage(error)}`);
        await this.sleep(diskFullRetryDelay(claimFailures++, this.retryFirstMs, this.retryMaxMs));
        continue;
      }
      if (!job) {
        try {
          await this.lock.run(async () => this.hooks.idle?.());
        } catch (error) {
          this.hooks.log?.(`idle work failed: ${errorMessage(error)}`);
        }
        setBusy(false);
        await this.sleep();
        continue;
      }
      setBusy(true);
      this.current = job;
      await this.runOne(job, signal);
      this.current = null;
    }
    setBusy(false);
  }

  private async runOne(job: Job, signal: AbortSignal): Promise<void> {
    for (let tries = 0; ; tries++) {
      const result = await this.lock.run(() => this.attempt(job, signal));
      if (result === 'interrupted') return;
      if (result === 'done') break;
      // The disk is full: the job stays claimed (in memory and in the queue) and runs again once the wait
      // is over; stop() ends the wait and the job is re-queued (or, if even that cannot be written, reset
      // to pending at the next start). The lock is not held while waiting.
      await this.sleep(diskFullRetryDelay(tries, this.retryFirstMs, this.retryMaxMs));
      if (this.stopping) {
        await this.lock.run(() => this.requeue(job));
        return;
      }
    }
    try {
      await this.lock.run(async () => this.hooks.afterJob?.());
    } catch (error) {
      this.hooks.log?.(`after-job work failed: ${errorMessage(error)}`);
    }
  }

  private async attempt(job: Job, signal: AbortSignal): Promise<Attempt> {
    try {
      if (this.queue.exhausted(job)) {
        const deaths = this.queue.deaths(job.path);
        await this.hooks.giveUp(job, deaths);
        this.queue.setAside(job);
      } else {
        await this.hooks.run(job, signal);
        this.queue.finish(job);
        this.hooks.spaceBack?.();
      }
      return 'done';
    } catch (error) {
      if (error instanceof AbortedError || (signal.aborted && this.stopping)) {
        await this.requeue(job);
        return 'interrupted';
      }
      if (isDiskFull(error)) {
        this.hooks.diskFull?.(job, error);
        return 'disk-full';
      }
      try {
        const retry = this.queue.fail(job, errorMessage(error));
        await this.hooks.failed(job, error, retry);
      } catch (e) {
        if (isDiskFull(e)) {
          this.hooks.diskFull?.(job, e);
          return 'disk-full';
        }
        this.hooks.log?.(`recording the failure of ${job.path} failed: ${errorMessage(e)}`);
      }
      return 'done';
    }
  }

  private async requeue(job: Job): Promise<void> {
    try {
      this.queue.requeue(job);
      await this.hooks.interrupted?.(job);
    } catch (e) {
      this.hooks.log?.(`re-queueing ${job.path} failed: ${errorMessage(e)}`);
    }
  }
}
