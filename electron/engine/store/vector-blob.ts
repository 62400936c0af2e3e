// Embedding vectors are stored as Float32 little-endian BLOBs (every platform Electron ships on is
// little-endian, so a typed-array view is the on-disk layout).

export function encodeVector(vector: Float32Array): Buffer {
  return Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength);
}

/** Copies the blob into a fresh, aligned Float32Array; null when its length does not match `dim`. */
export function decodeVector(blob: Buffer, dim: number): Float32Array | null {
  if (blob.byteLength !== dim * 4) return null;
  const out = new Float32Array(dim);
  new Uint8Array(out.buffer).set(blob);
  return out;
}

/** Throws unless the vector has `dim` finite components (NaN would poison every similarity). */
export function assertVector(vector: Float32Array, dim: number, what = 'vector'): void {
  if (!(vector instanceof Float32Array)) throw new TypeError(`${what} must be a Float32Array`);
  if (vector.length !== dim) throw new RangeError(`${what} has ${vector.length} dimensions, expected ${dim}`);
  for (let i = 0; i < vector.length; i++) {
    if (!Number.isFinite(vector[i])) throw new RangeError(`${what} has a non-finite component at ${i}`);
  }
}
