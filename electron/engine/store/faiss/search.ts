// The two ways a FaissIndex answers a query: through faiss (skipping the tombstones of an IVF index), or,
// for a small set of allowed chunks, by scoring their vectors directly (exact, and cheaper than
// oversampling faiss until enough allowed chunks come up).
import type { VectorHit } from '../types';
import { type NativeIndex, normalize } from './native-index';
import type { PositionMap } from './positions';

/** The k nearest chunks by faiss. `query` is normalized; k is at least 1 and at most the live count. */
export function searchNative(index: NativeIndex, positions: PositionMap, query: Float32Array, k: number): VectorHit[] {
  // Tombstones still take places in the answer: ask for as many more.
  const depth = Math.min(k + positions.tombstones, positions.length);
  const { labels, distances } = index.search(Array.from(query), depth);
  const hits: VectorHit[] = [];
  for (let i = 0; i < labels.length && hits.length < k; i++) {
    const id = positions.chunkAt(labels[i]);
    if (labels[i] >= 0 && id !== undefined) hits.push({ chunkId: id, score: distances[i] });
  }
  return hits;
}

/** The k best of `vectors` (chunk id → vector, as the store returns them) by cosine with `query`. */
export function scoreDirectly(
  vectors: Map<number, Float32Array>,
  dim: number,
  query: Float32Array,
  k: number,
): VectorHit[] {
  const hits: VectorHit[] = [];
  for (const [chunkId, v] of vectors) {
    if (v.length !== dim) continue;
    const n = normalize(v);
    let dot = 0;
    for (let i = 0; i < dim; i++) dot += n[i] * query[i];
    hits.push({ chunkId, score: dot });
  }
  hits.sort((a, b) => b.score - a.score || a.chunkId - b.chunkId);
  return hits.slice(0, k);
}
