// 6. OCR: scanned pages read through the real path (parse worker: pdf.js renders each page into a canvas,
// Tesseract recognises it, the document is rebuilt with page numbers and confidences), in pages per
// second, against the baseline of Tesseract alone recognising the same pages already rendered (what any
// OCR pipeline must pay). The ratio is the cost of rendering, decoding and the worker round trips.
import { copyFileSync, mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import Tesseract from 'tesseract.js';
import { closeOcr, closeParsers, parseFile, renderPdfPage, tessdataDir } from '../../electron/engine/public/pipeline';
import { repoFixture, sharedFixture } from '../../test-support/fixture-paths';
import type { BenchContext, SectionResult } from '../lib/context';
import { type Figure, figure } from '../lib/figures';
import { round } from '../lib/stats';
import { loadPdfjs } from './extraction-baselines';

const SECTION = 'ocr';
const LANGUAGES = ['fra', 'eng'];
const SHARED = sharedFixture('docs');
const OURS = repoFixture('ocr');

/** Scanned files and their OCR page count: the shared scans and the generated ones (PDF, PNG, JPEG, TIFF). */
const CORPUS: { file: string; quick: boolean }[] = [
  { file: join(SHARED, 'unstr__loremipsum-flat.pdf'), quick: true },
  { file: join(SHARED, 'markitdown__MEDRPT-2024-PAT-3847_medical_report_scan.pdf'), quick: false },
  { file: join(OURS, 'scan-fr.pdf'), quick: true },
  { file: join(OURS, 'fax-2-pages.tiff'), quick: false },
  { file: join(OURS, 'invoice.png'), quick: false },
  { file: join(OURS, 'notice.jpg'), quick: false },
];

/** The page images Tesseract alone is given: PDF pages rendered as the pipeline renders them, images as they are. */
async function pageImages(files: string[]): Promise<Buffer[]> {
  const pdfjs = await loadPdfjs();
  const images: Buffer[] = [];
  for (const file of files) {
    const bytes = await readFile(file);
    if (!file.endsWith('.pdf')) {
      if (!file.endsWith('.tiff')) images.push(bytes);
      continue;
    }
    const doc = await pdfjs.getDocument({ data: new Uint8Array(bytes), isEvalSupported: false }).promise;
    for (let n = 1; n <= doc.numPages; n++) images.push(await renderPdfPage(doc, n));
    await doc.destroy();
  }
  return images;
}

async function bareTesseract(images: Buffer[]): Promise<number> {
  const worker = await Tesseract.createWorker(LANGUAGES, Tesseract.OEM.LSTM_ONLY, {
    langPath: tessdataDir(LANGUAGES),
    gzip: true,
    cacheMethod: 'none',
  });
  try {
    const t0 = performance.now();
    for (const image of images) await worker.recognize(image);
    return performance.now() - t0;
  } finally {
    await worker.terminate();
  }
}

async function pipeline(files: string[], concurrency: number, workDir: string): Promise<{ ms: number; pages: number }> {
  // Copies, so the parse worker reads from the run's own folder like a watched folder.
  mkdirSync(workDir, { recursive: true });
  const copies = files.map((f, i) => {
    const to = join(workDir, `${i}-${f.split('/').pop()}`);
    copyFileSync(f, to);
    return to;
  });
  await closeParsers();
  await closeOcr();
  const t0 = performance.now();
  let pages = 0;
  for (const file of copies) {
    const doc = await parseFile(file, { ocr: { languages: LANGUAGES, concurrency } });
    pages += doc.ocr?.recognised ?? 0;
  }
  const ms = performance.now() - t0;
  await closeParsers();
  return { ms, pages };
}

export async function ocrSection(ctx: BenchContext): Promise<SectionResult> {
  const files = CORPUS.filter((c) => ctx.mode !== 'quick' || c.quick).map((c) => c.file);
  ctx.log(`ocr: ${files.length} scanned files through the parse worker, then Tesseract alone on the same pages`);
  const one = await pipeline(files, 1, join(ctx.workDir, 'ocr-1'));
  const two = await pipeline(files, 2, join(ctx.workDir, 'ocr-2'));
  const images = await pageImages(files);
  // TIFF frames are decoded by the pipeline only: the baseline leaves them out, and so does its page count.
  const bareMs = await bareTesseract(images);
  const barePages = images.length;
  const figures: Figure[] = [
    figure({
      section: SECTION,
      name: `OCR pages/s, 1 Tesseract worker (${one.pages} pages)`,
      value: (one.pages / one.ms) * 1000,
      unit: 'pages/s',
      baseline: {
        name: `Tesseract alone, pre-rendered (${barePages} pages)`,
        value: (barePages / bareMs) * 1000,
        unit: 'pages/s',
      },
      note: 'ratio below 1: the pipeline is slower than recognition alone by the rendering and worker costs',
    }),
    figure({
      section: SECTION,
      name: `OCR pages/s, 2 Tesseract workers (${two.pages} pages)`,
      value: (two.pages / two.ms) * 1000,
      unit: 'pages/s',
      baseline: { name: '1 worker', value: (one.pages / one.ms) * 1000, unit: 'pages/s' },
    }),
  ];
  return {
    figures,
    details: {
      files: files.map((f) => f.split('/').pop()),
      oneWorker: { ms: round(one.ms, 0), pages: one.pages },
      twoWorkers: { ms: round(two.ms, 0), pages: two.pages },
      bare: { ms: round(bareMs, 0), pages: barePages },
    },
  };
}
