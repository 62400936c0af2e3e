// Test support for ChromaIndex against a real Chroma server, shared by this folder's tests and the search
// tests of a reader (search/chroma-reader.test.ts): the pseudo model, and what the library's pipeline does
// to a vector index for one file.
import type { SqliteStore } from '../../sqlite';
import { draftsFor, pseudoVector } from '../../test-support/fixtures';
import type { ChunkDraft, VectorIndex } from '../../types';

export const MODEL = 'test:pseudo';
export const DIM = 16;

/** What the pipeline does for one file: commit chunks and vectors, then mirror the diff into the index. */
export async function indexDocument(
  store: SqliteStore,
  index: { add: VectorIndex['add']; remove: VectorIndex['remove'] },
  path: string,
  texts: string[] | { drafts: ChunkDraft[]; text: string },
) {
  const folder = store.addFolder('/docs', { include: [], exclude: [] });
  const { id } = store.upsertDocument({
    folderId: folder.id,
    path,
    relPath: path.slice('/docs/'.length),
    kind: 'text',
    size: 1,
    mtimeMs: 1,
  });
  const { drafts, text } = Array.isArray(texts) ? draftsFor(texts) : texts;
  const diff = store.replaceChunks(id, drafts, text, []);
  store.putVectors(
    MODEL,
    DIM,
    diff.added.map((c) => ({ sha256: c.sha256, vector: pseudoVector(c.text, DIM) })),
  );
  if (diff.removedIds.length) await index.remove(diff.removedIds);
  if (diff.added.length) await index.add(diff.added.map((c) => ({ chunkId: c.id, vector: pseudoVector(c.text, DIM) })));
  store.setDocumentStatus(id, 'indexed', null);
  return { documentId: id, diff };
}
