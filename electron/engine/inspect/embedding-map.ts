// The 2-D map of the library's embedding space: a PCA of (a sample of) the chunk vectors, with the
// question and its nearest chunks placed on it. PCA rather than UMAP: deterministic, instant for a few
// thousand points, and distances along its axes mean something.
import type { MethodResult } from '../../../shared/api';
import type { OpenLibrary } from '../library/open-library';
import { fitPca } from './pca';

const NEIGHBOURS = 10;
const PREVIEW_CHARS = 240;

export async function buildEmbeddingMap(
  lib: OpenLibrary,
  query: string | undefined,
  limit: number,
): Promise<MethodResult<'inspect.embeddingMap'>> {
  const { store, vectors, embedder } = lib;
  const total = store.countChunkVectors(embedder.id);
  const stride = Math.max(1, Math.ceil(total / limit));
  const sample = new Map<number, Float32Array>();
  let i = 0;
  for (const { chunkId, vector } of store.iterateChunkVectors(embedder.id)) {
    if (i++ % stride === 0) sample.set(chunkId, vector);
  }

  let queryVector: Float32Array | null = null;
  let neighbours: number[] = [];
  if (query?.trim() && total > 0) {
    queryVector = await embedder.embedQuery(query.trim());
    neighbours = (await vectors.search(queryVector, Math.min(NEIGHBOURS, total))).map((h) => h.chunkId);
    // The neighbours are always drawn, even when the sample skipped them.
    const missing = neighbours.filter((id) => !sample.has(id));
    for (const [id, v] of store.vectorsForChunks(missing, embedder.id)) sample.set(id, v);
  }

  if (sample.size === 0) return { method: 'pca', model: embedder.id, points: [], query: null, neighbours: [], total };
  const ids = [...sample.keys()];
  const projection = fitPca(ids.map((id) => sample.get(id)!));
  const chunks = new Map(store.getChunks(ids).map((c) => [c.id, c]));
  const points = ids.flatMap((id) => {
    const c = chunks.get(id);
    if (!c) return [];
    const [x, y] = projection.project(sample.get(id)!);
    return [{ chunkId: id, documentId: c.documentId, path: c.path, x, y, preview: c.text.slice(0, PREVIEW_CHARS) }];
  });
  const q = queryVector ? projection.project(queryVector) : null;
  return {
    method: 'pca',
    model: embedder.id,
    points,
    query: q && query ? { x: q[0], y: q[1], text: query } : null,
    neighbours,
    total,
  };
}
