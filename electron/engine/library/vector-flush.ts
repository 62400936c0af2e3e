// Writing the vector index to disk, debounced. The pipeline changes the index in memory and says so
// (vectorsChanged); the index is written at most once per interval while files are indexed, and always
// when the queue runs dry, a folder is removed or the library stops. Every call runs under the library's
// lock, so no file is half-stored while the index is written. SQLite is written first and is the source
// of truth: a crash before the next write costs a rebuild of the index from the store at the next open
// (its generation is stale), nothing more.
import { errorMessage } from '../../../shared/errors';
import type { VectorIndex } from '../store/types';
import type { LibraryLog } from './types';

export class VectorFlush {
  private dirty = false;
  private lastFlushAt = 0;
  private lastFlushMs = 0;

  constructor(
    private readonly vectors: VectorIndex,
    private readonly opts: { intervalMs?: number; log: LibraryLog },
  ) {}

  /** The index changed in memory: the next flush writes it. */
  changed(): void {
    this.dirty = true;
  }

  /** Writes the index if it changed: `force` at once, otherwise only when the interval has passed. */
  async flush(force: boolean): Promise<void> {
    if (!this.dirty) return;
    // The whole index is written each time, so with a big library the interval stretches to keep writing
    // under ~5 % of the time (a crash before the next write costs a rebuild from the store, nothing more).
    const interval = Math.max(this.opts.intervalMs ?? 2000, 20 * this.lastFlushMs);
    if (!force && Date.now() - this.lastFlushAt < interval) return;
    this.dirty = false;
    this.lastFlushAt = Date.now();
    try {
      await this.vectors.flush();
      this.lastFlushMs = Date.now() - this.lastFlushAt;
    } catch (error) {
      this.dirty = true;
      this.opts.log.warn(`writing the vector index failed: ${errorMessage(error)}`);
    }
  }
}
