// Test support: a real store + FAISS index + embedder filled with small text documents, without going
// through file parsing (the library's job). Used by the search, answer and eval tests.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FileKind } from '../../../../shared/types';
import { chunkDocument } from '../../chunk/index';
import { FaissIndex } from '../../store/faiss';
import { SqliteStore } from '../../store/sqlite';
import type { Embedder, PageSpan, ParsedDocument } from '../../types';

export interface TestDoc {
  /** Path relative to its folder, e.g. "notes/cv.md". */
  path: string;
  /** Plain text, or one string per page (then the document is paged, 1-based). */
  text: string | string[];
  kind?: FileKind;
  folder?: string; // folder name under the temp root; default "docs"
  title?: string;
  /** A parser's output to index instead of `text` (blocks, tables, pages as the parser made them). */
  parsed?: ParsedDocument;
}

export interface TestLibrary {
  root: string;
  store: SqliteStore;
  vectors: FaissIndex;
  embedder: Embedder;
  folders: Map<string, number>;
  /** relative path → document id */
  docs: Map<string, number>;
  add(doc: TestDoc): Promise<number>;
  close(): Promise<void>;
}

function parsed(doc: TestDoc): ParsedDocument {
  const pagesText = Array.isArray(doc.text) ? doc.text : null;
  const text = typeof doc.text === 'string' ? doc.text : doc.text.join('\n\n');
  const pages: PageSpan[] = [];
  if (pagesText) {
    let at = 0;
    pagesText.forEach((p, i) => {
      pages.push({ number: i + 1, start: at, end: at + p.length });
      at += p.length + 2;
    });
  }
  return {
    kind: doc.kind ?? 'text',
    text,
    blocks: [],
    pages,
    pageCount: pagesText ? pagesText.length : null,
    title: doc.title,
    flags: [],
    verdict: 'ok',
  };
}

export async function createTestLibrary(embedder: Embedder, docs: TestDoc[] = []): Promise<TestLibrary> {
  const root = mkdtempSync(join(tmpdir(), 'lucarne-search-test-'));
  const store = SqliteStore.open(join(root, 'data'));
  const vectors = await FaissIndex.open({ dir: join(root, 'data'), model: embedder.id, dim: embedder.dim, store });
  const folders = new Map<string, number>();
  const ids = new Map<string, number>();
  const lib: TestLibrary = {
    root,
    store,
    vectors,
    embedder,
    folders,
    docs: ids,
    async add(doc) {
      const folderName = doc.folder ?? 'docs';
      let folderId = folders.get(folderName);
      if (folderId === undefined) {
        folderId = store.addFolder(join(root, folderName), { include: [], exclude: [] }).id;
        folders.set(folderName, folderId);
      }
      const p = doc.parsed ?? parsed(doc);
      const { id } = store.upsertDocument({
        folderId,
        path: join(root, folderName, doc.path),
        relPath: doc.path,
        kind: p.kind,
        size: p.text.length,
        mtimeMs: 1,
      });
      const drafts = chunkDocument(p, { targetTokens: 200, overlapTokens: 20 });
      const diff = store.replaceChunks(id, drafts, p.text, p.pages, { title: doc.title ?? null });
      const vecs = await embedder.embedDocuments(diff.added.map((c) => c.text));
      store.putVectors(
        embedder.id,
        embedder.dim,
        diff.added.map((c, i) => ({ sha256: c.sha256, vector: vecs[i] })),
      );
      await vectors.add(diff.added.map((c, i) => ({ chunkId: c.id, vector: vecs[i] })));
      store.setDocumentStatus(id, 'indexed', null, { pages: p.pageCount });
      ids.set(`${folderName}/${doc.path}`, id);
      return id;
    },
    async close() {
      await vectors.close();
      store.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
  for (const d of docs) await lib.add(d);
  return lib;
}
