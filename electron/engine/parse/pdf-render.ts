// Renders PDF pages to PNG for OCR, with pdf.js drawing into @napi-rs/canvas. The text pass opens PDFs with
// images disabled (pdf-images.ts); this second opening decodes them, within bounds: 300 DPI, at most
// MAX_PIXELS per page, and images above MAX_IMAGE_PIXELS dropped, so a decompression bomb renders blank
// instead of exhausting memory.
import { createCanvas } from '@napi-rs/canvas';
import type { PDFDocumentProxy, PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';

type RenderParameters = Parameters<PDFPageProxy['render']>[0];

/** Tesseract reads best at about 300 DPI. */
const TARGET_DPI = 300;
/** ~16 MP: an A4 page at 300 DPI is 8.7 MP; a poster is scaled down instead of taking gigabytes. */
const MAX_PIXELS = 16_000_000;
export const MAX_IMAGE_PIXELS = 64_000_000;

function renderScale(widthPt: number, heightPt: number): number {
  const scale = TARGET_DPI / 72;
  const pixels = widthPt * scale * heightPt * scale;
  return pixels > MAX_PIXELS ? scale * Math.sqrt(MAX_PIXELS / pixels) : scale;
}

async function renderPageToPng(page: PDFPageProxy): Promise<Buffer> {
  const base = page.getViewport({ scale: 1 });
  const viewport = page.getViewport({ scale: renderScale(base.width, base.height) });
  const canvas = createCanvas(Math.max(1, Math.ceil(viewport.width)), Math.max(1, Math.ceil(viewport.height)));
  // Scans are dark on light: a transparent background would read as black.
  await page.render({ canvas: canvas as unknown as RenderParameters['canvas'], viewport, background: '#ffffff' })
    .promise;
  return canvas.encode('png');
}

export async function renderPdfPage(doc: PDFDocumentProxy, number: number): Promise<Buffer> {
  const page = await doc.getPage(number);
  try {
    return await renderPageToPng(page);
  } finally {
    page.cleanup();
  }
}
