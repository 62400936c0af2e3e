// Unit-length vectors: search scores by the inner product of unit vectors (cosine), so every embedder hands
// out L2-normalised vectors whatever its model returns (Gemini's truncated dimensions, servers that do not
// normalise).

export function l2Normalise(values: ArrayLike<number>): Float32Array {
  const v = Float32Array.from(values);
  let norm = 0;
  for (let i = 0; i < v.length; i++) norm += v[i] * v[i];
  norm = Math.sqrt(norm);
  if (norm > 0) for (let i = 0; i < v.length; i++) v[i] /= norm;
  return v;
}
