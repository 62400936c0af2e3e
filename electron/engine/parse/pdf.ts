// PDF text per page with pdfjs-dist (legacy build, for Node): reading order, paragraphs and headings,
// page labels, passwords, and pages whose text layer is missing or unusable.
import { createRequire } from 'node:module';
import path from 'node:path';
import type { ParsedDocument } from '../types';
import type { ParseError } from '../types';
import { DocumentBuilder } from './builder';
import { describe, parseErrors } from './errors';
import { isGarbage } from './pdf-garbage';
import { readPdfMetadata } from './pdf-metadata';
import { ocrPdfPages, type PdfOcrPage } from './pdf-ocr';
import { MAX_IMAGE_PIXELS } from './pdf-render';
import { pageHasImages, withPdfWarningsCaptured } from './pdf-images';
import type { Paragraph, TextPiece } from './pdf-layout';
import { layoutPageWithTables } from './pdf-tables';
import { type StrippablePage, stripRunningLines } from './running-lines-strip';
import { decomposeCompat } from './normalize';
import type { OcrOptions, ParseProgress } from './options';

type Pdfjs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
type PDFDocumentProxy = import('pdfjs-dist/legacy/build/pdf.mjs').PDFDocumentProxy;
type PDFPageProxy = import('pdfjs-dist/legacy/build/pdf.mjs').PDFPageProxy;
type TextItem = import('pdfjs-dist/types/src/display/api').TextItem;

let pdfjsLoaded: Promise<Pdfjs> | null = null;

function loadPdfjs(): Promise<Pdfjs> {
  pdfjsLoaded ??= (async () => {
    // With the worker module on globalThis, pdfjs runs its "fake worker" in this thread without looking
    // for pdf.worker.mjs next to itself, which a bundler may have moved.
    const worker = await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
    (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = worker;
    return import('pdfjs-dist/legacy/build/pdf.mjs');
  })();
  return pdfjsLoaded;
}

/** Loads pdf.js ahead of the first PDF (a worker that has not loaded it takes ~1–2 s longer on that file). */
export async function warmPdfjs(): Promise<void> {
  await loadPdfjs();
}

/**
 * pdfjs's bundled data folders, as plain paths with the trailing slash pdfjs requires. No standard font
 * data: with it, every document that names a non-embedded base-14 font (Helvetica, Times...) loads and
 * parses that font program again (~8 % of parsing on plain text PDFs), and text extraction does not need
 * it: the text comes from the encoding and ToUnicode, the widths from the PDF or pdfjs's built-in metrics
 * (extracted text identical on the fixtures and the benchmark corpus).
 */
function pdfjsDataDirs() {
  return {
    cMapUrl: pdfjsDataDir('cmaps'),
    wasmUrl: pdfjsDataDir('wasm'),
    iccUrl: pdfjsDataDir('iccs'),
  };
}

let pdfjsRoot: string | null = null;

function pdfjsDataDir(name: string): string {
  pdfjsRoot ??= path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
  return path.join(pdfjsRoot, name) + path.sep;
}

/**
 * Passwords to try, in order: as typed, then SASLprep-normalised (RFC 4013: characters mapped to nothing
 * removed, non-ASCII spaces made spaces, NFKC), which AES-256 (R6) PDFs require.
 */
export function passwordCandidates(password: string): string[] {
  const prepared = password
    .replace(/\u00AD|\u034F|\u1806|[\u180B-\u180D]|\u200B|\u200C|\u200D|\u2060|[\uFE00-\uFE0F]|\uFEFF/g, '')
    .replace(/[\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]/g, ' ')
    .normalize('NFKC');
  return prepared === password ? [password] : [password, prepared];
}

/**
 * `forRendering`: images are decoded (within a bound, see pdf-render.ts) and standard fonts loaded, for OCR;
 * otherwise images are dropped unread, which is all text extraction needs.
 */
async function openDocument(
  pdfjs: Pdfjs,
  data: Uint8Array,
  password: string | undefined,
  forRendering = false,
): Promise<PDFDocumentProxy> {
  const task = pdfjs.getDocument({
    data,
    ...pdfjsDataDirs(),
    ...(forRendering ? { standardFontDataUrl: pdfjsDataDir('standard_fonts') } : {}),
    cMapPacked: true,
    // Node: no eval'd font code, no FontFace, no system fonts, no network.
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    isOffscreenCanvasSupported: false,
    isImageDecoderSupported: false,
    // Images are never decoded for text (see pdf-images.ts); warnings must be on for that check to hear about them.
    maxImageSize: forRendering ? MAX_IMAGE_PIXELS : 1,
    verbosity: 1,
    stopAtErrors: false,
    enableXfa: false,
  });
  const candidates = password === undefined ? [] : passwordCandidates(password);
  let refusal: ParseError | null = null;
  task.onPassword = (update: (password: string) => void) => {
    const next = candidates.shift();
    if (next !== undefined) {
      update(next);
      return;
    }
    refusal = password === undefined ? parseErrors.pdfNeedsPassword() : parseErrors.pdfWrongPassword();
    void task.destroy();
  };
  try {
    return await task.promise;
  } catch (err) {
    if (refusal) throw refusal;
    const name = err instanceof Error ? err.name : '';
    if (name === 'PasswordException') {
      throw password === undefined ? parseErrors.pdfNeedsPassword() : parseErrors.pdfWrongPassword();
    }
    throw parseErrors.corrupt('This PDF', describe(err));
  }
}

type Matrix = [number, number, number, number, number, number];

function multiply(m1: readonly number[], m2: readonly number[]): Matrix {
  return [
    m1[0] * m2[0] + m1[2] * m2[1],
    m1[1] * m2[0] + m1[3] * m2[1],
    m1[0] * m2[2] + m1[2] * m2[3],
    m1[1] * m2[2] + m1[3] * m2[3],
    m1[0] * m2[4] + m1[2] * m2[5] + m1[4],
    m1[1] * m2[4] + m1[3] * m2[5] + m1[5],
  ];
}

/**
 * pdfjs text items → pieces in their reading frame, grouped by writing direction (horizontal text at each
 * quarter turn, and vertical CJK), largest group first. In a reading frame lines run along +x and the
 * next line is at larger y, whatever the page rotation.
 */
function toPieceGroups(items: TextItem[], viewportTransform: readonly number[]): TextPiece[][] {
  const groups = new Map<string, TextPiece[]>();
  for (const item of items) {
    if (!item.str?.trim()) continue;
    const m = multiply(viewportTransform, item.transform);
    let key: string;
    let piece: TextPiece;
    const str = decomposeCompat(item.str);
    if (item.dir === 'ttb') {
      // Vertical writing: columns go down the page, and from right to left.
      key = 'ttb';
      piece = { str, x: m[5], y: -m[4], w: item.height, size: Math.hypot(m[0], m[1]), rtl: false };
    } else {
      const quarter = (((Math.round(Math.atan2(m[1], m[0]) / (Math.PI / 2)) % 4) + 4) % 4) as 0 | 1 | 2 | 3;
      const cos = [1, 0, -1, 0][quarter];
      const sin = [0, 1, 0, -1][quarter];
      key = `h${quarter}`;
      piece = {
        str,
        x: m[4] * cos + m[5] * sin,
        y: -m[4] * sin + m[5] * cos,
        w: item.width,
        size: Math.hypot(m[2], m[3]) || Math.abs(item.height) || 1,
        rtl: item.dir === 'rtl',
      };
    }
    const list = groups.get(key);
    if (list) list.push(piece);
    else groups.set(key, [piece]);
  }
  const chars = (ps: TextPiece[]) => ps.reduce((n, p) => n + p.str.length, 0);
  return [...groups.values()].sort((a, b) => chars(b) - chars(a));
}

interface PageResult extends PdfOcrPage, StrippablePage {
  hasText: boolean;
}

async function readPage(page: PDFPageProxy): Promise<Paragraph[]> {
  const content = await page.getTextContent();
  const items = content.items.filter((item): item is TextItem => 'str' in item);
  const viewport = page.getViewport({ scale: 1 });
  return toPieceGroups(items, viewport.transform).flatMap((pieces) => layoutPageWithTables(pieces));
}

/** Font size of body text: the size carrying the most characters. */
function bodySize(pages: PageResult[]): number {
  const weight = new Map<number, number>();
  for (const page of pages) {
    for (const p of page.paragraphs) {
      const size = Math.round(p.size * 2) / 2;
      weight.set(size, (weight.get(size) ?? 0) + p.text.length);
    }
  }
  let best = 0;
  let bestWeight = -1;
  for (const [size, w] of weight) {
    if (w > bestWeight) {
      best = size;
      bestWeight = w;
    }
  }
  return best;
}

function isHeading(p: Paragraph, body: number): boolean {
  return (
    !p.table &&
    body > 0 &&
    p.size >= body * 1.2 &&
    p.lines.length <= 3 &&
    p.text.length <= 200 &&
    /\p{L}/u.test(p.text) &&
    !/[.,;]$/.test(p.text)
  );
}

/** Heading levels by size: the largest heading size is level 1. Sizes within 5 % share a level. */
function headingLevels(pages: PageResult[], body: number): (size: number) => number {
  const sizes = [
    ...new Set(pages.flatMap((pg) => pg.paragraphs.filter((p) => isHeading(p, body)).map((p) => p.size))),
  ].sort((a, b) => b - a);
  const levels: number[] = [];
  let level = 0;
  sizes.forEach((size, k) => {
    if (k === 0 || size < sizes[k - 1] * 0.95) level++;
    levels.push(Math.min(level, 6));
  });
  return (size) => {
    const k = sizes.findIndex((s) => Math.abs(s - size) < 1e-6);
    return k >= 0 ? levels[k] : 1;
  };
}

/**
 * pdfjs wants a plain Uint8Array (not a Buffer) and may transfer its ArrayBuffer to its worker side: wrap
 * the bytes when they own their whole buffer, copy them when they are a view into a shared one.
 */
function ownBytes(bytes: Uint8Array): Uint8Array {
  const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
  return whole ? new Uint8Array(bytes.buffer, 0, bytes.byteLength) : new Uint8Array(bytes);
}

export async function parsePdf(
  bytes: Uint8Array,
  opts: { password?: string; ocr?: OcrOptions | null; onProgress?: ParseProgress } = {},
): Promise<ParsedDocument> {
  const pdfjs = await loadPdfjs();
  const { ocr, password, onProgress } = opts;
  // pdf.js takes the bytes it is given over; OCR opens the file a second time, for rendering.
  const copy = ocr ? new Uint8Array(bytes) : null;
  const ocrStep =
    ocr && copy
      ? (pages: PageResult[]) => ocrPdfPages(() => openDocument(pdfjs, copy, password, true), pages, ocr, onProgress)
      : undefined;
  return withPdfWarningsCaptured(async () => {
    const doc = await openDocument(pdfjs, ownBytes(bytes), password);
    try {
      return await readDocument(pdfjs, doc, ocrStep, onProgress);
    } finally {
      await doc.destroy().catch(() => undefined);
    }
  });
}

async function readDocument(
  pdfjs: Pdfjs,
  doc: PDFDocumentProxy,
  ocrStep?: (pages: PageResult[]) => Promise<NonNullable<ParsedDocument['ocr']>>,
  onProgress?: ParseProgress,
): Promise<ParsedDocument> {
  const imageOps = new Set([
    pdfjs.OPS.paintImageXObject,
    pdfjs.OPS.paintInlineImageXObject,
    pdfjs.OPS.paintImageMaskXObject,
    pdfjs.OPS.paintImageXObjectRepeat,
    pdfjs.OPS.paintImageMaskXObjectRepeat,
    pdfjs.OPS.paintInlineImageXObjectGroup,
    pdfjs.OPS.paintImageMaskXObjectGroup,
    pdfjs.OPS.paintSolidColorImageMask,
  ]);
  const labels = await doc.getPageLabels().catch(() => null);
  const { title, meta } = await readPdfMetadata(doc);

  const pages: PageResult[] = [];
  let failures = 0;
  let lastFailure: unknown = null;
  for (let number = 1; number <= doc.numPages; number++) {
    const result: PageResult = { number, paragraphs: [], hasText: false, flags: [] };
    const label = labels?.[number - 1];
    if (label) result.label = label;
    let page: PDFPageProxy | null = null;
    try {
      page = await doc.getPage(number);
      const paragraphs = await readPage(page);
      result.hasText = paragraphs.length > 0;
      const raw = paragraphs.map((p) => p.text).join('\n');
      if (result.hasText && isGarbage(raw)) result.flags.push('garbage');
      else result.paragraphs = paragraphs;
      if (!result.hasText && (await pageHasImages(page, imageOps))) result.flags.push('no-text-layer');
    } catch (err) {
      // One broken page does not lose the others; it is read as empty.
      failures++;
      lastFailure = err;
    } finally {
      page?.cleanup();
    }
    pages.push(result);
    onProgress?.({ stage: 'read', done: number, total: doc.numPages });
  }
  if (doc.numPages > 0 && failures === doc.numPages) {
    throw parseErrors.corrupt('This PDF', describe(lastFailure));
  }
  const ocrSummary = await ocrStep?.(pages);

  // Running headers and footers of text and OCR'd pages alike, before any offset is computed.
  stripRunningLines(pages);
  const body = bodySize(pages);
  const levelOf = headingLevels(pages, body);
  const builder = new DocumentBuilder('pdf');
  for (const page of pages) {
    builder.startPage(page.number, page.label);
    for (const p of page.paragraphs) {
      if (p.table) builder.addTable(p.table);
      else if (isHeading(p, body)) builder.addBlock('heading', p.text, levelOf(p.size));
      else builder.addBlock('paragraph', p.text);
    }
    builder.endPage(page.flags, page.ocr, page.running);
  }

  const garbage = pages.filter((p) => p.flags.includes('garbage')).length;
  const scanned = pages.filter((p) => p.flags.includes('no-text-layer')).length;
  const hasGoodText = builder.textLength > 0;
  let verdict: ParsedDocument['verdict'] = 'ok';
  if (!hasGoodText) verdict = garbage > 0 ? 'garbage-text' : scanned > 0 ? 'no-text-layer' : 'empty';
  else {
    if (scanned > 0) builder.flag('no-text-layer-pages');
    if (garbage > 0) builder.flag('garbage-pages');
  }
  if (pages.some((p) => p.ocr)) builder.flag('ocr-pages');
  const parsed = builder.build({ verdict, title, paged: true });
  if (ocrSummary) parsed.ocr = ocrSummary;
  if (meta) parsed.meta = meta;
  return parsed;
}
