import { readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FaissIndex, faissFileFor } from './faiss';
import { readFaissFile, writeFaissFile } from './faiss/file';
import { FLAT_MAX_VECTORS } from './faiss/index-type';
import { SqliteStore } from './sqlite';
import { draftsFor, pseudoVector, sha256, tempDir } from './test-support/fixtures';

const MODEL = 'fake-embedder@8';
const DIM = 8;

let dir: string;
let cleanup: () => void;
let store: SqliteStore;
let folderId: number;
const open: FaissIndex[] = [];

beforeEach(() => {
  ({ dir, cleanup } = tempDir());
  store = SqliteStore.open(dir);
  folderId = store.addFolder('/docs', { include: [], exclude: [] }).id;
});
afterEach(async () => {
  for (const ix of open.splice(0)) await ix.close();
  store.close();
  cleanup();
});

async function openIndex(model = MODEL, dim = DIM): Promise<FaissIndex> {
  const ix = await FaissIndex.open({ dir, model, dim, store });
  open.push(ix);
  return ix;
}

/** A document of `n` chunks whose vectors are stored for `model` (as an indexing pipeline would). */
function seedDocument(name: string, n: number, model = MODEL, dim = DIM) {
  const { id } = store.upsertDocument({
    folderId,
    path: `/docs/${name}`,
    relPath: name,
    kind: 'text',
    size: 1,
    mtimeMs: 1,
  });
  const texts = Array.from({ length: n }, (_, i) => `${name} chunk ${i}`);
  const { drafts, text } = draftsFor(texts);
  const diff = store.replaceChunks(id, drafts, text, []);
  store.putVectors(
    model,
    dim,
    texts.map((t) => ({ sha256: sha256(t), vector: pseudoVector(t, dim) })),
  );
  return {
    documentId: id,
    chunks: diff.added.map((c) => ({ chunkId: c.id, vector: pseudoVector(c.text, dim) })),
  };
}

function bruteForce(query: Float32Array, items: { chunkId: number; vector: Float32Array }[], k: number) {
  const norm = (v: Float32Array) => Math.hypot(...v);
  const qn = norm(query);
  return items
    .map(({ chunkId, vector }) => {
      let dot = 0;
      for (let i = 0; i < vector.length; i++) dot += vector[i] * query[i];
      return { chunkId, score: dot / (qn * norm(vector)) };
    })
    .sort((a, b) => b.score - a.score)
    .slice(0, k);
}

describe('FaissIndex in memory', () => {
  it('finds each vector as its own nearest neighbour, with cosine scores', async () => {
    const ix = await openIndex();
    const { chunks } = seedDocument('a.txt', 20);
    expect(await ix.count()).toBe(0);
    await ix.add(chunks);
    expect(await ix.count()).toBe(20);
    for (const c of chunks) {
      const [top] = await ix.search(c.vector, 1);
      expect(top.chunkId).toBe(c.chunkId);
      expect(top.score).toBeCloseTo(1, 5);
    }
    const q = pseudoVector('query', DIM);
    const hits = await ix.search(q, 5);
    const expected = bruteForce(q, chunks, 5);
    expect(hits.map((h) => h.chunkId)).toEqual(expected.map((h) => h.chunkId));
    hits.forEach((h, i) => {
      expect(h.score).toBeCloseTo(expected[i].score, 5);
    });
    expect(await ix.search(q, 1000)).toHaveLength(20);
  });

  it('keeps the position map right when faiss renumbers after removals', async () => {
    const { chunks } = seedDocument('a.txt', 12);
    const ix = await openIndex(); // built from the store
    const gone = [chunks[0], chunks[5], chunks[6], chunks[11]].map((c) => c.chunkId);
    await ix.remove([...gone, 999_999]);
    expect(await ix.count()).toBe(8);
    expect(new Set(ix.positionMap())).toEqual(new Set(chunks.map((c) => c.chunkId).filter((id) => !gone.includes(id))));
    for (const c of chunks) {
      const [top] = await ix.search(c.vector, 1);
      if (gone.includes(c.chunkId)) expect(top.chunkId).not.toBe(c.chunkId);
      else expect(top).toMatchObject({ chunkId: c.chunkId });
    }
    await ix.add([chunks[5]]);
    expect((await ix.search(chunks[5].vector, 1))[0].chunkId).toBe(chunks[5].chunkId);
  });

  it('add is idempotent and remove ignores unknown ids', async () => {
    const ix = await openIndex();
    const v = pseudoVector('x', DIM);
    await ix.add([
      { chunkId: 7, vector: v },
      { chunkId: 7, vector: v },
    ]);
    await ix.add([{ chunkId: 7, vector: v }]);
    expect(await ix.count()).toBe(1);
    await ix.remove([8, 9]);
    expect(ix.positionMap()).toEqual([7]);
  });

  it('validates inputs in JavaScript instead of letting faiss abort the process', async () => {
    const ix = await openIndex();
    expect(await ix.search(pseudoVector('q', DIM), 3)).toEqual([]); // empty index
    seedDocument('a.txt', 3);
    await ix.flush();
    const good = pseudoVector('q', DIM);
    await expect(ix.search(good, 0)).rejects.toThrow(RangeError);
    await expect(ix.search(good, 1.5)).rejects.toThrow(RangeError);
    await expect(ix.search(good, -1)).rejects.toThrow(RangeError);
    await expect(ix.search(new Float32Array(DIM + 1), 1)).rejects.toThrow(/dimensions/);
    await expect(ix.search(new Float32Array(DIM).fill(Number.NaN), 1)).rejects.toThrow(/non-finite/);
    await expect(ix.search([1, 2] as unknown as Float32Array, 1)).rejects.toThrow(TypeError);
    await expect(ix.add([{ chunkId: 1, vector: new Float32Array(3) }])).rejects.toThrow(/dimensions/);
    await expect(ix.add([{ chunkId: -1, vector: good }])).rejects.toThrow(/chunk id/);
    await expect(ix.add([{ chunkId: 1.5, vector: good }])).rejects.toThrow(/chunk id/);
    expect(await ix.search(good, 50)).toHaveLength(3); // k above the count is clamped
    expect(await ix.search(new Float32Array(DIM), 2)).toHaveLength(2); // a zero query is valid
    expect(await ix.count()).toBe(3);
  });

  it('searches among allowed chunks only, directly or by oversampling', async () => {
    const { chunks } = seedDocument('big.txt', 6000);
    const ix = await openIndex();
    const q = pseudoVector('filter query', DIM);
    const few = chunks.filter((_, i) => i % 100 === 0);
    const fewHits = await ix.search(q, 5, new Set([...few.map((c) => c.chunkId), 123_456_789]));
    expect(fewHits.map((h) => h.chunkId)).toEqual(bruteForce(q, few, 5).map((h) => h.chunkId));
    const many = chunks.filter((_, i) => i % 6 !== 0); // 5000 allowed: above the direct-scoring limit
    const manyHits = await ix.search(q, 10, new Set(many.map((c) => c.chunkId)));
    expect(manyHits.map((h) => h.chunkId)).toEqual(bruteForce(q, many, 10).map((h) => h.chunkId));
    expect(await ix.search(q, 5, new Set())).toEqual([]);
    expect(await ix.search(q, 5, new Set([987_654]))).toEqual([]);
  });

  it('removing many chunks at once (rebuild path) leaves exactly the others', async () => {
    const ix = await openIndex();
    const a = seedDocument('a.txt', 2500);
    const b = seedDocument('b.txt', 50);
    await ix.flush();
    const removed = store.deleteDocument(a.documentId);
    await ix.remove(removed);
    expect(ix.positionMap().sort((x, y) => x - y)).toEqual(b.chunks.map((c) => c.chunkId));
    expect((await ix.search(b.chunks[7].vector, 1))[0].chunkId).toBe(b.chunks[7].chunkId);
  });

  it('refuses a dimension that contradicts the stored vectors', async () => {
    seedDocument('a.txt', 2);
    await expect(FaissIndex.open({ dir, model: MODEL, dim: DIM * 2, store })).rejects.toThrow(/8-dimension/);
    await expect(FaissIndex.open({ dir, model: '', dim: DIM, store })).rejects.toThrow(TypeError);
  });
});

describe('FaissIndex on disk', () => {
  async function flushedIndex() {
    const ix = await openIndex();
    const doc = seedDocument('a.txt', 40);
    await ix.flush();
    return { ix, doc };
  }

  async function reopen(model = MODEL) {
    const prev = open.pop();
    await prev?.close();
    return openIndex(model);
  }

  it('reloads the flushed file as is, with the same answers', async () => {
    const { ix, doc } = await flushedIndex();
    const q = pseudoVector('q', DIM);
    const before = await ix.search(q, 10);
    const header = readFaissFile(ix.file).header;
    expect(header).toMatchObject({ model: MODEL, dim: DIM, count: 40, generation: store.vectorGeneration() });
    const again = await reopen();
    expect(again.openReport).toMatchObject({ source: 'file', reason: null, count: 40 });
    const after = await again.search(q, 10);
    expect(after.map((h) => h.chunkId)).toEqual(before.map((h) => h.chunkId));
    after.forEach((h, i) => {
      expect(h.score).toBeCloseTo(before[i].score, 6);
    });
    // A reloaded index keeps working: add, remove, flush, reload.
    await again.remove([doc.chunks[0].chunkId]);
    await again.flush(); // reconcile puts the chunk back: the store still has it
    expect(await again.count()).toBe(40);
    const third = await reopen();
    expect(third.openReport.source).toBe('file');
  });

  it('rebuilds when the file is missing', async () => {
    const { ix } = await flushedIndex();
    await reopen().then((x) => x.close());
    rmSync(ix.file);
    const again = await reopen();
    expect(again.openReport).toMatchObject({ source: 'rebuilt', reason: 'missing', count: 40 });
    expect(readFaissFile(again.file).header.count).toBe(40); // and wrote it back
  });

  it('rebuilds when the file is truncated', async () => {
    const { ix } = await flushedIndex();
    await ix.close();
    const size = readFileSync(ix.file).length;
    for (const cut of [size - 1, Math.floor(size / 2), 10, 0]) {
      truncateSync(ix.file, cut);
      const again = await reopen();
      expect(again.openReport.source, `cut at ${cut}`).toBe('rebuilt');
      expect(again.openReport.reason).toMatch(/truncated/);
      expect(await again.count()).toBe(40);
    }
  });

  it('rebuilds when the file is garbage, or a well-framed file holds a bad faiss payload', async () => {
    const { ix } = await flushedIndex();
    await ix.close();
    const original = readFileSync(ix.file);
    writeFileSync(ix.file, Buffer.alloc(original.length, 0x5a));
    let again = await reopen();
    expect(again.openReport).toMatchObject({ source: 'rebuilt', count: 40 });
    expect(again.openReport.reason).toMatch(/corrupt/);

    const flipped = Buffer.from(original);
    flipped[flipped.length - 100] ^= 0xff; // one flipped bit in the vectors
    writeFileSync(ix.file, flipped);
    again = await reopen();
    expect(again.openReport.reason).toMatch(/checksum/);

    // Valid framing and checksum around a payload faiss must never see.
    const { header, positions, payload } = readFaissFile(again.file);
    const evil = Buffer.from(payload);
    evil.writeInt32LE(1 << 30, 4); // absurd dimension
    writeFaissFile(again.file, { header, positions, payload: evil });
    again = await reopen();
    expect(again.openReport.reason).toMatch(/faiss payload/);
    writeFaissFile(again.file, { header, positions, payload: Buffer.from('hello') });
    again = await reopen();
    expect(again.openReport.reason).toMatch(/faiss payload/);
    expect(await again.count()).toBe(40);
  });

  it('repairs a stale file when the store changed behind its back', async () => {
    const { ix, doc } = await flushedIndex();
    await ix.close();
    const gen = readFaissFile(ix.file).header.generation;
    // Changes the index never heard of: a deleted document and a new one with vectors.
    const removed = store.deleteDocument(doc.documentId);
    const added = seedDocument('b.txt', 5);
    expect(store.vectorGeneration()).toBeGreaterThan(gen);
    const again = await reopen();
    expect(again.openReport.source).toBe('repaired');
    expect(again.openReport.reason).toMatch(/generation \d+, store \d+: \+5 −40/);
    expect(ix.file).toBe(again.file);
    expect(ix.positionMap()).toEqual([]);
    expect(again.positionMap().sort((a, b) => a - b)).toEqual(added.chunks.map((c) => c.chunkId));
    for (const id of removed) expect(again.has(id)).toBe(false);
    expect(readFaissFile(again.file).header).toMatchObject({ generation: store.vectorGeneration(), count: 5 });
  });

  it('a generation bump with the same chunks keeps the file, verified against the store', async () => {
    const { ix } = await flushedIndex();
    await ix.close();
    seedDocument('other-model.txt', 3, 'another-model@4', 4); // bumps the shared generation
    const again = await reopen();
    expect(again.openReport.source).toBe('file');
    expect(again.openReport.reason).toMatch(/generation/);
    // The 3 new chunks have no vector for this model: nothing to add.
    expect(await again.count()).toBe(40);
  });

  it('uses one file per model; switching models leaves the other file untouched', async () => {
    const { ix } = await flushedIndex();
    await ix.close();
    const bytes = readFileSync(ix.file);
    seedDocument('b.txt', 4, 'other@4', 4);
    const other = await FaissIndex.open({ dir, model: 'other@4', dim: 4, store });
    open.push(other);
    expect(other.file).not.toBe(ix.file);
    expect(faissFileFor(dir, 'other@4')).toBe(other.file);
    expect(other.openReport).toMatchObject({ source: 'rebuilt', reason: 'missing', count: 4 });
    await other.flush();
    expect(readFileSync(ix.file).equals(bytes)).toBe(true);
    expect(faissFileFor(dir, 'a/b:c')).not.toBe(faissFileFor(dir, 'a_b_c'));
  });

  it('flush reconciles with the store so the file never lies about its generation', async () => {
    const { ix } = await flushedIndex();
    const extra = seedDocument('late.txt', 3); // committed, but nobody told the index
    await ix.flush();
    expect(await ix.count()).toBe(43);
    for (const c of extra.chunks) expect(ix.has(c.chunkId)).toBe(true);
    expect(readFaissFile(ix.file).header).toMatchObject({ count: 43, generation: store.vectorGeneration() });
    expect(ix.reconcile()).toEqual({ added: 0, removed: 0 });
  });

  it('cleans up temp files a crash left behind', async () => {
    const { ix } = await flushedIndex();
    await ix.close();
    const tmp = `${ix.file}.tmp-12345-1`;
    writeFileSync(tmp, 'partial');
    await reopen();
    expect(() => readFileSync(tmp)).toThrow(/ENOENT/);
  });
});

describe('index type by size', () => {
  const FLAT_MAX = 1200;
  const DIM16 = 16;
  async function openSized(flatMax = FLAT_MAX): Promise<FaissIndex> {
    const ix = await FaissIndex.open({ dir, model: MODEL, dim: DIM16, store, flatMax });
    open.push(ix);
    return ix;
  }
  async function closeSized(ix: FaissIndex): Promise<void> {
    await ix.close();
    open.splice(open.indexOf(ix), 1);
  }
  async function recallAt10(ix: FaissIndex, items: { chunkId: number; vector: Float32Array }[]) {
    let hit = 0;
    for (let q = 0; q < 20; q++) {
      const query = pseudoVector(`query ${q}`, DIM16);
      const exact = new Set(bruteForce(query, items, 10).map((h) => h.chunkId));
      hit += (await ix.search(query, 10)).filter((h) => exact.has(h.chunkId)).length;
    }
    return hit / 200;
  }

  it('stays flat up to the threshold, becomes IVF above it, and keeps finding the nearest chunks', async () => {
    const a = seedDocument('a.txt', 1000, MODEL, DIM16);
    const ix = await openSized();
    expect(ix.indexType).toBe('Flat');
    const b = seedDocument('b.txt', 1000, MODEL, DIM16);
    await ix.add(b.chunks);
    expect(ix.indexType).toBe('IVF64,Flat');
    expect(await ix.count()).toBe(2000);
    const all = [...a.chunks, ...b.chunks];
    // nprobe 8 of 64 lists on uniform random vectors (the hardest case for IVF): well above chance.
    expect(await recallAt10(ix, all)).toBeGreaterThan(0.5);
    // A stored vector finds itself.
    const [self] = await ix.search(all[1234].vector, 1);
    expect(self.chunkId).toBe(all[1234].chunkId);
  });

  it('removes from IVF with tombstones that never come back, across a reopen', async () => {
    const kept = seedDocument('a.txt', 1300, MODEL, DIM16);
    const doomed = seedDocument('b.txt', 300, MODEL, DIM16);
    let ix = await openSized();
    expect(ix.indexType).toMatch(/^IVF/);
    store.deleteDocument(doomed.documentId);
    await ix.flush();
    expect(await ix.count()).toBe(1300);
    const searchedIds = async (v: Float32Array) => (await ix.search(v, 50)).map((h) => h.chunkId);
    for (const g of doomed.chunks.slice(0, 20)) expect(await searchedIds(g.vector)).not.toContain(g.chunkId);
    await closeSized(ix);
    // The file keeps the tombstones (300 of 1,600 positions: below the compaction threshold).
    expect(readFaissFile(faissFileFor(dir, MODEL)).positions.filter((id) => id === -1)).toHaveLength(300);
    ix = await openSized();
    expect(ix.openReport.source).toBe('file');
    expect(ix.indexType).toMatch(/^IVF/);
    expect(await ix.count()).toBe(1300);
    const ids = (list: { chunkId: number }[]) => list.map((c) => c.chunkId).sort((x, y) => x - y);
    expect(ix.positionMap().sort((x, y) => x - y)).toEqual(ids(kept.chunks));
    for (const g of doomed.chunks.slice(0, 20)) expect(await searchedIds(g.vector)).not.toContain(g.chunkId);
    const [self] = await ix.search(kept.chunks[7].vector, 1);
    expect(self.chunkId).toBe(kept.chunks[7].chunkId);
    // A deep search (IVF returns what its probed lists hold) returns live chunks only.
    const liveIds = new Set(ids(kept.chunks));
    const deep = await ix.search(kept.chunks[0].vector, 1300);
    expect(deep.length).toBeGreaterThan(50);
    for (const h of deep) expect(liveIds.has(h.chunkId)).toBe(true);
  });

  it('compacts tombstones and returns to flat when the library shrinks below half the threshold', async () => {
    const a = seedDocument('a.txt', 1300, MODEL, DIM16);
    const b = seedDocument('b.txt', 200, MODEL, DIM16);
    const ix = await openSized();
    expect(ix.indexType).toMatch(/^IVF/);
    store.deleteDocument(a.documentId);
    await ix.remove(a.chunks.map((c) => c.chunkId));
    expect(ix.indexType).toBe('Flat');
    expect(await ix.count()).toBe(200);
    expect(ix.positionMap()).toEqual(b.chunks.map((c) => c.chunkId));
  });

  it('turns a flat file that outgrew the threshold into IVF at open, once', async () => {
    seedDocument('a.txt', 1500, MODEL, DIM16);
    const flat = await openSized(FLAT_MAX_VECTORS); // the default threshold: flat
    expect(flat.indexType).toBe('Flat');
    await closeSized(flat);
    const ivf = await openSized();
    expect(ivf.indexType).toMatch(/^IVF/);
    expect(ivf.openReport).toMatchObject({ source: 'rebuilt', count: 1500 });
    expect(ivf.openReport.reason).toMatch(/index type Flat → IVF/);
    await closeSized(ivf);
    const again = await openSized();
    expect(again.openReport.source).toBe('file');
    expect(again.indexType).toMatch(/^IVF/);
  });
});

describe('writing the index file', () => {
  it('does not leak a copy of the index per write (faiss-node toBuffer never freed its buffer)', async () => {
    const ix = await openIndex('leak-check@100', 100);
    await ix.add(
      Array.from({ length: 20_000 }, (_, i) => ({
        chunkId: i + 1,
        vector: pseudoVector(`v${i}`, 100),
      })),
    );
    const write = () => (ix as unknown as { writeFile(): void }).writeFile();
    write();
    const rssMb = () => process.memoryUsage().rss / 2 ** 20;
    const before = rssMb();
    for (let i = 0; i < 30; i++) write();
    // 30 writes of a 7.6 MB index: ~230 MB more before the fix, a few MB of allocator noise after.
    expect(rssMb() - before).toBeLessThan(100);
  });
});
