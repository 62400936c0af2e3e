import { basename } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OfflineEmbedder } from '../embed/offline';
import { hybridSearch } from './hybrid';
import { createTestLibrary, type TestLibrary } from './test-support/test-library';

// Real text through the real store (SQLite FTS5), the real FAISS index and the offline GloVe embedder.
const DOCS = [
  {
    path: 'cv.md',
    kind: 'markdown' as const,
    text: 'Mon résumé professionnel : dix ans de cuisine dans des restaurants lyonnais.',
  },
  {
    path: 'garage.txt',
    text: 'The automobile needs new tyres and an oil change before the winter trip to the mountains.',
  },
  {
    path: 'bakery.txt',
    text: 'Quarterly invoice totals for the bakery were higher than expected because of flour prices.',
  },
  {
    path: 'incident.txt',
    text: 'The backup job fails with ERR-4821 when the disk is full; free some space and retry.',
  },
  { path: 'incident-old.txt', text: 'ERR-4822 is an unrelated warning about a slow network share.' },
  {
    path: 'release.md',
    kind: 'markdown' as const,
    text: 'Release v2.3.1 fixes the login bug reported by several users.',
  },
  { path: 'release-old.md', kind: 'markdown' as const, text: 'Release v2.4.0 adds dark mode to the settings page.' },
  { path: 'garden.txt', folder: 'home', text: 'Tomatoes need sun, water every morning and stakes to climb.' },
  {
    path: 'report.pdf',
    kind: 'pdf' as const,
    folder: 'home',
    text: [
      `Annual report. ${'The board met four times and approved the budget. '.repeat(30)}`,
      'Page two talks about the garden: the tomatoes gave a good harvest this year.',
    ],
  },
];

let lib: TestLibrary;
const names = (hits: { chunk: { path: string } }[]) => hits.map((h) => basename(h.chunk.path));

beforeAll(async () => {
  lib = await createTestLibrary(new OfflineEmbedder(), DOCS);
});
afterAll(async () => {
  await lib?.close();
});

describe('hybridSearch', () => {
  it("finds 'résumé' for 'resume' (accents folded by the keyword index)", async () => {
    for (const mode of ['bm25', 'hybrid'] as const) {
      const hits = await hybridSearch(lib, { query: 'resume', k: 3, mode });
      expect(names(hits)[0]).toBe('cv.md');
    }
  });

  it('finds a document through word vectors when it shares no word with the query (hybrid)', async () => {
    const query = 'car';
    expect(await hybridSearch(lib, { query, k: 5, mode: 'bm25' })).toEqual([]);
    const hits = await hybridSearch(lib, { query, k: 3, mode: 'hybrid' });
    expect(names(hits)[0]).toBe('garage.txt');
    expect(hits[0].score.bm25).toBeNull();
    expect(hits[0].score.vectorRank).toBe(1);
  });

  it('ranks exact identifiers first through BM25, in hybrid mode too', async () => {
    for (const mode of ['bm25', 'hybrid'] as const) {
      expect(names(await hybridSearch(lib, { query: 'ERR-4821', k: 3, mode }))[0]).toBe('incident.txt');
      expect(names(await hybridSearch(lib, { query: 'v2.3.1', k: 3, mode }))[0]).toBe('release.md');
    }
  });

  it('reports the full score breakdown', async () => {
    const [hit] = await hybridSearch(lib, { query: 'bakery invoice totals', k: 1, mode: 'hybrid' });
    expect(basename(hit.chunk.path)).toBe('bakery.txt');
    expect(hit.score.bm25).toBeGreaterThan(0);
    expect(hit.score.bm25Rank).toBe(1);
    expect(hit.score.vector).toBeGreaterThan(0);
    expect(hit.score.vectorRank).not.toBeNull();
    expect(hit.score.fused).toBeGreaterThan(0);
    expect(hit.snippet).toContain('«');
  });

  it('keeps pages of paged documents', async () => {
    const hits = await hybridSearch(lib, { query: 'tomatoes harvest', k: 3, mode: 'hybrid' });
    const report = hits.find((h) => basename(h.chunk.path) === 'report.pdf');
    expect(report?.chunk.text).toContain('tomatoes');
    expect(report?.chunk.pageStart).not.toBeNull();
    expect(report?.chunk.pageEnd).toBe(2);
  });

  it('applies folder, kind and path filters to both lists', async () => {
    const home = lib.folders.get('home')!;
    for (const mode of ['bm25', 'vector', 'hybrid'] as const) {
      const inHome = await hybridSearch(lib, { query: 'tomatoes garden', k: 10, mode, filters: { folderIds: [home] } });
      expect(inHome.length).toBeGreaterThan(0);
      expect(inHome.every((h) => ['garden.txt', 'report.pdf'].includes(basename(h.chunk.path)))).toBe(true);

      const pdfs = await hybridSearch(lib, { query: 'tomatoes garden', k: 10, mode, filters: { kinds: ['pdf'] } });
      expect(pdfs.length).toBeGreaterThan(0);
      expect(names(pdfs).every((n) => n === 'report.pdf')).toBe(true);

      const md = await hybridSearch(lib, { query: 'release login resume', k: 10, mode, filters: { pathGlob: '*.md' } });
      expect(md.length).toBeGreaterThan(0);
      expect(md.every((h) => h.chunk.path.endsWith('.md'))).toBe(true);
    }
  });

  it('returns nothing for an empty query or a query of symbols only', async () => {
    expect(await hybridSearch(lib, { query: '   ', k: 5, mode: 'hybrid' })).toEqual([]);
    expect(await hybridSearch(lib, { query: '++ "', k: 5, mode: 'bm25' })).toEqual([]);
  });

  it('refuses a query embedder that does not match the index model', async () => {
    const other = new OfflineEmbedder({ sifA: 0.01 });
    await expect(hybridSearch({ ...lib, embedder: other }, { query: 'car', k: 3, mode: 'hybrid' })).rejects.toThrow(
      /vector index was built/,
    );
  });
});

describe('MMR', () => {
  let dup: TestLibrary;
  beforeAll(async () => {
    const same = 'Solar panel installation cost depends on the size of the roof and the local installer.';
    dup = await createTestLibrary(new OfflineEmbedder(), [
      { path: 'a.txt', text: same },
      { path: 'b.txt', text: same },
      { path: 'c.txt', text: 'The installation cost of solar panels also varies from one region to another.' },
      { path: 'd.txt', text: 'Bread recipes need flour, water, salt and time.' },
      // Weaker matches, so the candidate pool looks like a real one (scores are normalised over it).
      { path: 'e.txt', text: 'The cost of living rose again this year.' },
      { path: 'f.txt', text: 'Solar eclipses are rare events.' },
      { path: 'g.txt', text: 'The panel discussion lasted an hour.' },
      { path: 'h.txt', text: 'Installation of the new software took a while.' },
    ]);
  });
  afterAll(async () => {
    await dup?.close();
  });

  it('moves an exact duplicate below a different relevant passage (default MMR)', async () => {
    const query = 'solar panel installation cost';
    const plain = names(await hybridSearch(dup, { query, k: 2, mode: 'hybrid', mmrLambda: 1 }));
    expect(plain.sort()).toEqual(['a.txt', 'b.txt']);
    const diverse = names(await hybridSearch(dup, { query, k: 2, mode: 'hybrid' }));
    expect(diverse).toContain('c.txt');
    expect(diverse.filter((n) => n === 'a.txt' || n === 'b.txt')).toHaveLength(1);
    // Raw cosine (floor 0): the relevant passage on the same topic is penalised like a copy, and a
    // loosely related one takes second place.
    const classic = names(await hybridSearch(dup, { query, k: 2, mode: 'hybrid', mmrLambda: 0.3, mmrFloor: 0 }));
    expect(classic).not.toContain('c.txt');
  });
});
