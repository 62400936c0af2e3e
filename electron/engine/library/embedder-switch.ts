// Changing the embedding model without a gap in search. The library keeps searching and indexing with the
// ACTIVE model while a background re-embed (reembed.ts) fills the embedding cache for the TARGET; when no
// chunk lacks a target vector, the switch: the library stops for a moment (the file in progress goes back to
// the queue), the chunks indexed since the last batch are embedded, then the host opens the target's vector
// index (built from the cache), records the target as active and swaps it in, and the library starts again.
// A search therefore sees the old model's complete index or the new one's, never a half-built one.
// Choosing the active model again cancels the re-embed (the vectors made so far stay cached: choosing the
// target again later starts where it stopped). Every change goes through one queue, so two quick changes
// never interleave. A failure leaves the active model in place and says why in the status.
import { errorMessage } from '../../../shared/errors';
import type { SqliteStore } from '../store/sqlite';
import type { Embedder } from '../types';
import { sameModel } from './active-embedder';
import { ReembedJob } from './reembed';
import type { ReembedStatus } from './reembed-progress';
import { LibraryError, type LibraryLog } from './types';

export interface EmbedderSwitchHost {
  store: SqliteStore;
  log: LibraryLog;
  /** The embedder search and indexing use now. */
  active(): Embedder;
  /** The active model from another instance (a new key, say). */
  replaceActive(next: Embedder): void;
  /** Stops the library, runs `fn`, and starts the library (the one in place by then) again if it ran. */
  withLibraryStopped<T>(fn: () => Promise<T>): Promise<T>;
  /** Opens `next`'s vector index, records `next` as the active model and swaps both in. */
  install(next: Embedder): Promise<void>;
  onStatus(status: ReembedStatus): void;
  /** Distinct texts per embedder call (default: reembed.ts's). */
  batchSize?: number;
}

export class EmbedderSwitch {
  private job: ReembedJob | null = null;
  private running: Promise<void> = Promise.resolve();
  private queue: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(private readonly host: EmbedderSwitchHost) {}

  /** The current re-embed's status, or the last one's; null when none ran since the library opened. */
  status(): ReembedStatus | null {
    return this.job?.progress.snapshot() ?? null;
  }

  /**
   * Makes `next` the model the library ends up with: starts re-embedding toward it in the background (or
   * keeps the running re-embed when it already goes there, or restarts it toward `next`), or cancels the
   * re-embed when `next` is the active model. Resolves once that is under way, not when it is done.
   */
  change(next: Embedder): Promise<void> {
    return this.serialize(async () => {
      const current = this.job?.live ? this.job : null;
      if (current && sameModel(current.targetEmbedder, next)) {
        current.replaceTarget(next);
        return;
      }
      await this.cancelJob();
      // The cancelled re-embed may have finished its switch meanwhile: compare with the model active now.
      if (sameModel(next, this.host.active())) {
        this.host.replaceActive(next);
        return;
      }
      this.start(next);
    });
  }

  /** Switches at once: the library is rebuilt over `next`'s index and its catch-up embeds what is missing. */
  switchNow(next: Embedder): Promise<void> {
    return this.serialize(async () => {
      await this.cancelJob();
      if (sameModel(next, this.host.active())) {
        this.host.replaceActive(next);
        return;
      }
      await this.host.withLibraryStopped(() => this.host.install(next));
    });
  }

  /** Resolves when no re-embed is running any more (switched, failed or cancelled), with its last status. */
  async settled(): Promise<ReembedStatus | null> {
    for (;;) {
      const running = this.running;
      await running;
      await this.queue;
      if (running === this.running) return this.status();
    }
  }

  /** Cancels the re-embed (it resumes at the next open) and refuses further changes. */
  close(): Promise<void> {
    this.closed = true;
    return this.queue.then(() => this.cancelJob());
  }

  private serialize(op: () => Promise<void>): Promise<void> {
    const result = this.queue.then(() => {
      if (this.closed) throw new LibraryError('The library is closed.');
      return op();
    });
    this.queue = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  private async cancelJob(): Promise<void> {
    if (this.job?.live) this.job.cancel();
    await this.running;
  }

  private start(target: Embedder): void {
    const job = new ReembedJob({
      store: this.host.store,
      target,
      activeId: this.host.active().id,
      batchSize: this.host.batchSize,
      onStatus: (s) => this.host.onStatus(s),
    });
    this.job = job;
    this.running = this.run(job);
  }

  private async run(job: ReembedJob): Promise<void> {
    const { log } = this.host;
    const activeId = this.host.active().id;
    try {
      const n = await job.catchUp();
      job.progress.setState('switching');
      await this.host.withLibraryStopped(async () => {
        // What the library indexed between the last batch and the stop (usually nothing).
        await job.catchUp();
        if (job.cancelled) throw new Error('cancelled');
        await this.host.install(job.targetEmbedder);
      });
      job.progress.setState('done');
      log.info?.(`search now uses ${job.targetEmbedder.id} (${n} texts re-embedded in the background)`);
    } catch (error) {
      if (job.cancelled) {
        job.progress.setState('cancelled');
        log.info?.(`re-embedding with ${job.targetEmbedder.id} cancelled; search keeps using ${activeId}`);
        return;
      }
      const message =
        `Re-embedding the library with ${job.targetEmbedder.id} stopped: ${errorMessage(error)}. ` +
        `Search keeps using ${activeId}. Lucarne tries again at the next start, or when you choose the model again.`;
      job.progress.setState('failed', message);
      log.warn(message);
    }
  }
}
