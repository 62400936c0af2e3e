// Child process for the crash-consistency test: mutates the store and the FAISS index the way the
// indexing pipeline does, in a loop, until the parent SIGKILLs it at a random moment.
// Usage: node --import tsx crash-child.ts <dataDir> <seed>
import { FaissIndex } from '../faiss';
import { SqliteStore } from '../sqlite';
import { draftsFor, pseudoVector, rng } from './fixtures';

export const CRASH_MODEL = 'crash-test@64';
export const CRASH_DIM = 64;
const DOCS = 30;

async function main(): Promise<void> {
  const [dataDir, seedArg] = process.argv.slice(2);
  const rand = rng(Number(seedArg));
  const store = SqliteStore.open(dataDir);
  const index = await FaissIndex.open({ dir: dataDir, model: CRASH_MODEL, dim: CRASH_DIM, store });
  const folderId = store.addFolder('/crash', { include: [], exclude: [] }).id;
  process.stdout.write('ready\n');

  for (let iter = 1; ; iter++) {
    const doc = Math.floor(rand() * DOCS);
    const relPath = `doc-${doc}.txt`;
    const path = `/crash/${relPath}`;
    const action = rand();
    if (action < 0.6) {
      const { id } = store.upsertDocument({ folderId, path, relPath, kind: 'text', size: iter, mtimeMs: iter });
      store.setDocumentStatus(id, 'indexing', null);
      // Some paragraphs are stable across versions (kept rows), some change (new rows, removed rows),
      // some repeat (multiset matching).
      const n = 5 + Math.floor(rand() * 40);
      const texts = Array.from({ length: n }, (_, i) =>
        rand() < 0.6
          ? `doc ${doc} paragraph ${i % 7} about topic ${i % 5}`
          : `doc ${doc} paragraph ${i} version ${iter}`,
      );
      const { drafts, text } = draftsFor(texts, [`Section ${iter % 3}`]);
      const diff = store.replaceChunks(id, drafts, text, []);
      await index.remove(diff.removedIds);
      const cached = store.getVectors(
        diff.added.map((c) => c.sha256),
        CRASH_MODEL,
      );
      const fresh = diff.added.filter((c) => !cached.has(c.sha256));
      const vectors = new Map(cached);
      for (const c of fresh) vectors.set(c.sha256, pseudoVector(c.text, CRASH_DIM));
      store.putVectors(
        CRASH_MODEL,
        CRASH_DIM,
        [...new Set(fresh.map((c) => c.sha256))].map((sha256) => ({ sha256, vector: vectors.get(sha256)! })),
      );
      await index.add(diff.added.map((c) => ({ chunkId: c.id, vector: vectors.get(c.sha256)! })));
      store.setDocumentStatus(id, 'indexed', null);
    } else if (action < 0.8) {
      const existing = store.getDocumentByPath(path);
      if (existing) await index.remove(store.deleteDocument(existing.id));
    } else if (action < 0.9) {
      const target = `doc-${Math.floor(rand() * DOCS)}.txt`;
      if (target !== relPath) store.renameDocument(path, `/crash/${target}`, target);
    } else {
      store.jobs.enqueue('index', folderId, path);
      const job = store.jobs.claim();
      if (job) store.jobs.finish(job);
    }
    if (rand() < 0.5) await index.flush();
    process.stdout.write(`${iter}\n`);
  }
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
