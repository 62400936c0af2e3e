// Does a PDF page paint images? Asked only for pages without text, to tell a scan from a blank page.
//
// The document is opened with maxImageSize = 1, so pdfjs drops every image from the operator list instead
// of decoding it: a decompression bomb costs nothing, and a 300-page scan is not decoded page by page.
// pdfjs reports such a dropped image only as a console warning, so the warnings are counted here while
// parsing. Console output is shared by the thread, hence the reference count and the queue.
import type { PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';

const DROPPED_IMAGE = 'Image exceeded maximum allowed size';

let dropped = 0;
let installs = 0;
let originalWarn: typeof console.warn = console.warn;
let queue: Promise<unknown> = Promise.resolve();

/** Swallows pdfjs's "Warning: ..." lines (noise for users) and counts dropped images, while `fn` runs. */
export async function withPdfWarningsCaptured<T>(fn: () => Promise<T>): Promise<T> {
  if (installs++ === 0) {
    originalWarn = console.warn;
    console.warn = (...args: unknown[]) => {
      const first = args[0];
      if (typeof first === 'string' && first.startsWith('Warning: ')) {
        if (first.includes(DROPPED_IMAGE)) dropped++;
        return;
      }
      originalWarn.apply(console, args);
    };
  }
  try {
    return await fn();
  } finally {
    if (--installs === 0) console.warn = originalWarn;
  }
}

/**
 * Whether the page paints at least one image. Must run inside withPdfWarningsCaptured. `imageOps` are the
 * image-painting operator codes (pdfjs OPS), should any survive maxImageSize.
 */
export function pageHasImages(page: PDFPageProxy, imageOps: ReadonlySet<number>): Promise<boolean> {
  const run = queue.then(async () => {
    const before = dropped;
    const ops = await page.getOperatorList();
    return dropped > before || ops.fnArray.some((op) => imageOps.has(op));
  });
  queue = run.catch(() => undefined);
  return run;
}
