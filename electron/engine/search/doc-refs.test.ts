// Document references on a small real library: three SEC 10-Q filings (shared/fixtures/sec10q), parsed by the
// real PDF parser, indexed in the real store, FAISS index and offline embedder. The passages that answer
// "Apple's net sales in Q3 2023" never say "Apple" or "Q3 2023": only the file name ("2023 Q3 AAPL.pdf")
// and the cover page ("Apple Inc." … "For the quarterly period ended July 1, 2023") do.
import { basename } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedFixture } from '../../../test-support/fixture-paths';
import { OfflineEmbedder } from '../embed/offline';
import { closeParsers, parseFile } from '../parse/index';
import { documentRefs } from './doc-refs';
import { hybridSearch } from './hybrid';
import { createTestLibrary, type TestLibrary } from './test-support/test-library';

const FILES = ['2023 Q3 AAPL.pdf', '2023 Q2 AAPL.pdf', '2023 Q3 NVDA.pdf'];

let lib: TestLibrary;
const docsOf = async (query: string, weights = {}) =>
  (await hybridSearch(lib, { query, k: 5, mode: 'hybrid', weights })).map((h) => basename(h.chunk.path));

beforeAll(async () => {
  const docs = [];
  for (const f of FILES) docs.push({ path: f, text: '', parsed: await parseFile(sharedFixture('sec10q', 'docs', f)) });
  lib = await createTestLibrary(new OfflineEmbedder(), docs);
}, 180_000);
afterAll(async () => {
  await lib?.close();
  await closeParsers();
});

describe('document references in questions', () => {
  it('steer a question that names a company and a quarter to that filing, and only thanks to its name and card', async () => {
    const q = "What was Apple's total net sales in Q3 2023?";
    expect(await docsOf(q)).toEqual(Array(5).fill('2023 Q3 AAPL.pdf'));
    // Without the document prior, the other quarter's filing of the same company comes first.
    expect((await docsOf(q, { document: 0 }))[0]).toBe('2023 Q2 AAPL.pdf');
  });

  it('read the period in French and in words', async () => {
    expect((await docsOf("Quel était le chiffre d'affaires total d'Apple au troisième trimestre 2023 ?"))[0]).toBe(
      '2023 Q3 AAPL.pdf',
    );
    expect(
      (await docsOf('How much did Apple spend on research and development in the third quarter of 2023?'))[0],
    ).toBe('2023 Q3 AAPL.pdf');
    expect((await docsOf("What was Apple's effective tax rate in Q2 2023?"))[0]).toBe('2023 Q2 AAPL.pdf');
  });

  it('name the company from the cover page: no ticker table', () => {
    const id = (f: string) => lib.docs.get(`docs/${f}`)!;
    // "NVIDIA" is on NVIDIA's cover, not in its file name; "AAPL" is in Apple's file name and cover.
    expect(documentRefs(lib.store, 'NVIDIA data center revenue in Q3 2023', undefined)?.top[0]).toBe(
      id('2023 Q3 NVDA.pdf'),
    );
    const apple = documentRefs(lib.store, 'AAPL Q2 2023', undefined)!;
    expect(apple.top[0]).toBe(id('2023 Q2 AAPL.pdf'));
    expect(apple.periods).toEqual(['q2y2023', 'yr2023']);
  });

  it('leave a question that names no document as it was', async () => {
    const q = 'What are the risks related to supply chain disruptions?';
    const refs = documentRefs(lib.store, q, undefined)!;
    expect(refs.prior.size).toBe(0);
    expect(await docsOf(q)).toEqual(await docsOf(q, { document: 0 }));
  });
});
