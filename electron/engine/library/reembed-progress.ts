// The progress of a background re-embed, for the UI and the CLI: chunks done out of a total that grows when
// files are indexed meanwhile, throughput over a moving window (the recent speed predicts the end better than
// the average since the start: a remote model slows down, the machine gets busy) and the ETA it gives.
// Reports are throttled (~4 a second, the last one always sent) except when the state changes, sent at once.

export type ReembedState = 'running' | 'switching' | 'done' | 'failed' | 'cancelled';

export interface ReembedStatus {
  /** The model being embedded into (Embedder.id). */
  targetId: string;
  /** The model search uses meanwhile (the one before the switch). */
  activeId: string;
  /** Chunks given a vector for the target by this run. */
  done: number;
  /** done + chunks still without a target vector (those missing at the start and those indexed since). */
  total: number;
  /** Seconds left at the current rate: null until a rate is known and once finished, 0 when nothing is left. */
  etaSeconds: number | null;
  /** Chunks per second over the last WINDOW_MS. */
  rate: number;
  state: ReembedState;
  /** Why it failed, for the user (state 'failed' only). */
  error?: string;
}

const WINDOW_MS = 20_000;
const EMIT_EVERY_MS = 250;

interface Sample {
  at: number;
  done: number;
}

export class ReembedProgress {
  private status: ReembedStatus;
  private samples: Sample[] = [];
  private lastEmitAt = 0;
  private trailing: NodeJS.Timeout | null = null;

  constructor(
    ids: { targetId: string; activeId: string },
    missing: number,
    private readonly emit: (s: ReembedStatus) => void,
    private readonly now: () => number = Date.now,
  ) {
    this.status = { ...ids, done: 0, total: missing, etaSeconds: null, rate: 0, state: 'running' };
    this.samples.push({ at: this.now(), done: 0 });
    this.send(true);
  }

  snapshot(): ReembedStatus {
    return { ...this.status };
  }

  get state(): ReembedState {
    return this.status.state;
  }

  /** `chunks` more chunks have a target vector; `missing` are still without one. */
  advance(chunks: number, missing: number): void {
    const at = this.now();
    const done = this.status.done + chunks;
    this.samples.push({ at, done });
    while (this.samples.length > 2 && at - this.samples[1].at > WINDOW_MS) this.samples.shift();
    const first = this.samples[0];
    const seconds = (at - first.at) / 1000;
    const rate = seconds > 0 ? (done - first.done) / seconds : 0;
    this.status = {
      ...this.status,
      done,
      total: done + missing,
      rate,
      etaSeconds: missing === 0 ? 0 : rate > 0 ? missing / rate : null,
    };
    this.send(false);
  }

  setState(state: ReembedState, error?: string): void {
    if (state === this.status.state && error === this.status.error) return;
    const finished = state === 'done' || state === 'failed' || state === 'cancelled';
    this.status = {
      ...this.status,
      state,
      ...(finished ? { rate: 0, etaSeconds: null } : {}),
      ...(state === 'done' ? { total: this.status.done } : {}),
    };
    if (error !== undefined) this.status.error = error;
    else delete this.status.error;
    this.send(true);
  }

  /** Sends the status now, or (throttled) once the interval is over, so the last numbers are never held back. */
  private send(force: boolean): void {
    const wait = EMIT_EVERY_MS - (this.now() - this.lastEmitAt);
    if (!force && wait > 0) {
      this.trailing ??= setTimeout(() => this.send(true), wait);
      this.trailing.unref?.();
      return;
    }
    if (this.trailing) clearTimeout(this.trailing);
    this.trailing = null;
    this.lastEmitAt = this.now();
    this.emit(this.snapshot());
  }
}
