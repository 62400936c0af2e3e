// Which FAISS index suits a corpus of a given size, and how to set its search-time parameters.
//
// Measured here (bench/run.ts, docs/benchmarks.md "Performance"): an exact flat index answers a 100-d query
// in time linear in the vector count, which stays within the latency budget only up to a threshold; above
// it HNSW answers in well under a millisecond at a recall against flat that depends on efSearch.
// faiss-node exposes no ParameterSpace, so efSearch (HNSW) and nprobe (IVF) are set by patching the
// serialized index (faiss 1.7 layout, checked field by field) and reading it back.
// The same Debian libfaiss 1.7.3 bug as in native-index.ts: an index read back from a buffer segfaults
// when it is written again if it holds an IndexFlatIP ("IxFI"), and HNSW's storage and IVF's quantizer are
// exactly that. The patched copies relabel them "IxFl" (a plain IndexFlat with the same metric and layout).

export type IndexTypeChoice =
  | { descriptor: 'Flat' }
  | { descriptor: `HNSW${number}`; efSearch: number }
  | { descriptor: `IVF${number},Flat`; nprobe: number };

/**
 * Up to this many vectors the store keeps an exact flat index: ~5 ms per query at 50k × 100-d here, a
 * tenth of the hybrid search budget. Above it, IVF (measured against flat in docs/benchmarks.md).
 */
export const FLAT_MAX_VECTORS = 50_000;
/** HNSW parameters of the benchmark's comparison (not used by the store, see chooseIndexType). */
export const HNSW_M = 32;
export const HNSW_EF_SEARCH = 64;
/** Share of the inverted lists an IVF search visits: recall@10 0.98 against flat at 100k here. */
export const IVF_PROBE_SHARE = 0.1;

/** Below this, too few vectors to train even the smallest IVF well (and flat is instant anyway). */
const IVF_MIN_VECTORS = 1000;

/** √n inverted lists (the usual rule; 316 at 100k), within bounds that keep training meaningful. */
export function ivfListsFor(count: number): number {
  return Math.min(4096, Math.max(64, Math.round(Math.sqrt(count))));
}

/**
 * The index the store keeps for `count` vectors. IVF rather than HNSW above the flat range: it trains in
 * ~2 s at 100k (HNSW builds in ~25 s, blocking the engine), keeps its recall at 0.98 with a tenth of
 * its lists probed, and takes new vectors without a rebuild; removals become tombstones (faiss-node's
 * IVF would reuse ids after a removal) until a rebuild compacts them.
 */
export function chooseIndexType(count: number, flatMax = FLAT_MAX_VECTORS): IndexTypeChoice {
  if (!Number.isFinite(count) || count <= Math.max(flatMax, IVF_MIN_VECTORS)) return { descriptor: 'Flat' };
  const nlist = ivfListsFor(count);
  return { descriptor: `IVF${nlist},Flat`, nprobe: ivfProbesFor(nlist) };
}

/** The lists an IVF search visits: a tenth of them (IVF_PROBE_SHARE), at least 8. */
export function ivfProbesFor(nlist: number): number {
  return Math.min(nlist, Math.max(8, Math.ceil(nlist * IVF_PROBE_SHARE)));
}

/** The number of inverted lists of an IVF descriptor, or null for another kind. */
export function ivfLists(descriptor: string): number | null {
  const m = /^IVF(\d+),Flat$/.exec(descriptor);
  return m ? Number(m[1]) : null;
}

export class FaissLayoutError extends Error {
  constructor(message: string) {
    super(`faiss index layout: ${message}`);
    this.name = 'FaissLayoutError';
  }
}

/** fourcc + d, ntotal, two dummies, is_trained, metric (+ metric_arg for metrics above L2). */
function indexHeaderEnd(buf: Buffer, fourcc: string): number {
  if (buf.length < 41) throw new FaissLayoutError('buffer too short');
  const tag = buf.toString('latin1', 0, 4);
  if (tag !== fourcc) throw new FaissLayoutError(`expected ${fourcc}, found ${JSON.stringify(tag)}`);
  const metric = buf.readInt32LE(33);
  if (metric < 0 || metric > 30) throw new FaissLayoutError(`implausible metric ${metric}`);
  return metric > 1 ? 41 : 37;
}

/** Byte offset of HNSW's efSearch (int32) in a serialized IndexHNSWFlat ("IHNf"). */
export function hnswEfSearchOffset(buf: Buffer): number {
  let off = indexHeaderEnd(buf, 'IHNf');
  // assign_probas (double), cum_nneighbor_per_level (int), levels (int), offsets (size_t), neighbors (int32)
  for (const size of [8, 4, 4, 8, 4]) {
    if (off + 8 > buf.length) throw new FaissLayoutError('truncated HNSW vectors');
    const n = buf.readBigUInt64LE(off);
    if (n > BigInt(buf.length)) throw new FaissLayoutError('implausible HNSW vector length');
    off += 8 + Number(n) * size;
  }
  // entry_point, max_level, efConstruction, efSearch, upper_beam
  if (off + 20 > buf.length) throw new FaissLayoutError('truncated HNSW parameters');
  return off + 12;
}

export function readHnswEfSearch(buf: Buffer): number {
  return buf.readInt32LE(hnswEfSearchOffset(buf));
}

/** Relabels a nested IndexFlatIP record at `at` as a plain IndexFlat (see the header comment). */
function relabelFlatIP(copy: Buffer, at: number): void {
  const tag = copy.toString('latin1', at, at + 4);
  if (tag === 'IxFI') copy.write('IxFl', at, 'latin1');
  else if (tag !== 'IxFl' && tag !== 'IxF2')
    throw new FaissLayoutError(`unexpected nested index ${JSON.stringify(tag)}`);
}

/**
 * A copy of a serialized HNSW index with efSearch set, safe to read back with Index.fromBuffer and to
 * serialize again.
 */
export function withHnswEfSearch(buf: Buffer, efSearch: number): Buffer {
  if (!Number.isInteger(efSearch) || efSearch < 1 || efSearch > 100_000) {
    throw new RangeError(`efSearch must be an integer in 1..100000, got ${efSearch}`);
  }
  const off = hnswEfSearchOffset(buf);
  const copy = Buffer.from(buf);
  copy.writeInt32LE(efSearch, off);
  relabelFlatIP(copy, off + 8); // the storage follows efSearch and upper_beam
  return copy;
}

/** Byte offset of nprobe (size_t) in a serialized IndexIVFFlat ("IwFl"): right after nlist. */
function ivfNprobeOffset(buf: Buffer): number {
  const off = indexHeaderEnd(buf, 'IwFl');
  if (off + 16 > buf.length) throw new FaissLayoutError('truncated IVF header');
  return off + 8;
}

export function readIvfParams(buf: Buffer): { nlist: number; nprobe: number } {
  const off = ivfNprobeOffset(buf);
  return { nlist: Number(buf.readBigUInt64LE(off - 8)), nprobe: Number(buf.readBigUInt64LE(off)) };
}

/** A copy of a serialized IVF-Flat index with nprobe set, safe to read back and to serialize again. */
export function withIvfNprobe(buf: Buffer, nprobe: number): Buffer {
  const { nlist } = readIvfParams(buf);
  if (!Number.isInteger(nprobe) || nprobe < 1 || nprobe > nlist) {
    throw new RangeError(`nprobe must be an integer in 1..${nlist}, got ${nprobe}`);
  }
  const off = ivfNprobeOffset(buf);
  const copy = Buffer.from(buf);
  copy.writeBigUInt64LE(BigInt(nprobe), off);
  relabelFlatIP(copy, off + 8); // the coarse quantizer follows nprobe
  return copy;
}
