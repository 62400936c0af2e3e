// Principal component analysis to two dimensions by power iteration: enough for a map of a few
// thousand 100–768-d vectors, with no dependency and deterministic output (seeded start vectors).

export interface Projection {
  mean: Float64Array;
  axes: [Float64Array, Float64Array];
  project(v: ArrayLike<number>): [number, number];
}

function seeded(dim: number, seed: number): Float64Array {
  const out = new Float64Array(dim);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < dim; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    out[i] = ((s >>> 0) / 0xffffffff) * 2 - 1;
  }
  return out;
}

function normalise(v: Float64Array): void {
  let n = 0;
  for (const x of v) n += x * x;
  n = Math.sqrt(n) || 1;
  for (let i = 0; i < v.length; i++) v[i] /= n;
}

/** Top principal axis of the centred data, orthogonal to `against` when given. */
function powerIteration(rows: Float64Array[], dim: number, against: Float64Array | null, seed: number): Float64Array {
  let v = seeded(dim, seed);
  normalise(v);
  for (let iter = 0; iter < 60; iter++) {
    const next = new Float64Array(dim);
    for (const r of rows) {
      let dot = 0;
      for (let i = 0; i < dim; i++) dot += r[i] * v[i];
      for (let i = 0; i < dim; i++) next[i] += dot * r[i];
    }
    if (against) {
      let d = 0;
      for (let i = 0; i < dim; i++) d += next[i] * against[i];
      for (let i = 0; i < dim; i++) next[i] -= d * against[i];
    }
    normalise(next);
    v = next;
  }
  return v;
}

export function fitPca(vectors: ArrayLike<number>[]): Projection {
  const dim = vectors[0]?.length ?? 0;
  const mean = new Float64Array(dim);
  for (const v of vectors) for (let i = 0; i < dim; i++) mean[i] += v[i] / vectors.length;
  const rows = vectors.map((v) => {
    const r = new Float64Array(dim);
    for (let i = 0; i < dim; i++) r[i] = v[i] - mean[i];
    return r;
  });
  const a = powerIteration(rows, dim, null, 7);
  const b = powerIteration(rows, dim, a, 11);
  return {
    mean,
    axes: [a, b],
    project(v) {
      let x = 0;
      let y = 0;
      for (let i = 0; i < dim; i++) {
        const c = v[i] - mean[i];
        x += c * a[i];
        y += c * b[i];
      }
      return [x, y];
    },
  };
}
