import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateSciFact } from './test-support/scifact';
import { FALLBACK_NORM, loadWordVectors, OfflineEmbedder, OFFLINE_EMBEDDER_ID } from './offline';
import { wordTokens, textRows } from './word-tokens';

function cos(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}
function norm(v: Float32Array): number {
  return Math.sqrt(cos(v, v));
}

describe('OfflineEmbedder', () => {
  const embedder = new OfflineEmbedder();

  it('loads the GloVe table (load time printed, not asserted)', () => {
    const started = performance.now();
    embedder.load();
    const ms = performance.now() - started;
    const vectors = loadWordVectors();
    console.log(
      `[offline embedder] table ${vectors.count} words × ${vectors.dim}: read+index ${vectors.loadMs.toFixed(0)} ms; ` +
        `load incl. common component ${ms.toFixed(0)} ms`,
    );
    expect(embedder.id).toBe(OFFLINE_EMBEDDER_ID);
    expect(embedder.dim).toBe(100);
    expect(embedder.local).toBe(true);
    expect(loadWordVectors()).toBe(vectors);
  });

  it('is deterministic across calls and instances, and returns unit vectors', async () => {
    const texts = ['The cat sat on the mat.', 'Quarterly revenue rose by four percent.'];
    const a = await embedder.embedDocuments(texts);
    const b = await new OfflineEmbedder().embedDocuments(texts);
    const q = await embedder.embedQuery(texts[0]);
    expect(Array.from(a[0])).toEqual(Array.from(b[0]));
    expect(Array.from(a[1])).toEqual(Array.from(b[1]));
    expect(Array.from(q)).toEqual(Array.from(a[0]));
    for (const v of a) {
      expect(v).toHaveLength(100);
      expect(norm(v)).toBeCloseTo(1, 5);
    }
  });

  it('puts similar sentences closer than unrelated ones', async () => {
    const [cat, kitten, revenue] = await embedder.embedDocuments([
      'the cat sat on the mat',
      'a kitten rested on the rug',
      'quarterly revenue rose',
    ]);
    console.log(
      `[offline embedder] cos(cat, kitten)=${cos(cat, kitten).toFixed(3)} cos(cat, revenue)=${cos(cat, revenue).toFixed(3)} cos(kitten, revenue)=${cos(kitten, revenue).toFixed(3)}`,
    );
    expect(cos(cat, kitten)).toBeGreaterThan(cos(cat, revenue) + 0.1);
    expect(cos(cat, kitten)).toBeGreaterThan(cos(kitten, revenue) + 0.1);
  });

  it('handles French by its cognates, accent-folded words and down-weighted function words', async () => {
    // GloVe 6B is English and this table has no accented words: French text is embedded from the words it
    // shares with English (restaurant, café → cafe, croissants, entreprise...). Its function words (de, les,
    // sont...) are down-weighted, else every French sentence would look alike.
    const [cafe, cafeBis, finance, revenueEn] = await embedder.embedDocuments([
      'Nous avons pris un café au restaurant près de la gare.',
      'Le restaurant sert un excellent café et des croissants le matin.',
      'Les résultats financiers du trimestre sont en hausse.',
      'The company reported higher quarterly revenue.',
    ]);
    expect(Array.from(await embedder.embedQuery('café'))).toEqual(Array.from(await embedder.embedQuery('cafe')));
    for (const v of [cafe, cafeBis, finance]) expect(norm(v)).toBeCloseTo(1, 5);
    console.log(
      `[offline embedder] French: cos(café, café bis)=${cos(cafe, cafeBis).toFixed(3)} cos(café, finance)=${cos(cafe, finance).toFixed(3)} ` +
        `cos(finance fr, revenue en)=${cos(finance, revenueEn).toFixed(3)}`,
    );
    expect(cos(cafe, cafeBis)).toBeGreaterThan(cos(cafe, finance) + 0.2);
    expect(cos(cafe, cafeBis)).toBeGreaterThan(cos(cafeBis, finance) + 0.2);
  });

  it('gives text without a single known word a small deterministic hashed vector', async () => {
    const [a, a2, b, empty] = await embedder.embedDocuments(['12345 67890', '12345 67890', '৪৫৬ ৭৮৯', '']);
    expect(norm(a)).toBeCloseTo(FALLBACK_NORM, 5);
    expect(Array.from(a)).toEqual(Array.from(a2));
    expect(Array.from(a)).not.toEqual(Array.from(b));
    expect(norm(empty)).toBeCloseTo(FALLBACK_NORM, 5);
    expect(a.every(Number.isFinite)).toBe(true);
  });

  it('splits words the GloVe way', () => {
    const vectors = loadWordVectors();
    const rank = (w: string) => vectors.rankOf(w);
    const words = (t: string) => textRows(t, rank).map((r) => vectors.words[r]);
    expect(wordTokens("Don't stop—l'homme, state-of-the-art COVID-19!")).toEqual([
      "don't",
      'stop',
      "l'homme",
      'state-of-the-art',
      'covid-19',
    ]);
    expect(words("don't")).toEqual(['do', 'not']);
    expect(words("can't")).toEqual(['ca', 'not']);
    expect(words("John's dog")).toEqual(['john', 'dog']);
    expect(words("l'homme d'affaires")).toEqual(['homme', 'affaires']);
    expect(words('state-of-the-art well-known')).toEqual(['state-of-the-art', 'well-known']);
    expect(words('tnf-alpha')).toContain('alpha');
    expect(words('Économie Été')).toEqual(words('economie ete'));
  });

  it('honours an abort signal between slices', async () => {
    const ac = new AbortController();
    ac.abort();
    await expect(embedder.embedDocuments(['x'], { signal: ac.signal })).rejects.toThrow();
  });

  it('embeds a large batch with progress (throughput printed)', async () => {
    const base = 'The committee reviewed the annual budget and approved new funding for public libraries';
    const texts = Array.from({ length: 2000 }, (_, i) => `${base} in district ${i} of the northern region.`);
    const progress: number[] = [];
    const started = performance.now();
    const vectors = await embedder.embedDocuments(texts, { onProgress: (done) => progress.push(done) });
    const ms = performance.now() - started;
    console.log(
      `[offline embedder] ${texts.length} sentences of ~20 words in ${ms.toFixed(0)} ms = ${((texts.length / ms) * 1000).toFixed(0)}/s`,
    );
    expect(vectors).toHaveLength(2000);
    expect(progress.at(-1)).toBe(2000);
    expect(progress.length).toBeGreaterThan(1);
  });

  it('explains how to build the table when it is missing', () => {
    const dir = join(tmpdir(), `lucarne-no-vectors-${process.pid}`);
    mkdirSync(dir, { recursive: true });
    expect(() => new OfflineEmbedder({ resourcesDir: dir }).load()).toThrow(/npm run setup:vectors/);
    writeFileSync(join(dir, 'junk.bin'), 'not a table');
    expect(() => loadWordVectors({ path: join(dir, 'junk.bin') })).toThrow(/not a Lucarne vector table/);
  });

  it.skipIf(!process.env.LUCARNE_SLOW)(
    'reaches the GloVe-SIF level on SciFact train (vector-only nDCG@10)',
    async () => {
      const r = await evaluateSciFact(embedder);
      console.log(`[offline embedder] SciFact train nDCG@10 = ${r.ndcg10.toFixed(4)} over ${r.queries} queries`);
      expect(r.ndcg10).toBeGreaterThan(0.3);
    },
  );
});
