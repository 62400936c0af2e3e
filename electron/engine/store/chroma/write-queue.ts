// The owner's writes on their way to the server. add() and remove() go out at once; while the server is
// unreachable they wait here (the last operation on a chunk wins), with a warning, and are sent when a
// reconnect attempt finds it back. Text and metadata are read from the catalog when a batch is sent, so a
// chunk deleted meanwhile never reaches the server; past `pendingVectorsMax` queued vectors, the vectors
// too are read back from the catalog instead of being held in memory.
import type { SqliteStore } from '../sqlite';
import type { CollectionHandle } from './collection';
import { ChromaBackendError } from './connection';
import type { ServerMirror } from './mirror';
import { ReconnectTimer } from './reconnect';
import { chunkMetadata, localChunks, normalize, recordId } from './records';

/** A queued write. `vector` is dropped (read back from the catalog when sent) once the queue is long. */
type PendingAdd = { kind: 'add'; vector: number[] | null };
type PendingOp = PendingAdd | { kind: 'remove' };

export interface ChromaLog {
  warn(message: string): void;
  info?(message: string): void;
}

export interface WriteQueueOptions {
  collection: CollectionHandle;
  /** The catalog: text, metadata and (for a long queue) vectors of what is sent. */
  store: SqliteStore;
  model: string;
  dim: number;
  /** Records per request. */
  writeBatch: number;
  /** Queued vectors kept in memory; beyond this they are re-read from the catalog. */
  pendingVectorsMax: number;
  log: ChromaLog;
  mirror: ServerMirror;
  /** Runs `fn` after the writes, reconciles and flushes already started (the index's lock). */
  exclusive: <T>(fn: () => Promise<T>) => Promise<T>;
  /** Only the owner writes, hence reconnects. */
  isOwner: () => boolean;
  /** The collection is gone from the server: recreate it and rebuild it from the catalog. */
  onCollectionGone: () => Promise<void>;
}

export class WriteQueue {
  /** Writes not yet acknowledged by the server; the last operation on a chunk wins. */
  private pending = new Map<number, PendingOp>();
  private readonly reconnect = new ReconnectTimer(() => this.retryNow());
  private warnedOutage = false;
  private stopped = false;

  constructor(private readonly opts: WriteQueueOptions) {}

  /** Writes accepted but not yet on the server. */
  get size(): number {
    return this.pending.size;
  }

  has(chunkId: number): boolean {
    return this.pending.has(chunkId);
  }

  queueAdd(chunkId: number, vector: Float32Array): void {
    this.pending.set(chunkId, {
      kind: 'add',
      vector: this.pending.size < this.opts.pendingVectorsMax ? normalize(vector) : null,
    });
  }

  queueRemove(chunkId: number): void {
    this.pending.set(chunkId, { kind: 'remove' });
  }

  /** Forgets every queued write (the collection is being rebuilt from the catalog). */
  clear(): void {
    this.pending.clear();
  }

  /** No more reconnect attempts (the index is closed). */
  stop(): void {
    this.stopped = true;
    this.reconnect.stop();
  }

  /** add()/remove(): send now unless the server is known to be down (then the reconnect timer will). */
  async drainSoon(): Promise<void> {
    const { connection } = this.opts.collection;
    if (connection.status === 'down') {
      this.scheduleReconnect();
      return;
    }
    await this.opts.exclusive(() => this.drain(connection.retry.retryForMs));
  }

  /**
   * Sends the queue: removals first, then upserts, in batches. A batch leaves the queue only once the server
   * acknowledged it (and only if no newer operation on the same chunk replaced it meanwhile). An outage
   * ends the drain with the rest still queued; `strict` then throws, else it is logged and retried later.
   */
  async drain(retryForMs: number, strict = false): Promise<void> {
    const { connection } = this.opts.collection;
    let batch: [number, PendingOp][] = [];
    try {
      while (this.pending.size > 0) {
        batch = [...this.pending].slice(0, this.opts.writeBatch);
        const removes = batch.filter(([, op]) => op.kind === 'remove');
        const adds = batch.filter(([, op]) => op.kind === 'add') as [number, PendingAdd][];
        if (removes.length > 0)
          await this.sendRemoves(
            removes.map(([id]) => id),
            retryForMs,
          );
        if (adds.length > 0) await this.sendAdds(adds, retryForMs);
        for (const [id, op] of batch) if (this.pending.get(id) === op) this.pending.delete(id);
      }
      this.reconnect.reset();
      if (this.warnedOutage)
        this.opts.log.info?.(`Chroma at ${connection.base} is back; queued vector writes were sent.`);
      this.warnedOutage = false;
    } catch (err) {
      if (!(err instanceof ChromaBackendError) || !err.transient) {
        if (err instanceof ChromaBackendError && err.problem === 'not-found') {
          // The collection vanished (server directory wiped): recreate it and rebuild from the catalog.
          await this.opts.onCollectionGone();
          return;
        }
        // The server refused this batch (e.g. a wrong dimension): resending it would fail the same way.
        for (const [id, op] of batch) if (this.pending.get(id) === op) this.pending.delete(id);
        throw err;
      }
      if (!this.warnedOutage) {
        this.opts.log.warn(`${err.message} — ${this.pending.size} vector write(s) queued until it answers again.`);
        this.warnedOutage = true;
      }
      this.scheduleReconnect();
      if (strict) {
        throw new ChromaBackendError(
          err.problem,
          `${err.message}. ${this.pending.size} vector write(s) are not on the server yet; they will be sent when it answers (or at the next start).`,
          { cause: err },
        );
      }
    }
  }

  private async sendRemoves(ids: number[], retryForMs: number): Promise<void> {
    const { mirror } = this.opts;
    const rids = ids.map(recordId);
    // Learn which documents lose chunks: their kept chunks' ordinals and offsets may have moved.
    const res = await this.opts.collection.run('read chunks', (c) => c.get({ ids: rids, include: ['metadatas'] }), {
      retryForMs,
    });
    for (const m of res.metadatas) if (typeof m?.document_id === 'number') mirror.touchedDocs.add(m.document_id);
    await this.opts.collection.run('delete vectors', (c) => c.delete({ ids: rids }), { retryForMs });
    for (const id of ids) {
      mirror.known.delete(id);
      mirror.freshIds.delete(id);
    }
  }

  private async sendAdds(adds: [number, PendingAdd][], retryForMs: number): Promise<void> {
    const { store, mirror } = this.opts;
    const vectors = new Map<number, number[]>();
    for (const [id, op] of adds) if (op.vector) vectors.set(id, op.vector);
    const unloaded = adds.filter(([, op]) => !op.vector).map(([id]) => id);
    for (const [id, v] of store.vectorsForChunks(unloaded, this.opts.model)) {
      if (v.length === this.opts.dim) vectors.set(id, normalize(v));
    }
    const chunks = localChunks(
      store,
      adds.map(([id]) => id),
    ).filter((c) => vectors.has(c.id));
    const sending = new Set(chunks.map((c) => c.id));
    // A chunk the catalog no longer has was deleted after it was queued: it must not reach the server.
    const gone = adds.map(([id]) => id).filter((id) => !sending.has(id));
    if (gone.length > 0) {
      await this.opts.collection.run('delete vectors', (c) => c.delete({ ids: gone.map(recordId) }), { retryForMs });
      for (const id of gone) mirror.known.delete(id);
    }
    if (chunks.length === 0) return;
    await this.opts.collection.run(
      'write vectors',
      (col) =>
        col.upsert({
          ids: chunks.map((c) => recordId(c.id)),
          embeddings: chunks.map((c) => vectors.get(c.id)!),
          documents: chunks.map((c) => c.text),
          metadatas: chunks.map(chunkMetadata),
        }),
      { retryForMs },
    );
    for (const c of chunks) {
      mirror.known.add(c.id);
      mirror.freshIds.add(c.id);
      mirror.touchedDocs.add(c.documentId);
      mirror.pushedPath.set(c.documentId, c.path);
    }
  }

  private scheduleReconnect(): void {
    if (this.stopped || !this.opts.isOwner()) return;
    this.reconnect.schedule();
  }

  /** The reconnect timer fired: if the server answers a heartbeat, send the queue; else wait longer. */
  private retryNow(): void {
    if (this.stopped || this.pending.size === 0) return;
    const { connection } = this.opts.collection;
    void this.opts
      .exclusive(async () => {
        if (await connection.ping()) await this.drain(connection.retry.retryForMs);
        else this.scheduleReconnect();
      })
      .catch((err: unknown) => this.opts.log.warn(`Chroma: ${(err as Error).message}`));
  }
}
