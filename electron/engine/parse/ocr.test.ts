// OCR of scanned PDFs and images, offline, with the shipped French and English models: real fixtures
// (the shared scanned PDFs and the generated ones in test-support/fixtures/ocr), real pdf.js rendering, real
// Tesseract. Words asserted here can be read in the images.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createCanvas } from '@napi-rs/canvas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoFixture } from '../../../test-support/fixture-paths';
import { closeOcr } from '../ocr/ocr-engine';
import { ocrParagraphs } from './recognise-pages';
import { type ParsedDocument, ParseError } from '../types';
import { closeParsers, parseFile, parseInProcess } from './index';
import type { OcrOptions } from './options';
import { expectWellFormed, fixture } from './test-support/helpers';

const OCR_FIXTURES = repoFixture('ocr');
const ocrFixture = (name: string) => path.join(OCR_FIXTURES, name);
const BOTH: OcrOptions = { languages: ['fra', 'eng'], concurrency: 1 };

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'lucarne-ocr-'));
});
afterAll(async () => {
  await closeParsers();
  await closeOcr();
  await rm(dir, { recursive: true, force: true });
});

async function read(file: string, ocr: OcrOptions | null = BOTH): Promise<ParsedDocument> {
  const doc = await parseInProcess(file, { ocr });
  expectWellFormed(doc);
  return doc;
}

function pageText(doc: ParsedDocument, number: number): string {
  const page = doc.pages.find((p) => p.number === number);
  return page ? doc.text.slice(page.start, page.end) : '';
}

describe('scanned PDFs', () => {
  it('reads the flattened lorem ipsum page, marked as OCR with its confidence', async () => {
    const doc = await read(fixture('unstr__loremipsum-flat.pdf'));
    expect(doc.verdict).toBe('ok');
    expect(doc.text).toMatch(/Lorem ipsum dolor sit amet, consectetur adipiscing elit/);
    expect(doc.flags).toContain('ocr-pages');
    expect(doc.ocr).toEqual({ attempted: 1, recognised: 1 });
    expect(doc.pages[0].ocr?.confidence).toBeGreaterThan(80);
    expect(doc.pages[0].ocr?.languages).toEqual(['fra', 'eng']);
    expect(doc.pages[0].flags ?? []).not.toContain('no-text-layer');
  }, 120_000);

  it('keeps each page of the 3-page scanned medical report on its own page', async () => {
    const doc = await read(fixture('markitdown__MEDRPT-2024-PAT-3847_medical_report_scan.pdf'));
    expect(doc.pageCount).toBe(3);
    expect(pageText(doc, 1)).toMatch(/COMPREHENSIVE MEDICAL REPORT/);
    expect(pageText(doc, 1)).toMatch(/Jonathan Michael Harrison/);
    expect(pageText(doc, 2)).toMatch(/PHYSICAL EXAMINATION/);
    expect(pageText(doc, 3)).toMatch(/TREATMENT PLAN/);
    expect(pageText(doc, 3)).toMatch(/Sumatriptan 50\s?mg/);
    expect(doc.pages.every((p) => (p.ocr?.confidence ?? 0) > 70)).toBe(true);
  }, 120_000);

  it('reads a French scan with the French model: the accents the English model gets wrong', async () => {
    const accented = [/bibliothèque/, /fête/, /près de/, /à l’unanimité/, /à 18 h 30/, /après les/];
    const french = await read(ocrFixture('scan-fr.pdf'), { languages: ['fra'], concurrency: 1 });
    expect(pageText(french, 1)).toMatch(/Compte rendu du conseil municipal/);
    expect(pageText(french, 1)).toMatch(/rénovation de l’école élémentaire/);
    expect(pageText(french, 2)).toMatch(/Questions diverses/);
    for (const word of accented) expect(french.text).toMatch(word);
    const english = await read(ocrFixture('scan-fr.pdf'), { languages: ['eng'], concurrency: 1 });
    const missed = accented.filter((word) => !word.test(english.text));
    expect(missed.length).toBeGreaterThanOrEqual(3);
  }, 180_000);

  it('OCRs only the scanned page of a PDF whose other page has a text layer', async () => {
    const doc = await read(ocrFixture('mixed-text-and-scan.pdf'));
    expect(doc.ocr).toEqual({ attempted: 1, recognised: 1 });
    expect(doc.pages[0].ocr).toBeUndefined();
    expect(pageText(doc, 1)).toMatch(/Page one has a real text layer/);
    expect(pageText(doc, 2)).toMatch(/The reading room closes early on Friday/);
    expect(doc.pages[1].ocr?.confidence).toBeGreaterThan(80);
  }, 120_000);

  it('leaves scans unread and says so when OCR is off', async () => {
    const doc = await read(fixture('unstr__loremipsum-flat.pdf'), null);
    expect(doc.verdict).toBe('no-text-layer');
    expect(doc.ocr).toBeUndefined();
    expect(doc.text).toBe('');
  });

  it('keeps a page flagged when OCR finds nothing trustworthy (Arabic calligraphy, models for French and English)', async () => {
    const doc = await read(fixture('pdfjs__ThuluthFeatures.pdf'));
    expect(doc.verdict).toBe('garbage-text');
    expect(doc.ocr).toEqual({ attempted: 1, recognised: 0 });
    expect(doc.pages[0].flags).toContain('garbage');
  }, 120_000);
});

describe('images', () => {
  it('reads PNG and JPEG as one page each', async () => {
    const png = await read(ocrFixture('invoice.png'));
    expect(png.kind).toBe('image');
    expect(png.pageCount).toBe(1);
    expect(png.text).toMatch(/Invoice number 4471, issued to Marguerite Dubois/);
    expect(png.text).toMatch(/128 dollars and 40 cents/);
    const jpeg = await read(ocrFixture('notice.jpg'));
    expect(jpeg.text).toMatch(/heating engineers replace the boiler/);
    expect(jpeg.pages[0].ocr?.confidence).toBeGreaterThan(80);
  }, 120_000);

  it('reads a two-page Group 4 TIFF as two pages', async () => {
    const doc = await read(ocrFixture('fax-2-pages.tiff'));
    expect(doc.pageCount).toBe(2);
    expect(pageText(doc, 1)).toMatch(/seventeen pallets of recycled cardboard/);
    expect(pageText(doc, 2)).toMatch(/QX-5521/);
  }, 120_000);

  it('says an image is unread when OCR is off, and empty when it holds no text', async () => {
    const off = await read(ocrFixture('invoice.png'), null);
    expect(off.verdict).toBe('no-text-layer');
    const canvas = createCanvas(400, 300);
    const ctx = canvas.getContext('2d');
    const gradient = ctx.createLinearGradient(0, 0, 400, 300);
    gradient.addColorStop(0, '#3a6ea5');
    gradient.addColorStop(1, '#f5d76e');
    ctx.fillStyle = gradient;
    ctx.fillRect(0, 0, 400, 300);
    const file = path.join(dir, 'sky.png');
    await writeFile(file, canvas.toBuffer('image/png'));
    const photo = await read(file);
    expect(photo.verdict).toBe('empty');
    expect(photo.ocr).toEqual({ attempted: 1, recognised: 0 });
  }, 60_000);

  it('refuses files that are not images, and truncated images, with a clear message', async () => {
    const fake = path.join(dir, 'fake.png');
    await writeFile(fake, 'this is not a picture at all');
    await expect(parseInProcess(fake, { ocr: BOTH })).rejects.toMatchObject({
      code: 'corrupt',
      message: expect.stringMatching(/not a PNG, JPEG or TIFF/),
    });
    const truncated = path.join(dir, 'cut.png');
    const { readFile } = await import('node:fs/promises');
    await writeFile(truncated, (await readFile(ocrFixture('invoice.png'))).subarray(0, 200));
    const err = await parseInProcess(truncated, { ocr: BOTH }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ParseError);
    expect((err as ParseError).code).toBe('corrupt');
    const tiff = path.join(dir, 'cut.tiff');
    await writeFile(tiff, (await readFile(ocrFixture('fax-2-pages.tiff'))).subarray(0, 60));
    const tiffErr = await parseInProcess(tiff, { ocr: BOTH }).catch((e: unknown) => e);
    expect(tiffErr).toBeInstanceOf(ParseError);
  }, 60_000);
});

describe('pages fed the wrong way', () => {
  it('turns a sideways image and an upside-down scanned page before reading them', async () => {
    const sideways = await read(ocrFixture('sideways.png'));
    expect(sideways.text).toMatch(/Three crates of Bordeaux glasses left the Lyon depot/);
    expect(sideways.pages[0].ocr?.confidence).toBeGreaterThan(80);
    const upsideDown = await read(ocrFixture('upside-down.pdf'));
    expect(upsideDown.text).toMatch(/La bibliothèque sera fermée pendant les congés de février/);
  }, 120_000);
});

describe('in the parse worker', () => {
  it('OCRs in the worker pool and reports each page (and the pages read before, for blame after a crash)', async () => {
    const steps: string[] = [];
    const doc = await parseFile(ocrFixture('scan-fr.pdf'), {
      ocr: BOTH,
      onProgress: (p) => steps.push(`${p.stage} ${p.done}/${p.total}`),
    });
    expect(doc.text).toMatch(/bibliothèque sera fermée/);
    // The worker says when it begins the file, then each page's text layer read, then each page recognised.
    expect(steps).toEqual(['read 0/0', 'read 1/2', 'read 2/2', 'ocr 0/2', 'ocr 1/2', 'ocr 2/2']);
  }, 120_000);
});

describe('ocrParagraphs', () => {
  it('splits on blank lines, joins lines and rejoins hyphenated words', () => {
    expect(ocrParagraphs('Title\n\nThe recog-\nnised text  goes\non here.\n \n\n|\n\nEnd')).toEqual([
      'Title',
      'The recognised text goes on here.',
      'End',
    ]);
  });
});
