// Which FAISS index suits a corpus of a given size, and how to set its search-time parameters.
//
// Measured here (bench/run.ts, docs/benchmarks.md "Performance"): an exact flat index answers a 100-d query
// in time linear in the vector count, which stays within the latency budget only up to a threshold; above
// it HNSW answers in well under a millisecond at a recall against flat that depends on efSearch.
// faiss-node exposes no ParameterSpace, so efSearch (HNSW) and nprobe (IVF) are set by patching the
// serialized index (faiss 1.7 layout, checked field by field) and reading it back.
// The same Debian libfaiss 1.7.3 bug as in faiss.ts: an index read back from a buffer segfaults when it is
// written again if it holds an IndexFlatIP ("IxFI"), and HNSW's storage and IVF's quantizer are exactly
// that. The patched copies relabel them "IxFl" (a plain IndexFlat with the same metric and layout).

export type IndexTypeChoice =
  | { descriptor: 'Flat' }
  | { descriptor: `HNSW${number}`; efSearch: number }
  | { descriptor: `IVF${number},Flat`; nprobe: number };

/** Up to this many vectors the exact flat index is used (see the benchmark note for the measurement). */
export const FLAT_MAX_VECTORS = 50_000;
/** HNSW graph degree and search breadth chosen by the benchmark (recall@10 against flat ≥ 0.95). */
export const HNSW_M = 32;
export const HNSW_EF_SEARCH = 64;

export function chooseIndexType(count: number): IndexTypeChoice {
  if (!Number.isFinite(count) || count <= FLAT_MAX_VECTORS) return { descriptor: 'Flat' };
  return { descriptor: `HNSW${HNSW_M}`, efSearch: HNSW_EF_SEARCH };
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
