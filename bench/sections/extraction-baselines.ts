// The baselines of the indexing benchmark, measured in the same run on the same files: bare text
// extraction with pdf.js alone (the parser the pipeline uses, without layout, chunking, embedding or
// storage), poppler's pdftotext (C++, one process per file), mammoth's raw text for DOCX, and a plain read
// for Markdown. Single-threaded and sequential, like the pipeline's one indexing loop.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { CorpusManifest } from '../corpus/generate';

const run = promisify(execFile);

type Pdfjs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let pdfjs: Promise<Pdfjs> | null = null;

/** pdf.js's Node build, loaded once, running its worker in this thread. */
export function loadPdfjs(): Promise<Pdfjs> {
  pdfjs ??= (async () => {
    (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
    return import('pdfjs-dist/legacy/build/pdf.mjs');
  })();
  return pdfjs;
}

/** pdf.js: every page's text items, joined. Returns pages and characters read. */
export async function pdfjsText(file: string): Promise<{ pages: number; chars: number }> {
  const lib = await loadPdfjs();
  const data = new Uint8Array(await readFile(file));
  const doc = await lib.getDocument({
    data,
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    verbosity: 0,
  }).promise;
  let chars = 0;
  for (let p = 1; p <= doc.numPages; p++) {
    const page = await doc.getPage(p);
    const content = await page.getTextContent();
    for (const item of content.items) if ('str' in item) chars += item.str.length;
    page.cleanup();
  }
  const pages = doc.numPages;
  await doc.destroy();
  return { pages, chars };
}

export interface BaselineTimes {
  pdfjsMs: number;
  pdftotextMs: number | null;
  mammothMs: number;
  markdownReadMs: number;
  pdfPages: number;
  pdfFiles: number;
  /** pdf.js + mammoth + read: bare extraction of the whole corpus. */
  bareExtractionMs: number;
}

async function hasPdftotext(): Promise<boolean> {
  try {
    await run('pdftotext', ['-v']);
    return true;
  } catch {
    return false;
  }
}

export async function measureBaselines(corpus: CorpusManifest): Promise<BaselineTimes> {
  const pdfs = corpus.files.filter((f) => f.kind === 'pdf').map((f) => join(corpus.dir, f.relPath));
  const docx = corpus.files.filter((f) => f.kind === 'docx').map((f) => join(corpus.dir, f.relPath));
  const md = corpus.files.filter((f) => f.kind === 'markdown').map((f) => join(corpus.dir, f.relPath));

  await loadPdfjs(); // module load is not extraction
  let t = performance.now();
  let pdfPages = 0;
  for (const f of pdfs) pdfPages += (await pdfjsText(f)).pages;
  const pdfjsMs = performance.now() - t;

  let pdftotextMs: number | null = null;
  if (await hasPdftotext()) {
    t = performance.now();
    for (const f of pdfs) await run('pdftotext', ['-q', '-enc', 'UTF-8', f, '-'], { maxBuffer: 256 * 2 ** 20 });
    pdftotextMs = performance.now() - t;
  }

  const mammoth = (await import('mammoth')).default;
  t = performance.now();
  for (const f of docx) await mammoth.extractRawText({ path: f });
  const mammothMs = performance.now() - t;

  t = performance.now();
  for (const f of md) await readFile(f, 'utf8');
  const markdownReadMs = performance.now() - t;

  return {
    pdfjsMs,
    pdftotextMs,
    mammothMs,
    markdownReadMs,
    pdfPages,
    pdfFiles: pdfs.length,
    bareExtractionMs: pdfjsMs + mammothMs + markdownReadMs,
  };
}
