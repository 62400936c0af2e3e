// The embedded vector index: FAISS (faiss-node) over the vectors of one embedding model, derived from the
// SQLite embeddings table and persisted to `<dir>/vectors-<model>.faiss` (see faiss-file.ts).
//
// faiss-node facts that shape this file (measured on this machine):
// - inputs must be plain number[]; a wrong length, k = 0 or a malformed buffer can abort the process, so
//   every input is validated here first;
// - removeIds on a flat index renumbers the positions after the removed ones, and IDMap is unusable, so we
//   keep the position → chunk id map ourselves;
// - write_index segfaults on IndexFlatIP objects (a dynamic_cast crash in the Debian libfaiss 1.7.3 build),
//   both those made by `new IndexFlatIP()` and those read back from an "IxFI" record. A plain IndexFlat
//   with the inner-product metric (index_factory "Flat", and "IxFl" records) behaves identically and
//   serializes fine, so that is the only kind of object we ever create;
// - above FLAT_MAX_VECTORS the index is IVF (faiss-index-type.ts chooses by size). faiss-node has no
//   add_with_ids and its IVF would hand out ids again after a removal, so a removed vector stays in an
//   IVF index as a tombstone (position → -1) until a rebuild compacts it. Its nprobe is set by patching
//   the serialized index (faiss-node has no ParameterSpace), which also relabels the coarse quantizer.
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import faiss from './faiss-native';
import { FaissFileError, readFaissFile, removeStaleTempFiles, writeFaissFile } from './faiss-file';
import {
  chooseIndexType,
  FLAT_MAX_VECTORS,
  type IndexTypeChoice,
  ivfLists,
  ivfProbesFor,
  withIvfNprobe,
} from './faiss-index-type';
import type { SqliteStore } from './sqlite';
import type { VectorHit, VectorIndex } from './types';
import { assertVector } from './vector-blob';

type NativeIndex = InstanceType<typeof faiss.Index>;

const METRIC_INNER_PRODUCT = 0;
/** Vectors per faiss add() call: bounds the temporary number[] (8 bytes per component). */
const ADD_BATCH = 4096;
/** With a filter of at most this many chunks, score them directly instead of oversampling FAISS. */
const BRUTE_FORCE_MAX = 4096;
/** removeIds costs O(ntotal × removed) in faiss 1.7 (IDSelectorArray is a linear scan): beyond this, rebuild. */
const REMOVE_IN_PLACE_MAX = 2000;
/** Position of a removed vector in an IVF index (see the header comment). */
const TOMBSTONE = -1;
/** An IVF index is rebuilt when tombstones exceed this share of its positions (and TOMBSTONES_MIN). */
const TOMBSTONE_SHARE = 0.1;
const TOMBSTONES_MIN = 1000;
/** An IVF index is retrained when the collection grew this many times past the size it was trained for. */
const IVF_GROWTH = 4;
/** Training vectors per inverted list (faiss warns below 39). */
const TRAIN_PER_LIST = 50;

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

/** `<dir>/vectors-<readable model>-<hash>.faiss`: one file per embedding model, never shared. */
export function faissFileFor(dir: string, model: string): string {
  const readable = model.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 60);
  const hash = createHash('sha256').update(model).digest('hex').slice(0, 10);
  return join(dir, `vectors-${readable}-${hash}.faiss`);
}

function newNativeIndex(dim: number, descriptor: IndexTypeChoice['descriptor'] = 'Flat'): NativeIndex {
  return faiss.Index.fromFactory(dim, descriptor, METRIC_INNER_PRODUCT);
}

/** Unit length (cosine = inner product); a zero vector stays zero and matches nothing. */
function normalize(v: Float32Array): Float32Array {
  let sum = 0;
  for (let i = 0; i < v.length; i++) sum += v[i] * v[i];
  const out = new Float32Array(v.length);
  if (sum === 0) return out;
  const inv = 1 / Math.sqrt(sum);
  for (let i = 0; i < v.length; i++) out[i] = v[i] * inv;
  return out;
}

/**
 * Checks a flat payload byte for byte against what it must be (faiss 1.7 IndexFlat record: fourcc, d,
 * ntotal, two dummies, is_trained, metric, then the float count and the floats) and returns a copy
 * relabelled "IxFl" so read_index builds a plain IndexFlat (see the header comment).
 */
function checkFlatPayload(payload: Buffer, dim: number, count: number): Buffer {
  const HEADER = 45;
  const fail = (what: string) => {
    throw new FaissFileError('corrupt', `faiss payload: ${what}`);
  };
  if (payload.length !== HEADER + count * dim * 4) fail(`${payload.length} bytes for ${count} × ${dim}`);
  if (payload.toString('latin1', 0, 4) !== 'IxFI') fail('not an inner-product flat index');
  if (payload.readInt32LE(4) !== dim) fail('dimension');
  if (payload.readBigInt64LE(8) !== BigInt(count)) fail('vector count');
  if (payload[32] !== 1) fail('untrained');
  if (payload.readInt32LE(33) !== METRIC_INNER_PRODUCT) fail('metric');
  if (payload.readBigUInt64LE(37) !== BigInt(count * dim)) fail('code size');
  const copy = Buffer.from(payload);
  copy.write('IxFl', 0, 'latin1');
  return copy;
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
  /** position → chunk id (TOMBSTONE for a removed IVF entry); positionOf is its inverse. */
  private positions: number[] = [];
  private tombstones = 0;
  private positionOf = new Map<number, number>();
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
    return this.positions.length - this.tombstones;
  }

  /** The kind of index in use ("Flat", "IVF316,Flat"...), for the status screen, benchmarks and tests. */
  get indexType(): string {
    return this.kind.descriptor;
  }

  /** Whether `chunkId` is in the index. */
  has(chunkId: number): boolean {
    return this.positionOf.has(chunkId);
  }

  /** A copy of the position → chunk id map, tombstones left out (diagnostics and tests). */
  positionMap(): number[] {
    return this.positions.filter((id) => id !== TOMBSTONE);
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
    for (const item of items) if (!this.positionOf.has(item.chunkId)) fresh.set(item.chunkId, item.vector);
    if (fresh.size) this.reconciledAt = null;
    this.addValidated([...fresh]);
    this.retypeIfNeeded();
  }

  /** Unknown ids are ignored. */
  async remove(chunkIds: number[]): Promise<void> {
    this.assertOpen();
    if (chunkIds.some((id) => this.positionOf.has(id))) this.reconciledAt = null;
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
    if (!allowedChunkIds) return this.searchNative(query, Math.min(k, ntotal));

    const allowed = [...allowedChunkIds].filter((id) => this.positionOf.has(id));
    if (allowed.length === 0) return [];
    if (allowed.length <= BRUTE_FORCE_MAX) return this.searchAmong(query, k, allowed);
    const allowedSet = new Set(allowed);
    let depth = Math.min(ntotal, Math.max(k * 4, Math.ceil((k * ntotal * 2) / allowed.length)));
    for (;;) {
      const hits = this.searchNative(query, depth).filter((h) => allowedSet.has(h.chunkId));
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
    const extra = this.positions.filter((id) => id !== TOMBSTONE && !storeSet.has(id));
    const missing = storeIds.filter((id) => !this.positionOf.has(id));
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
    this.setPositions([]);
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
    let contents: ReturnType<typeof readFaissFile>;
    try {
      contents = readFaissFile(this.file);
    } catch (err) {
      if (err instanceof FaissFileError)
        return err.problem === 'missing' ? 'missing' : `${err.problem}: ${err.message}`;
      return `unreadable: ${(err as Error).message}`;
    }
    const { header, positions, payload } = contents;
    if (header.model !== this.model) return `corrupt: file is for model ${header.model}`;
    if (header.dim !== this.dim) return `dimension changed (${header.dim} → ${this.dim})`;
    const lists = ivfLists(header.descriptor);
    if (header.descriptor !== 'Flat' && lists === null) return `unsupported index type ${header.descriptor}`;
    const live = positions.filter((id) => id !== TOMBSTONE);
    if (
      new Set(live).size !== live.length ||
      !live.every((id) => Number.isSafeInteger(id) && id >= 0) ||
      (lists === null && live.length !== positions.length)
    ) {
      return 'corrupt: position map';
    }
    let native: NativeIndex;
    let kind: IndexTypeChoice = { descriptor: 'Flat' };
    try {
      if (lists === null) {
        native = faiss.Index.fromBuffer(checkFlatPayload(payload, this.dim, header.count));
      } else {
        const nprobe = ivfProbesFor(lists);
        native = faiss.Index.fromBuffer(withIvfNprobe(payload, nprobe));
        kind = { descriptor: header.descriptor as `IVF${number},Flat`, nprobe };
      }
    } catch (err) {
      return `corrupt: ${(err as Error).message}`;
    }
    if (native.ntotal() !== header.count || native.getDimension() !== this.dim) return 'corrupt: index size';
    this.index = native;
    this.kind = kind;
    this.trainedFor = lists === null ? 0 : live.length;
    this.setPositions(positions);
    this.dirty = false;
    const generation = this.store.vectorGeneration();
    return header.generation === generation ? null : `generation ${header.generation}, store ${generation}`;
  }

  private setPositions(positions: number[]): void {
    this.positions = positions;
    this.positionOf = new Map();
    this.tombstones = 0;
    positions.forEach((id, pos) => {
      if (id === TOMBSTONE) this.tombstones++;
      else this.positionOf.set(id, pos);
    });
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
      for (const [id] of batch) {
        this.positionOf.set(id, this.positions.length);
        this.positions.push(id);
      }
      this.dirty = true;
    }
    this.assertInSync();
  }

  private addFromStore(chunkIds: number[]): void {
    for (let start = 0; start < chunkIds.length; start += ADD_BATCH) {
      const vectors = this.store.vectorsForChunks(chunkIds.slice(start, start + ADD_BATCH), this.model);
      const entries: [number, Float32Array][] = [];
      for (const [id, v] of vectors) if (!this.positionOf.has(id) && v.length === this.dim) entries.push([id, v]);
      this.addValidated(entries);
    }
  }

  private removeInternal(chunkIds: number[]): void {
    const doomed = new Set<number>();
    for (const id of chunkIds) {
      const pos = this.positionOf.get(id);
      if (pos !== undefined) doomed.add(pos);
    }
    if (doomed.size === 0) return;
    if (this.kind.descriptor !== 'Flat') {
      for (const pos of doomed) {
        this.positionOf.delete(this.positions[pos]);
        this.positions[pos] = TOMBSTONE;
        this.tombstones++;
      }
      this.dirty = true;
      return;
    }
    if (doomed.size > REMOVE_IN_PLACE_MAX) {
      this.rebuildFromStore(new Set(chunkIds));
      return;
    }
    const removed = this.index.removeIds([...doomed].sort((a, b) => a - b));
    // removeIds shifts every later vector down: the position map must shift the same way.
    this.setPositions(this.positions.filter((_, pos) => !doomed.has(pos)));
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
    this.index = 'nprobe' in kind ? this.trainedIvf(kind, count, exclude) : newNativeIndex(this.dim);
    this.kind = kind;
    this.trainedFor = 'nprobe' in kind ? count : 0;
    this.setPositions([]);
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

  /** An empty IVF index trained on a sample of the store's vectors, with its nprobe set. */
  private trainedIvf(kind: { descriptor: `IVF${number},Flat`; nprobe: number }, count: number, exclude?: Set<number>) {
    const lists = ivfLists(kind.descriptor) ?? 1;
    const want = Math.min(count, lists * TRAIN_PER_LIST);
    const stride = Math.max(1, Math.floor(count / want));
    const sample: number[] = [];
    let i = 0;
    for (const { chunkId, vector } of this.store.iterateChunkVectors(this.model)) {
      if (exclude?.has(chunkId) || vector.length !== this.dim) continue;
      if (i++ % stride === 0 && sample.length < want * this.dim) for (const x of normalize(vector)) sample.push(x);
    }
    const index = newNativeIndex(this.dim, kind.descriptor);
    index.train(sample);
    // Setting nprobe means a trip through the serialized form (still small before any vector is added).
    return faiss.Index.fromBuffer(withIvfNprobe(this.serialize(index), kind.nprobe));
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
        this.tombstones > Math.max(TOMBSTONES_MIN, this.positions.length * TOMBSTONE_SHARE);
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
      positions: this.positions,
      payload: this.serialize(this.index),
    });
    this.dirty = false;
  }

  /**
   * The serialized index. Not toBuffer(): faiss-node never frees the copy it makes (measured: 7.7 MB leaked
   * per call on a 7.6 MB index, so the engine grew by the index size at every flush). Written to a scratch
   * file named like the atomic writer's temp files, so a crash leaves nothing that open() does not remove.
   */
  private serialize(index: NativeIndex): Buffer {
    const scratch = `${this.file}.tmp-serialize-${process.pid}`;
    try {
      index.write(scratch);
      return readFileSync(scratch);
    } finally {
      rmSync(scratch, { force: true });
    }
  }

  private searchNative(query: Float32Array, k: number): VectorHit[] {
    // Tombstones still take places in the answer: ask for as many more.
    const depth = Math.min(k + this.tombstones, this.positions.length);
    const { labels, distances } = this.index.search(Array.from(query), depth);
    const hits: VectorHit[] = [];
    for (let i = 0; i < labels.length && hits.length < k; i++) {
      const id = this.positions[labels[i]];
      if (labels[i] >= 0 && id !== undefined && id !== TOMBSTONE) hits.push({ chunkId: id, score: distances[i] });
    }
    return hits;
  }

  private searchAmong(query: Float32Array, k: number, chunkIds: number[]): VectorHit[] {
    const vectors = this.store.vectorsForChunks(chunkIds, this.model);
    const hits: VectorHit[] = [];
    for (const [chunkId, v] of vectors) {
      if (v.length !== this.dim) continue;
      const n = normalize(v);
      let dot = 0;
      for (let i = 0; i < this.dim; i++) dot += n[i] * query[i];
      hits.push({ chunkId, score: dot });
    }
    hits.sort((a, b) => b.score - a.score || a.chunkId - b.chunkId);
    return hits.slice(0, k);
  }
}
