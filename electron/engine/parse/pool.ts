// A small pool of parser worker threads, so that one bad file (endless loop, memory blow-up, native crash
// in a decoder) costs a worker, never the engine. Each file gets a wall-clock limit and a heap limit;
// a worker that dies or overruns is terminated and replaced on demand.
import type { Worker } from 'node:worker_threads';
import { errorMessage } from '../../../shared/errors';
import type { ParsedDocument } from '../types';
import { ParseError } from '../types';
import { parseErrors } from './errors';
import type { ParseProgress } from './options';
import type { ParseProgressMessage, ParseRequest, ParseResponse } from './protocol';

export interface PoolJob {
  path: string;
  opts: ParseRequest['opts'];
  /** The limit for the file, restarted each time the worker reports progress (OCR: per page). */
  timeoutMs: number;
  memoryMb: number;
  onProgress?: ParseProgress;
}

interface QueuedJob extends PoolJob {
  id: number;
  warm?: boolean;
  resolve: (doc: ParsedDocument | null) => void;
  reject: (err: ParseError) => void;
}

interface Slot {
  worker: Worker;
  memoryMb: number;
  job: QueuedJob | null;
  timer: NodeJS.Timeout | null;
  gone: boolean;
}

export type WorkerFactory = (memoryMb: number) => Worker;

export interface PoolOptions {
  /**
   * A worker whose heap is above this after a file is replaced before the next one (MB). pdf.js and mammoth
   * keep caches and fragments across files; a fresh worker costs a start-up and a JIT warm-up, so the bar
   * is high enough to be rare (default 256).
   */
  recycleHeapMb?: number;
}

const DEFAULT_RECYCLE_HEAP_MB = 256;

const notParsed = parseErrors.crashed('the parser answered without a document');

export class ParserPool {
  private readonly slots: Slot[] = [];
  private readonly queue: QueuedJob[] = [];
  private nextId = 1;

  /** Workers replaced because their heap grew past the bar (for tests and benchmarks). */
  recycled = 0;

  constructor(
    private readonly size: number,
    private readonly spawn: WorkerFactory,
    private readonly opts: PoolOptions = {},
  ) {}

  run(job: PoolJob): Promise<ParsedDocument> {
    return new Promise((resolve, reject) => {
      this.queue.push({
        ...job,
        id: this.nextId++,
        resolve: (doc) => (doc ? resolve(doc) : reject(notParsed)),
        reject,
      });
      this.pump();
    });
  }

  /**
   * Starts a worker and has it load the parsers' libraries, when the pool is idle and has none: the file a
   * person edits next is then parsed without a start-up (measured: the first PDF edit after a start took
   * 2.4 s instead of ~0.4 s). Never delays a file: it does nothing while a worker exists or files wait.
   */
  warm(memoryMb: number, timeoutMs = 30_000): Promise<void> {
    if (this.queue.length > 0 || this.slots.length > 0) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => resolve();
      this.queue.push({
        path: '',
        opts: {},
        timeoutMs,
        memoryMb,
        warm: true,
        id: this.nextId++,
        resolve: done,
        reject: done,
      });
      this.pump();
    });
  }

  /** Workers alive right now (for tests and status). */
  get workerCount(): number {
    return this.slots.length;
  }

  /** Ends every worker; queued and running files fail with a ParseError. */
  async close(): Promise<void> {
    const stopped = new ParseError('timeout', 'Parsing was stopped because the parsers were shut down. Try again.');
    for (const job of this.queue.splice(0)) job.reject(stopped);
    const slots = this.slots.splice(0);
    await Promise.all(
      slots.map((slot) => {
        slot.gone = true;
        if (slot.timer) clearTimeout(slot.timer);
        slot.job?.reject(stopped);
        slot.job = null;
        return slot.worker.terminate().catch(() => undefined);
      }),
    );
  }

  private pump(): void {
    while (this.queue.length > 0) {
      const job = this.queue[0];
      let slot = this.slots.find((s) => !s.job && s.memoryMb === job.memoryMb);
      if (!slot && this.slots.length >= this.size) {
        // A worker's heap limit is fixed at spawn: an idle worker with another limit makes room.
        const idle = this.slots.find((s) => !s.job);
        if (!idle) return;
        this.retire(idle);
      }
      this.queue.shift();
      try {
        slot ??= this.spawnSlot(job.memoryMb);
      } catch (err) {
        job.reject(parseErrors.crashed(`the parser could not start: ${errorMessage(err)}`));
        continue;
      }
      this.assign(slot, job);
    }
  }

  private spawnSlot(memoryMb: number): Slot {
    const worker = this.spawn(memoryMb);
    const slot: Slot = { worker, memoryMb, job: null, timer: null, gone: false };
    worker.on('message', (message: ParseResponse | ParseProgressMessage) =>
      'progress' in message ? this.onProgress(slot, message) : this.onMessage(slot, message),
    );
    worker.on('error', (err: Error & { code?: string }) => {
      const error =
        err.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? parseErrors.outOfMemory(slot.memoryMb)
          : parseErrors.crashed(err.message || String(err));
      this.fail(slot, error);
    });
    worker.on('exit', (code) => this.fail(slot, parseErrors.crashed(`the parser exited with code ${code}`)));
    worker.unref();
    this.slots.push(slot);
    return slot;
  }

  private assign(slot: Slot, job: QueuedJob): void {
    slot.job = job;
    slot.worker.ref();
    this.startTimer(slot, job);
    const request: ParseRequest = { id: job.id, path: job.path, opts: job.opts, ...(job.warm ? { warm: true } : {}) };
    slot.worker.postMessage(request);
  }

  private startTimer(slot: Slot, job: QueuedJob): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = setTimeout(() => this.fail(slot, parseErrors.timeout(job.timeoutMs)), job.timeoutMs);
  }

  /** Long work inside a file goes on: each step gets the full time limit again. */
  private onProgress(slot: Slot, message: ParseProgressMessage): void {
    const job = slot.job;
    if (slot.gone || !job || message.id !== job.id) return;
    // Reading pages is not slow work that deserves more time: only OCR steps restart the time limit.
    if (message.progress.stage === 'ocr') this.startTimer(slot, job);
    try {
      job.onProgress?.(message.progress);
    } catch {
      // A listener's failure is not the file's.
    }
  }

  private onMessage(slot: Slot, message: ParseResponse): void {
    const job = slot.job;
    if (slot.gone || !job || message.id !== job.id) return;
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.job = null;
    slot.worker.unref();
    if ((message.heapMb ?? 0) > (this.opts.recycleHeapMb ?? DEFAULT_RECYCLE_HEAP_MB)) {
      this.recycled++;
      this.retire(slot);
    }
    if (message.ok) job.resolve('doc' in message ? message.doc : null);
    else job.reject(new ParseError(message.error.code, message.error.message));
    this.pump();
  }

  /** The slot's worker is dead or must die: fail its file, drop it; a new one is spawned on demand. */
  private fail(slot: Slot, error: ParseError): void {
    if (slot.gone) return;
    const job = slot.job;
    this.retire(slot);
    job?.reject(error);
    this.pump();
  }

  private retire(slot: Slot): void {
    slot.gone = true;
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.job = null;
    const at = this.slots.indexOf(slot);
    if (at >= 0) this.slots.splice(at, 1);
    void slot.worker.terminate().catch(() => undefined);
  }
}
