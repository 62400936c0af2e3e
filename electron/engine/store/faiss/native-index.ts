// The faiss-node objects a FaissIndex creates, reads back and serializes, and the checks around them.
//
// write_index segfaults on IndexFlatIP objects (a dynamic_cast crash in the Debian libfaiss 1.7.3 build),
// both those made by `new IndexFlatIP()` and those read back from an "IxFI" record. A plain IndexFlat with
// the inner-product metric (index_factory "Flat", and "IxFl" records) behaves identically and serializes
// fine, so that is the only kind of flat object ever created.
import { readFileSync, rmSync } from 'node:fs';
import { FaissFileError } from './file';
import type { IndexTypeChoice } from './index-type';
import faiss from './native';

export type NativeIndex = InstanceType<typeof faiss.Index>;

export const METRIC_INNER_PRODUCT = 0;

export function newNativeIndex(dim: number, descriptor: IndexTypeChoice['descriptor'] = 'Flat'): NativeIndex {
  return faiss.Index.fromFactory(dim, descriptor, METRIC_INNER_PRODUCT);
}

/** Unit length (cosine = inner product); a zero vector stays zero and matches nothing. */
export function normalize(v: Float32Array): Float32Array {
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
export function checkFlatPayload(payload: Buffer, dim: number, count: number): Buffer {
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

/**
 * The serialized index. Not toBuffer(): faiss-node never frees the copy it makes (measured: 7.7 MB leaked
 * per call on a 7.6 MB index, so the engine grew by the index size at every flush). Written to a scratch
 * file named like the atomic writer's temp files, so a crash leaves nothing that open() does not remove.
 */
export function serializeIndex(index: NativeIndex, file: string): Buffer {
  const scratch = `${file}.tmp-serialize-${process.pid}`;
  try {
    index.write(scratch);
    return readFileSync(scratch);
  } finally {
    rmSync(scratch, { force: true });
  }
}
