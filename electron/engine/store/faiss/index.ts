// The embedded vector index: FAISS (faiss-node) over the vectors of one embedding model, derived from the
// SQLite embeddings table and persisted to `<dir>/vectors-<model>-<hash>.faiss` (see file.ts).
//
// faiss-node facts that shape this folder (measured on this machine):
// - inputs must be plain number[]; a wrong length, k = 0 or a malformed buffer can abort the process, so
//   every input is validated here first;
// - removeIds on a flat index renumbers the positions after the removed ones, and IDMap is unusable, so we
//   keep the position → chunk id map ourselves (positions.ts);
// - write_index segfaults on IndexFlatIP objects, so only plain IndexFlat objects with the inner-product
//   metric are ever created (native-index.ts);
// - above FLAT_MAX_VECTORS the index is IVF (index-type.ts chooses by size). faiss-node has no
//   add_with_ids and its IVF would hand out ids again after a removal, so a removed vector stays in an
//   IVF index as a tombstone (position → -1) until a rebuild compacts it. Its nprobe is set by patching
//   the serialized index (faiss-node has no ParameterSpace), which also relabels the coarse quantizer.
//
// Around this class: file.ts (the file's format and atomic write), load-file.ts (reading it back, checked),
// positions.ts, search.ts (answering a query), train-ivf.ts, native-index.ts (the faiss objects) and
// native.ts (loading faiss-node itself).
import { mkdirSync } from 'node:fs';
import type { SqliteStore } from '../sqlite';
import type { VectorHit, VectorIndex } from '../types';
import { assertVector } from '../vector-blob';
import { faissFileFor, removeStaleTempFiles, writeFaissFile } from './file';
import { chooseIndexType, FLAT_MAX_VECTORS, type IndexTypeChoice } from './index-type';
import { loadIndexFile } from './load-file';
import { type NativeIndex, newNativeIndex, normalize, serializeIndex } from './native-index';
import { PositionMap } from './positions';
import { scoreDirectly, searchNative } from './search';
import { trainedIvf } from './train-ivf';

export { faissFileFor } from './file';

/** Vectors per faiss add() call: bounds the temporary number[] (8 bytes per component). */
const ADD_BATCH = 4096;
/** With a filter of at most this many chunks, score them directly instead of oversampling FAISS. */
const BRUTE_FORCE_MAX = 4096;
/** removeIds costs O(ntotal × removed) in faiss 1.7 (IDSelectorArray is a linear scan): beyond this, rebuild. */
const REMOVE_IN_PLACE_MAX = 2000;
/** An IVF index is rebuilt when tombstones exceed this share of its positions (and TOMBSTONES_MIN). */
const TOMBSTONE_SHARE = 0.1;
const TOMBSTONES_MIN = 1000;
/** An IVF index is retrained when the collection grew this many times past the size it was trained for. */
const IVF_GROWTH = 4;

export interface FaissIndexOptions {
  dir: string;
  model: string;
  dim: number;
  store: SqliteStore;
  /** Exact flat index up to this many vectors, IVF above (default FLAT_MAX_VECTORS; tests lower it). */
  flatMax?: number;
}

/** How open() obtained the index, for logs, the status screen and tests. */
export interface FaissOpenReport {
  source: 'file' | 'repaired' | 'rebuilt';
  /** Why the file was not used as is (missing, truncated, corrupt, stale...), null when it was. */
  reason: string | null;
  count: number;
  ms: number;
}

export class FaissIndex implements VectorIndex {
  readonly model: string;
  readonly dim: number;
  readonly file: string;
  private readonly store: SqliteStore;
  private index: NativeIndex;
  private kind: IndexTypeChoice = { descriptor: 'Flat' };
  private readonly flatMax: number;
  /** Live vectors an IVF index was trained for (retrained when the library outgrows it). */
  private trainedFor = 0;
  /** position → chunk id, with tombstones for removed IVF entries. */
  private positions = new PositionMap();
  /** Something changed since the file was last written. */
  private dirty = false;
  /** The store generation at the last reconcile, null once add/remove may have diverged from the store. */
  private reconciledAt: number | null = null;
  private closed = false;
  private report: FaissOpenReport = { source: 'rebuilt', reason: null, count: 0, ms: 0 };

  private constructor(opts: FaissIndexOptions) {
    this.model = opts.model;
    this.dim = opts.dim;
    this.store = opts.store;
    this.file = faissFileFor(opts.dir, opts.model);
    this.flatMax = opts.flatMax ?? FLAT_MAX_VECTORS;
    this.index = newNativeIndex(opts.dim);
  }

  /**
   * Opens the index of `model`: loads the file when it is intact and matches the store, repairs it from
   * the store when it is merely behind (a crash between a commit and a flush), rebuilds it from the
   * store's vectors when it is missing, truncated, corrupt, or for another model or dimension.
   * Synchronous work under an async signature (faiss-node is synchronous).
   */
  static async open(opts: FaissIndexOptions): Promise<FaissIndex> {
    if (!opts.model) throw new TypeError('FaissIndex: model is required');
    if (!Number.isInteger(opts.dim) || opts.dim <= 0 || opts.dim > 65_536) {
      throw new RangeError(`FaissIndex: invalid dimension ${opts.dim}`);
    }
    const storedDim = opts.store.vectorDimension(opts.model);
    if (storedDim !== null && storedDim !== opts.dim) {
      throw new RangeError(
        `FaissIndex: the store holds ${storedDim}-dimension vectors for ${opts.model}, not ${opts.dim}`,
      );
    }
    mkdirSync(opts.dir, { recursive: true });
    const ix = new FaissIndex(opts);
    removeStaleTempFiles(ix.file);
    ix.load();
    return ix;
  }

  /** How the last open() went. */
  get openReport(): FaissOpenReport {
    return { ...this.report };
  }

  async count(): Promise<number> {
    this.assertOpen();
    return this.liveCount;
  }

  /** Vectors in the index minus tombstones. */
  private get liveCount(): number {
    return this.positions.live;
  }

  /** The kind of index in use ("Flat", "IVF316,Flat"...), for the status screen, benchmarks and tests. */
  get indexType(): string {
    return this.kind.descriptor;
  }

  /** Whether `chunkId` is in the index. */
  has(chunkId: number): boolean {
    return this.positions.has(chunkId);
  }

  /** A copy of the position → chunk id map, tombstones left out (diagnostics and tests). */
  positionMap(): number[] {
    return this.positions.liveIds();
  }

  /** Idempotent: chunks already in the index (or repeated in `items`) are skipped. */
  async add(items: { chunkId: number; vector: Float32Array }[]): Promise<void> {
    this.assertOpen();
    items.forEach((item, i) => {
      if (!Number.isSafeInteger(item.chunkId) || item.chunkId < 0)
        throw new RangeError(`add: invalid chunk id ${item.chunkId}`);
      assertVector(item.vector, this.dim, `add: vector ${i}`);
    });
    const fresh = new Map<number, Float32Array>();
    for (const item of items) if (!this.positions.has(item.chunkId)) fresh.set(item.chunkId, item.vector);
    if (fresh.size) this.reconciledAt = null;
    this.addValidated([...fresh]);
    this.retypeIfNeeded();
  }

  /** Unknown ids are ignored. */
  async remove(chunkIds: number[]): Promise<void> {
    this.assertOpen();
    if (chunkIds.some((id) => this.positions.has(id))) this.reconciledAt = null;
    this.removeInternal(chunkIds);
    this.retypeIfNeeded();
  }

  /**
   * The k nearest chunks by cosine (vectors are normalized). With `allowedChunkIds`, only those: scored
   * directly when there are few of them, else FAISS is searched with a growing oversample.
   */
  async search(vector: Float32Array, k: number, allowedChunkIds?: Set<number>): Promise<VectorHit[]> {
    this.assertOpen();
    assertVector(vector, this.dim, 'search: query vector');
    if (!Number.isInteger(k) || k < 1) throw new RangeError(`search: k must be a positive integer, got ${k}`);
    const ntotal = this.liveCount;
    if (ntotal === 0) return [];
    const query = normalize(vector);
    if (!allowedChunkIds) return searchNative(this.index, this.positions, query, Math.min(k, ntotal));

    const allowed = [...allowedChunkIds].filter((id) => this.positions.has(id));
    if (allowed.length === 0) return [];
    if (allowed.length <= BRUTE_FORCE_MAX) {
      return scoreDirectly(this.store.vectorsForChunks(allowed, this.model), this.dim, query, k);
    }
    const allowedSet = new Set(allowed);
    let depth = Math.min(ntotal, Math.max(k * 4, Math.ceil((k * ntotal * 2) / allowed.length)));
    for (;;) {
      const hits = searchNative(this.index, this.positions, query, depth).filter((h) => allowedSet.has(h.chunkId));
      if (hits.length >= k || depth >= ntotal) return hits.slice(0, k);
      depth = Math.min(ntotal, depth * 4);
    }
  }

  /**
   * Brings the index in line with the store (adds chunks that have a vector, drops chunks that are gone).
   * flush() calls it, so the file always matches the generation it records. Returns what changed.
   */
  reconcile(): { added: number; removed: number } {
    this.assertOpen();
    const generation = this.store.vectorGeneration();
    // Every transaction that changes which chunks have vectors bumps the generation: if it has not moved
    // and nobody touched the index since the last reconcile, both still hold the same set.
    if (generation === this.reconciledAt) return { added: 0, removed: 0 };
    const storeIds = this.store.chunkIdsWithVectors(this.model);
    const storeSet = new Set(storeIds);
    const extra = this.positions.liveIds().filter((id) => !storeSet.has(id));
    const missing = storeIds.filter((id) => !this.positions.has(id));
    if (extra.length > REMOVE_IN_PLACE_MAX || missing.length > Math.max(ADD_BATCH, storeIds.length / 2)) {
      this.rebuildFromStore();
    } else {
      this.removeInternal(extra);
      this.addFromStore(missing);
      this.retypeIfNeeded();
    }
    this.reconciledAt = generation;
    return { added: missing.length, removed: extra.length };
  }

  /**
   * Reconciles with the store, then writes the file atomically with the store's current vector_generation.
   * Call it after the SQLite transactions it should reflect have committed. Writes nothing when unchanged.
   */
  async flush(): Promise<void> {
    this.assertOpen();
    this.reconcile();
    if (!this.dirty) return;
    this.writeFile();
  }

  /** Flushes pending changes (when the store is still open) and releases the index. */
  async close(): Promise<void> {
    if (this.closed) return;
    if (this.dirty && this.store.isOpen) await this.flush();
    this.closed = true;
    this.positions = new PositionMap();
    this.index = newNativeIndex(this.dim);
  }

  /** Discards the in-memory index and builds it again from the store (and writes the file). */
  rebuild(): void {
    this.assertOpen();
    this.rebuildFromStore();
    this.reconciledAt = this.store.vectorGeneration();
    this.writeFile();
  }

  // ---------------------------------------------------------------- internals

  private assertOpen(): void {
    if (this.closed) throw new Error(`FaissIndex ${this.model} is closed`);
  }

  private load(): void {
    const started = performance.now();
    const done = (source: FaissOpenReport['source'], reason: string | null) => {
      this.report = { source, reason, count: this.positions.length, ms: Math.round(performance.now() - started) };
    };
    const problem = this.tryLoadFile();
    if (problem !== null && !problem.startsWith('generation')) {
      this.rebuildFromStore();
      this.reconciledAt = this.store.vectorGeneration();
      this.writeFile();
      done('rebuilt', problem);
      return;
    }
    // The file is intact: compare its chunk ids with the store's, and catch up if a crash left it behind.
    const before = this.kind.descriptor;
    const changes = this.reconcile();
    this.retypeIfNeeded();
    if (this.kind.descriptor !== before) {
      this.reconciledAt = this.store.vectorGeneration();
      this.writeFile();
      done('rebuilt', `index type ${before} → ${this.kind.descriptor} for ${this.positions.length} vectors`);
      return;
    }
    if (changes.added || changes.removed) {
      this.writeFile();
      done('repaired', `${problem ?? 'out of date'}: +${changes.added} −${changes.removed}`);
    } else {
      // Only the generation moved (e.g. another model's vectors were added): the same chunk ids mean the
      // same vectors (chunk ids are never reused and cached vectors never rewritten), so the file is right.
      done('file', problem);
    }
  }

  /**
   * Loads the file into memory when it is intact and for this model and dimension. Returns null when it is
   * at the store's generation, a 'generation…' note when it is intact but older, else what is wrong with it.
   */
  private tryLoadFile(): string | null {
    const loaded = loadIndexFile(this.file, this.model, this.dim);
    if (typeof loaded === 'string') return loaded;
    this.index = loaded.index;
    this.kind = loaded.kind;
    this.trainedFor = loaded.trainedFor;
    this.positions = new PositionMap(loaded.positions);
    this.dirty = false;
    const generation = this.store.vectorGeneration();
    return loaded.generation === generation ? null : `generation ${loaded.generation}, store ${generation}`;
  }

  /** Adds already-validated, not-yet-present vectors in bounded batches. */
  private addValidated(entries: [number, Float32Array][]): void {
    for (let start = 0; start < entries.length; start += ADD_BATCH) {
      const batch = entries.slice(start, start + ADD_BATCH);
      const flat = new Array<number>(batch.length * this.dim);
      batch.forEach(([, v], row) => {
        const n = normalize(v);
        for (let i = 0; i < this.dim; i++) flat[row * this.dim + i] = n[i];
      });
      this.index.add(flat);
      for (const [id] of batch) this.positions.push(id);
      this.dirty = true;
    }
    this.assertInSync();
  }

  private addFromStore(chunkIds: number[]): void {
    for (let start = 0; start < chunkIds.length; start += ADD_BATCH) {
      const vectors = this.store.vectorsForChunks(chunkIds.slice(start, start + ADD_BATCH), this.model);
      const entries: [number, Float32Array][] = [];
      for (const [id, v] of vectors) if (!this.positions.has(id) && v.length === this.dim) entries.push([id, v]);
      this.addValidated(entries);
    }
  }

  private removeInternal(chunkIds: number[]): void {
    const doomed = new Set<number>();
    for (const id of chunkIds) {
      const pos = this.positions.positionOfChunk(id);
      if (pos !== undefined) doomed.add(pos);
    }
    if (doomed.size === 0) return;
    if (this.kind.descriptor !== 'Flat') {
      for (const pos of doomed) this.positions.tombstone(pos);
      this.dirty = true;
      return;
    }
    if (doomed.size > REMOVE_IN_PLACE_MAX) {
      this.rebuildFromStore(new Set(chunkIds));
      return;
    }
    const removed = this.index.removeIds([...doomed].sort((a, b) => a - b));
    // removeIds shifts every later vector down: the position map must shift the same way.
    this.positions = this.positions.without(doomed);
    this.dirty = true;
    if (removed !== doomed.size || this.index.ntotal() !== this.positions.length) this.rebuildFromStore();
  }

  /**
   * The store's vectors for this model (minus `exclude`), as a fresh index of the kind their number
   * calls for. An IVF index is trained on an evenly spread sample first (read in a separate pass, so the
   * vectors never all sit in memory at once).
   */
  private rebuildFromStore(exclude?: Set<number>): void {
    const count = this.store.countChunkVectors(this.model) - (exclude?.size ?? 0);
    const kind = chooseIndexType(count, this.flatMax);
    this.index =
      'nprobe' in kind
        ? trainedIvf(kind, this.dim, count, this.store.iterateChunkVectors(this.model), this.file, exclude)
        : newNativeIndex(this.dim);
    this.kind = kind;
    this.trainedFor = 'nprobe' in kind ? count : 0;
    this.positions = new PositionMap();
    let batch: [number, Float32Array][] = [];
    for (const { chunkId, vector } of this.store.iterateChunkVectors(this.model)) {
      if (exclude?.has(chunkId) || vector.length !== this.dim) continue;
      batch.push([chunkId, vector]);
      if (batch.length === ADD_BATCH) {
        this.addValidated(batch);
        batch = [];
      }
    }
    this.addValidated(batch);
    this.dirty = true;
  }

  /**
   * Switches between flat and IVF when the number of live vectors crossed the threshold (with a margin,
   * so a library at the boundary does not flip back and forth), retrains an IVF index the library has
   * far outgrown, and compacts tombstones.
   */
  private retypeIfNeeded(): void {
    if (this.positions.length === 0) return;
    const live = this.liveCount;
    const isFlat = this.kind.descriptor === 'Flat';
    const rebuild = isFlat
      ? live > this.flatMax
      : live < this.flatMax / 2 ||
        live > this.trainedFor * IVF_GROWTH ||
        this.positions.tombstones > Math.max(TOMBSTONES_MIN, this.positions.length * TOMBSTONE_SHARE);
    if (rebuild) this.rebuildFromStore();
  }

  private assertInSync(): void {
    if (this.index.ntotal() !== this.positions.length) {
      throw new Error(
        `FaissIndex ${this.model}: ${this.index.ntotal()} vectors but ${this.positions.length} positions`,
      );
    }
  }

  private writeFile(): void {
    this.assertInSync();
    writeFaissFile(this.file, {
      header: {
        model: this.model,
        dim: this.dim,
        count: this.positions.length,
        generation: this.store.vectorGeneration(),
        descriptor: this.kind.descriptor,
      },
      positions: this.positions.all(),
      payload: serializeIndex(this.index, this.file),
    });
    this.dirty = false;
  }
}
