import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OfflineEmbedder } from '../embed/offline';
import { beirParsedDocument, indexBeirCorpus, loadBeir, parseQrels, runBeirQueries } from './beir';
import { writeTinyBeir } from './test-support/tiny-beir';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lucarne-beir-test-'));
  writeTinyBeir(dir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('loadBeir', () => {
  it('reads corpus, the judged queries of the split and graded qrels', async () => {
    const ds = await loadBeir(dir, 'test');
    expect(ds.corpus).toHaveLength(6);
    expect(ds.queries.map((q) => q.id)).toEqual(['q1', 'q2', 'q3']);
    expect(ds.qrels.get('q3')).toEqual(
      new Map([
        ['d4', 2],
        ['d3', 1],
      ]),
    );
  });

  it('says which file is missing', async () => {
    await expect(loadBeir(dir, 'dev')).rejects.toThrow(/qrels\/dev\.tsv is missing/);
    await expect(loadBeir(join(dir, 'nope'), 'test')).rejects.toThrow(/corpus\.jsonl is missing/);
  });

  it('parses qrels with or without a header and rejects a bad score', () => {
    expect(parseQrels('q\td\t1\n').get('q')?.get('d')).toBe(1);
    expect(parseQrels('query-id\tcorpus-id\tscore\r\nq\td\t2\r\n').get('q')?.get('d')).toBe(2);
    expect(() => parseQrels('h\th\th\nq\td\tx\n')).toThrow(/not a number/);
  });

  it('turns a document into a heading (its title) over its text', () => {
    const p = beirParsedDocument({ id: 'x', title: 'Title', text: 'Body text.' });
    expect(p.text).toBe('Title\n\nBody text.');
    expect(p.blocks).toEqual([
      { kind: 'heading', level: 1, start: 0, end: 5 },
      { kind: 'paragraph', start: 7, end: 17 },
    ]);
  });
});

describe('indexBeirCorpus + runBeirQueries', () => {
  it('indexes through the real store and measures every mode', async () => {
    const ds = await loadBeir(dir, 'test');
    const progress: number[] = [];
    const index = await indexBeirCorpus(ds, { embedder: new OfflineEmbedder(), onProgress: (d) => progress.push(d) });
    try {
      expect(index.chunks).toBe(6);
      expect(progress.at(-1)).toBe(6);
      expect(index.store.getChunks([1])[0].headingPath).toEqual(['Photosynthesis in plants']);
      for (const mode of ['bm25', 'hybrid'] as const) {
        const r = await runBeirQueries(index, ds, { mode });
        expect(r.queries).toBe(3);
        // Every query has its answer at rank 1 and q3's two judged documents at ranks 1-2 in the right order.
        expect(r.mrr10).toBe(1);
        expect(r.recall10).toBe(1);
        expect(r.ndcg10).toBeCloseTo(1, 10);
      }
      const v = await runBeirQueries(index, ds, { mode: 'vector', limit: 2 });
      expect(v.queries).toBe(2);
      expect(v.recall100).toBe(1); // 6 documents: all of them are within the top 100
    } finally {
      await index.close();
    }
  });
});
