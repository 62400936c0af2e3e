// Re-embedding the library with another model, in the background: every chunk without a vector for the
// TARGET model is embedded, batch by batch, into the embedding cache (SQLite, keyed by text hash and model),
// which the target's vector index is built from when the switch comes (embedder-switch.ts). Nothing here
// touches the active vector index, so search keeps answering with the old model meanwhile.
// - Distinct texts are embedded once per batch (chunks sharing a text share its vector), and texts the cache
//   already holds for the target are never sent (chunksMissingVectors leaves them out). That is also what
//   makes it resumable: after a crash, a restart or a cancel, the next run only embeds what is still missing.
// - Each batch is one transaction; the loop yields to the event loop between batches so indexing, search and
//   the RPC stay responsive, and stops between batches (or abandons the batch in flight) when cancelled.
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { SqliteStore } from '../store/sqlite';
import type { StoredChunk } from '../store/types';
import type { Embedder } from '../types';
import { raceAbort, throwIfAborted } from './lock';
import { ReembedProgress, type ReembedStatus } from './reembed-progress';

/** Distinct texts per call to the embedder (the pipeline's batch size). */
const DEFAULT_BATCH = 64;
/** Counting what is missing walks every chunk: at most this often (ms); estimated in between. */
const RECOUNT_EVERY_MS = 1000;

export interface ReembedJobOptions {
  store: SqliteStore;
  target: Embedder;
  /** The model search uses meanwhile (for the status). */
  activeId: string;
  batchSize?: number;
  onStatus?: (s: ReembedStatus) => void;
}

export class ReembedJob {
  readonly progress: ReembedProgress;
  private target: Embedder;
  private readonly store: SqliteStore;
  private readonly batchSize: number;
  private readonly abort = new AbortController();
  private missing: number;
  private countedAt = Date.now();

  constructor(opts: ReembedJobOptions) {
    this.store = opts.store;
    this.target = opts.target;
    this.batchSize = Math.max(1, Math.floor(opts.batchSize ?? DEFAULT_BATCH));
    this.missing = this.countMissing();
    this.progress = new ReembedProgress({ targetId: opts.target.id, activeId: opts.activeId }, this.missing, (s) =>
      opts.onStatus?.(s),
    );
  }

  get targetEmbedder(): Embedder {
    return this.target;
  }

  /** Running or switching (not yet done, failed or cancelled). */
  get live(): boolean {
    const s = this.progress.state;
    return s === 'running' || s === 'switching';
  }

  get cancelled(): boolean {
    return this.abort.signal.aborted;
  }

  get signal(): AbortSignal {
    return this.abort.signal;
  }

  /** The same model from another instance (a new key, say): used from the next batch on. */
  replaceTarget(next: Embedder): void {
    if (next.id !== this.target.id || next.dim !== this.target.dim) {
      throw new Error(`replaceTarget: ${next.id} (${next.dim}-d) is not ${this.target.id} (${this.target.dim}-d)`);
    }
    this.target = next;
  }

  cancel(): void {
    this.abort.abort();
  }

  /**
   * Embeds every chunk that has no vector for the target, including chunks indexed while it runs; resolves
   * with the number of texts embedded once none is missing. Rejects with AbortedError when cancelled, or with
   * the embedder's or the store's error.
   */
  async catchUp(): Promise<number> {
    const signal = this.abort.signal;
    let embedded = 0;
    for (;;) {
      throwIfAborted(signal);
      // A few batches' worth of chunks: texts repeat across chunks, and the batch is cut by distinct text.
      const chunks = this.store.chunksMissingVectors(this.target.id, this.batchSize * 4);
      if (chunks.length === 0) {
        this.missing = 0;
        this.progress.advance(0, 0);
        return embedded;
      }
      const { texts, shas, covered } = distinctTexts(chunks, this.batchSize);
      const target = this.target;
      const vectors = await raceAbort(target.embedDocuments(texts, { signal }), signal);
      // Cancelled while the batch was out: the store may be closing, so nothing more is written.
      throwIfAborted(signal);
      if (vectors.length !== texts.length) {
        throw new Error(`${target.id} returned ${vectors.length} vectors for ${texts.length} texts`);
      }
      // putVectors checks each vector's dimension and values, and keeps vectors already cached.
      this.store.putVectors(
        target.id,
        target.dim,
        shas.map((sha256, i) => ({ sha256, vector: vectors[i] })),
      );
      embedded += texts.length;
      this.progress.advance(covered, this.missingAfter(covered));
      await yieldToEventLoop();
    }
  }

  /** Chunks still without a target vector: counted now and then, estimated from the progress in between. */
  private missingAfter(covered: number): number {
    if (Date.now() - this.countedAt >= RECOUNT_EVERY_MS) this.missing = this.countMissing();
    else this.missing = Math.max(0, this.missing - covered);
    return this.missing;
  }

  private countMissing(): number {
    this.countedAt = Date.now();
    return Math.max(0, this.store.chunkCount() - this.store.countChunkVectors(this.target.id));
  }
}

/** The first `limit` distinct texts of `chunks` (oldest chunks first) and how many of the chunks they cover. */
function distinctTexts(chunks: StoredChunk[], limit: number): { texts: string[]; shas: string[]; covered: number } {
  const texts: string[] = [];
  const shas: string[] = [];
  const chosen = new Set<string>();
  let covered = 0;
  for (const c of chunks) {
    if (!chosen.has(c.sha256)) {
      if (chosen.size >= limit) continue;
      chosen.add(c.sha256);
      shas.push(c.sha256);
      texts.push(c.text);
    }
    covered++;
  }
  return { texts, shas, covered };
}
