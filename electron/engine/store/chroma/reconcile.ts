// Bringing the owner's collection in line with its catalog, which is the source of truth: at open when the
// recorded generation or the count disagree (a crash, an outage, a lost server directory), at every flush
// (cheaply, from what the mirror believes the server holds), and when the collection vanished from the
// server. Also brings the records' metadata up to date after renames and re-indexings, and records on the
// collection the catalog generation it now mirrors.
import type { SqliteStore } from '../sqlite';
import type { CollectionHandle } from './collection';
import type { ServerMirror } from './mirror';
import type { RecordReader } from './record-reader';
import { chunkMetadata, localChunks, recordId } from './records';
import type { ChromaLog, WriteQueue } from './write-queue';

export interface ReconcilerOptions {
  collection: CollectionHandle;
  store: SqliteStore;
  model: string;
  dim: number;
  /** Records per request. */
  writeBatch: number;
  mirror: ServerMirror;
  queue: WriteQueue;
  reader: RecordReader;
  log: ChromaLog;
  /** Progress of the vectors sent: done of total. */
  onProgress?: (done: number, total: number) => void;
}

export class Reconciler {
  constructor(private readonly opts: ReconcilerOptions) {}

  /** The collection matched the catalog at open (same generation and count): believe it holds the catalog. */
  assumeInSync(generation: number): void {
    const { mirror, store, model } = this.opts;
    mirror.known = new Set(store.chunkIdsWithVectors(model));
    mirror.pushedPath = this.localPaths();
    mirror.recordedGeneration = generation;
  }

  /** Lists the collection's ids (and paths), then repairs the difference with the catalog. */
  async reconcileFull(): Promise<{ added: number; removed: number }> {
    const known = new Set<number>();
    const paths = new Map<number, string>();
    for await (const { chunk } of this.opts.reader.iterateRecords({ documents: false })) {
      known.add(chunk.id);
      paths.set(chunk.documentId, chunk.path);
    }
    this.opts.mirror.known = known;
    this.opts.mirror.pushedPath = paths;
    const changes = await this.reconcileIds();
    await this.refreshMetadata();
    return changes;
  }

  /** Catalog ids with a vector vs. ids believed on the server: queue and send the difference. */
  async reconcileIds(): Promise<{ added: number; removed: number }> {
    const { store, model, dim, mirror, queue } = this.opts;
    const { retryForMs } = this.opts.collection.connection.retry;
    const storeIds = store.chunkIdsWithVectors(model);
    const storeSet = new Set(storeIds);
    const extra = [...mirror.known].filter((id) => !storeSet.has(id) && !queue.has(id));
    const missing = storeIds.filter((id) => !mirror.known.has(id) && !queue.has(id));
    for (const id of extra) queue.queueRemove(id);
    await queue.drain(retryForMs, true);
    const PAGE = this.opts.writeBatch;
    if (missing.length > 0) this.opts.onProgress?.(0, missing.length);
    for (let i = 0; i < missing.length; i += PAGE) {
      const vectors = store.vectorsForChunks(missing.slice(i, i + PAGE), model);
      for (const [id, v] of vectors) if (v.length === dim) queue.queueAdd(id, v);
      await queue.drain(retryForMs, true);
      this.opts.onProgress?.(Math.min(missing.length, i + PAGE), missing.length);
    }
    return { added: missing.length, removed: extra.length };
  }

  /**
   * Renamed documents get their new path in every record; re-indexed ones get the current ordinal, offsets
   * and pages of the chunks they kept. Only the owner's own catalog can say either, hence here.
   */
  async refreshMetadata(): Promise<void> {
    const { store, mirror, writeBatch } = this.opts;
    const paths = this.localPaths();
    const docs = new Set<number>();
    for (const [docId, path] of mirror.pushedPath) {
      const now = paths.get(docId);
      if (now === undefined) mirror.pushedPath.delete(docId);
      else if (now !== path) docs.add(docId);
    }
    for (const d of mirror.touchedDocs) if (paths.has(d)) docs.add(d);
    const renamed = new Set(
      [...docs].filter((d) => mirror.pushedPath.has(d) && mirror.pushedPath.get(d) !== paths.get(d)),
    );
    const stale: number[] = [];
    for (const docId of docs) {
      for (const c of store.documentChunks(docId)) {
        if (mirror.known.has(c.id) && (renamed.has(docId) || !mirror.freshIds.has(c.id))) stale.push(c.id);
      }
    }
    for (let i = 0; i < stale.length; i += writeBatch) {
      const chunks = localChunks(store, stale.slice(i, i + writeBatch));
      if (chunks.length === 0) continue;
      await this.opts.collection.run('update chunk metadata', (col) =>
        col.update({ ids: chunks.map((c) => recordId(c.id)), metadatas: chunks.map(chunkMetadata) }),
      );
    }
    for (const docId of docs) {
      const path = paths.get(docId);
      if (path !== undefined) mirror.pushedPath.set(docId, path);
    }
    mirror.touchedDocs.clear();
    mirror.freshIds.clear();
  }

  /** Records the catalog's generation on the collection, once nothing is left to send. */
  async recordGeneration(): Promise<void> {
    const { mirror, collection } = this.opts;
    if (this.opts.queue.size > 0) return;
    const generation = this.opts.store.vectorGeneration();
    if (generation === mirror.recordedGeneration) return;
    await collection.modifyMetadata(collection.metadataFor(generation));
    mirror.recordedGeneration = generation;
  }

  /** The collection is gone from the server (its directory was wiped): recreate it from the catalog. */
  async recreateCollection(): Promise<void> {
    const { mirror, collection } = this.opts;
    this.opts.log.warn(
      `The Chroma collection "${collection.name}" is gone from the server; rebuilding it from the local catalog.`,
    );
    this.opts.queue.clear();
    mirror.known.clear();
    mirror.pushedPath.clear();
    await collection.open({});
    mirror.recordedGeneration = -1;
    await this.reconcileIds();
    await this.recordGeneration();
  }

  /** Document id → path in the catalog. */
  private localPaths(): Map<number, string> {
    const out = new Map<number, string>();
    for (const f of this.opts.store.listFolders()) {
      for (const [path, d] of this.opts.store.documentPaths(f.id)) out.set(d.id, path);
    }
    return out;
  }
}
