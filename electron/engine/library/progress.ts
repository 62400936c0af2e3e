// Indexing progress for the UI and the CLI: files done/total, the current file, throughput over a moving
// window (recent speed predicts the ETA better than the average since start), throttled to ~4 events/s.
import type { IndexProgress } from '../../../shared/types';

export interface ProgressOptions {
  emit?: (p: IndexProgress) => void;
  /** Jobs still waiting in the queue (read when a snapshot is taken). */
  pending: () => number;
  intervalMs?: number;
  windowMs?: number;
  now?: () => number;
}

interface Sample {
  at: number;
  files: number;
  chunks: number;
}

export class ProgressTracker {
  private state: IndexProgress['state'] = 'idle';
  private filesDone = 0;
  private chunksDone = 0;
  private currentFile: string | null = null;
  private step: IndexProgress['fileStep'] = null;
  private readonly earlySteps = new Map<string, NonNullable<IndexProgress['fileStep']>>();
  private batchStartedAt: number | null = null;
  private samples: Sample[] = [];
  private lastEmitAt = 0;
  private timer: NodeJS.Timeout | null = null;
  private readonly intervalMs: number;
  private readonly windowMs: number;
  private readonly now: () => number;

  constructor(private readonly opts: ProgressOptions) {
    this.intervalMs = opts.intervalMs ?? 250;
    this.windowMs = opts.windowMs ?? 15_000;
    this.now = opts.now ?? Date.now;
  }

  setState(state: IndexProgress['state']): void {
    if (state === this.state) return;
    this.state = state;
    if (state === 'idle') {
      // A batch ends when the queue drains; the next change starts counting from zero again.
      this.currentFile = null;
      this.filesDone = 0;
      this.chunksDone = 0;
      this.batchStartedAt = null;
      this.samples = [];
    } else {
      this.batchStartedAt ??= this.now();
    }
    this.emitNow();
  }

  startFile(path: string): void {
    this.batchStartedAt ??= this.now();
    this.currentFile = path;
    this.step = this.earlySteps.get(path) ?? null;
    this.earlySteps.clear();
    this.changed();
  }

  /**
   * Long work inside a file (OCR pages). A file parsed ahead reports before it is the current one: its last
   * step is kept and shown once it is.
   */
  fileStep(path: string, step: NonNullable<IndexProgress['fileStep']>): void {
    if (path !== this.currentFile) {
      this.earlySteps.set(path, step);
      return;
    }
    this.step = step;
    this.changed();
  }

  /** Chunks embedded or stored so far for the current file (feeds chunks/s while a big file runs). */
  addChunks(n: number): void {
    if (n <= 0) return;
    this.chunksDone += n;
    this.samples.push({ at: this.now(), files: 0, chunks: n });
    this.changed();
  }

  finishFile(): void {
    this.filesDone += 1;
    this.currentFile = null;
    this.step = null;
    this.samples.push({ at: this.now(), files: 1, chunks: 0 });
    this.changed();
  }

  snapshot(): IndexProgress {
    const now = this.now();
    const cutoff = now - this.windowMs;
    while (this.samples.length > 0 && this.samples[0].at < cutoff) this.samples.shift();
    const pending = this.state === 'idle' ? 0 : this.opts.pending();
    const filesTotal = this.filesDone + pending + (this.currentFile ? 1 : 0);
    let chunksPerSecond = 0;
    let etaSeconds: number | null = null;
    if (this.batchStartedAt !== null) {
      const spanMs = Math.max(1000, Math.min(this.windowMs, now - this.batchStartedAt));
      let files = 0;
      let chunks = 0;
      for (const s of this.samples) {
        files += s.files;
        chunks += s.chunks;
      }
      chunksPerSecond = Math.round((chunks / spanMs) * 1000 * 10) / 10;
      const filesPerSecond = (files / spanMs) * 1000;
      const remaining = filesTotal - this.filesDone;
      if (remaining === 0) etaSeconds = 0;
      else if (filesPerSecond > 0) etaSeconds = Math.ceil(remaining / filesPerSecond);
    }
    return {
      state: this.state,
      filesDone: this.filesDone,
      filesTotal,
      currentFile: this.currentFile,
      chunksDone: this.chunksDone,
      chunksPerSecond,
      etaSeconds: this.state === 'idle' ? null : etaSeconds,
      fileStep: this.currentFile ? this.step : null,
    };
  }

  /** A queue change (job added) that should show up without waiting for the next file. */
  changed(): void {
    if (!this.opts.emit) return;
    const wait = this.lastEmitAt + this.intervalMs - this.now();
    if (wait <= 0) {
      this.emitNow();
      return;
    }
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.emitNow();
    }, wait);
    this.timer.unref?.();
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private emitNow(): void {
    if (!this.opts.emit) return;
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    this.lastEmitAt = this.now();
    this.opts.emit(this.snapshot());
  }
}
