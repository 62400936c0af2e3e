// Training an IVF index for a FaissIndex: on an evenly spread sample of the vectors it will hold (read in
// its own pass over the store, so the vectors never all sit in memory at once), with nprobe set.
import { ivfLists, withIvfNprobe } from './index-type';
import faiss from './native';
import { type NativeIndex, newNativeIndex, normalize, serializeIndex } from './native-index';

/** Training vectors per inverted list (faiss warns below 39). */
const TRAIN_PER_LIST = 50;

/**
 * An empty IVF index trained on a sample of `vectors` (about `count` of them, minus `exclude`), with its
 * nprobe set. `file`: the index file, whose name the scratch copy of the serialized index takes.
 */
export function trainedIvf(
  kind: { descriptor: `IVF${number},Flat`; nprobe: number },
  dim: number,
  count: number,
  vectors: Iterable<{ chunkId: number; vector: Float32Array }>,
  file: string,
  exclude?: Set<number>,
): NativeIndex {
  const lists = ivfLists(kind.descriptor) ?? 1;
  const want = Math.min(count, lists * TRAIN_PER_LIST);
  const stride = Math.max(1, Math.floor(count / want));
  const sample: number[] = [];
  let i = 0;
  for (const { chunkId, vector } of vectors) {
    if (exclude?.has(chunkId) || vector.length !== dim) continue;
    if (i++ % stride === 0 && sample.length < want * dim) for (const x of normalize(vector)) sample.push(x);
  }
  const index = newNativeIndex(dim, kind.descriptor);
  index.train(sample);
  // Setting nprobe means a trip through the serialized form (still small before any vector is added).
  return faiss.Index.fromBuffer(withIvfNprobe(serializeIndex(index, file), kind.nprobe));
}
