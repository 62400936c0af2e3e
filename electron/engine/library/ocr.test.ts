// Scanned documents in a watched folder become searchable and citable by page, offline: the real library
// (parse worker with Tesseract, chunker, offline embedder, SQLite, FAISS) on the OCR fixtures. Also: the
// progress of OCR pages, and what turning OCR on, off or to other languages does to indexed scans.
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IndexProgress } from '../../../shared/types';
import { repoFixture } from '../../../test-support/fixture-paths';
import { closeParsers } from '../parse/index';
import { saveSettings } from '../settings';
import type { FaissIndex } from '../store/faiss';
import { consistencyProblems, tempDir } from './test-support/helpers';
import { type OpenLibrary, openLibrary } from './open-library';

const OCR_FIXTURES = repoFixture('ocr');
const FILES = ['scan-fr.pdf', 'invoice.png', 'fax-2-pages.tiff'];

describe('a folder of scans, with OCR', () => {
  let data: ReturnType<typeof tempDir>;
  let docs: ReturnType<typeof tempDir>;
  let lib: OpenLibrary;
  const steps: NonNullable<IndexProgress['fileStep']>[] = [];

  const docOf = (name: string) => lib.store.getDocumentByPath(join(docs.path, name))!;
  const open = () =>
    openLibrary(data.path, {
      library: {
        watch: false,
        onProgress: (p) => {
          if (p.fileStep) steps.push(p.fileStep);
        },
      },
    });

  beforeAll(async () => {
    data = tempDir('lucarne-ocr-data-');
    docs = tempDir('lucarne-ocr-docs-');
    for (const f of FILES) copyFileSync(join(OCR_FIXTURES, f), join(docs.path, f));
    lib = await open();
    // Start as a library made before OCR existed (or with OCR off): scans are left unread.
    // Small chunks, so that a chunk holds one page of these short scans and a citation names that page.
    saveSettings(lib.store, {
      chunkTokens: 60,
      chunkOverlap: 0,
      ocr: { enabled: false, languages: ['fra', 'eng'], concurrency: 1 },
    });
    await lib.library.addFolder(docs.path);
    await lib.library.start({ watch: false });
    await lib.library.whenIdle();
  }, 300_000);

  afterAll(async () => {
    await lib?.close();
    await closeParsers();
    data?.cleanup();
    docs?.cleanup();
  });

  it('leaves scans unread with a message that points to the OCR setting while OCR is off', () => {
    for (const name of FILES) {
      const doc = docOf(name);
      expect([name, doc.status]).toEqual([name, 'no-text-layer']);
      expect(doc.message).toMatch(/OCR\) is turned off\. Turn it on in Settings/);
    }
  });

  it('reads them once OCR is on (at the next start, as after an upgrade), page by page, with progress', async () => {
    saveSettings(lib.store, { ocr: { enabled: true, languages: ['fra', 'eng'], concurrency: 1 } });
    await lib.close();
    lib = await open();
    await lib.library.start({ watch: false });
    await lib.library.whenIdle();
    for (const name of FILES) {
      const doc = docOf(name);
      expect([name, doc.status, doc.message]).toEqual([name, 'indexed', null]);
      expect(doc.flags).toContain('ocr-pages');
    }
    expect(docOf('fax-2-pages.tiff').pages).toBe(2);
    expect(steps.some((s) => s.stage === 'ocr' && s.total === 2)).toBe(true);
    expect(await consistencyProblems(lib.store, lib.vectors as FaissIndex, lib.embedder.id)).toEqual([]);
  }, 300_000);

  it('finds a sentence of a scanned page and cites that page', () => {
    const hits = lib.store.keywordSearch('bibliothèque fermée congés février', 3);
    expect(hits.length).toBeGreaterThan(0);
    const [top] = lib.store.getChunks([hits[0].chunkId]);
    expect(top.path).toBe(join(docs.path, 'scan-fr.pdf'));
    expect(top.text).toMatch(/La bibliothèque sera fermée pendant les congés de février/);
    // The chunk's page span ends on page 2, and the sentence's offsets fall inside page 2 of the document.
    expect(top.pageEnd).toBe(2);
    const text = lib.store.getDocumentText(top.documentId)!;
    const at = text.text.indexOf('La bibliothèque sera fermée');
    const page2 = text.pages.find((p) => p.number === 2)!;
    expect(at).toBeGreaterThanOrEqual(page2.start);
    expect(at).toBeLessThan(page2.end);
    const faxHits = lib.store.keywordSearch('customs reference shipment', 3);
    const [fax] = lib.store.getChunks([faxHits[0].chunkId]);
    expect([fax.path, fax.pageStart]).toEqual([join(docs.path, 'fax-2-pages.tiff'), 2]);
  });

  it("keeps each page's OCR confidence and models with the document text", () => {
    const text = lib.store.getDocumentText(docOf('scan-fr.pdf').id)!;
    expect(text.pages).toHaveLength(2);
    for (const page of text.pages) {
      expect(page.ocr?.confidence).toBeGreaterThan(80);
      expect(page.ocr?.languages).toEqual(['fra', 'eng']);
    }
  });

  it('reads the scans again when the languages change, and keeps their text when OCR is turned off', async () => {
    saveSettings(lib.store, { ocr: { enabled: false, languages: ['fra', 'eng'], concurrency: 1 } });
    expect(lib.library.applyOcrSettings()).toBe(0);
    saveSettings(lib.store, { ocr: { enabled: true, languages: ['eng'], concurrency: 1 } });
    expect(lib.library.applyOcrSettings()).toBe(FILES.length);
    expect(lib.library.applyOcrSettings()).toBe(0); // applied once
    await lib.library.whenIdle();
    const pages = lib.store.getDocumentText(docOf('scan-fr.pdf').id)!.pages;
    expect(pages.map((p) => p.ocr?.languages)).toEqual([['eng'], ['eng']]);
    expect(docOf('invoice.png').status).toBe('indexed');
  }, 300_000);
});
