// OCR of the PDF pages that have no usable text: pages that paint images but carry no text layer, and
// pages whose text is garbage (fonts without a character map). Each is rendered (pdf-render.ts) and read by
// Tesseract (recognise-pages.ts).
import type { PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { type OcrPage, type OcrSummary, ocrParagraph, recognisePages } from './recognise-pages';
import { describe } from './errors';
import type { OcrOptions, ParseProgress } from './options';
import type { Paragraph } from './pdf-layout';
import { renderPdfPage } from './pdf-render';

export interface PdfOcrPage extends OcrPage {
  paragraphs: Paragraph[];
}

function needsOcr(page: OcrPage): boolean {
  return page.flags.includes('no-text-layer') || page.flags.includes('garbage');
}

/** `open` opens the document for rendering; it is called only when a page needs OCR. */
export async function ocrPdfPages(
  open: () => Promise<PDFDocumentProxy>,
  pages: PdfOcrPage[],
  ocr: OcrOptions,
  onProgress?: ParseProgress,
): Promise<OcrSummary> {
  const targets = pages.filter(needsOcr);
  if (targets.length === 0) return { attempted: 0, recognised: 0 };
  let doc: PDFDocumentProxy;
  try {
    doc = await open();
  } catch (err) {
    return {
      attempted: targets.length,
      recognised: 0,
      error: `the PDF could not be opened for OCR (${describe(err)})`,
    };
  }
  try {
    return await recognisePages(
      targets,
      (page) => renderPdfPage(doc, page.number),
      (page, paragraphs) => {
        page.paragraphs = paragraphs.map(ocrParagraph);
      },
      ocr,
      onProgress,
    );
  } finally {
    await doc.destroy().catch(() => undefined);
  }
}
