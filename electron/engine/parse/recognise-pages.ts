// OCR of a list of pages, whatever they come from (rendered PDF pages, image frames): each page is turned
// upright (Tesseract's orientation detection), then recognised; producing the next page image overlaps the
// recognition of the previous ones, up to the configured concurrency. A page takes the recognised text only
// when it is trustworthy; otherwise it keeps its flags.
import { joinLines, type Paragraph } from './pdf-layout';
import type { OcrOptions, ParseProgress } from './options';
import { isGarbage } from './pdf-garbage';
import { describe } from './errors';
import type { PageSpan, ParsedDocument } from '../types';
import { ocrEngineFor, type OcrResult } from '../ocr/ocr-engine';
import { rotateImage } from '../ocr/rotate';

type PageFlag = NonNullable<PageSpan['flags']>[number];
export type OcrSummary = NonNullable<ParsedDocument['ocr']>;

/**
 * Below this mean confidence a page's OCR text is noise: a photo, a pattern, a script the models don't read,
 * a page turned the wrong way (measured: a sideways invoice read as noise at 48; real scans here 65–95).
 */
const MIN_CONFIDENCE = 60;

/** What OCR reads and rewrites of a page. */
export interface OcrPage {
  number: number;
  flags: PageFlag[];
  ocr?: PageSpan['ocr'];
}

/**
 * Tesseract's plain text → paragraphs, each as its lines: it separates paragraphs with a blank line and lines
 * with a newline. The lines stay apart so that running headers and footers can be found line by line.
 */
export function ocrParagraphLines(text: string): string[][] {
  return text
    .split(/\n[^\S\n]*\n/)
    .map((block) =>
      block
        .split('\n')
        .map((line) => line.replace(/\s+/g, ' ').trim())
        .filter((line) => line.length > 0),
    )
    .filter((lines) => /[\p{L}\p{N}]/u.test(lines.join(' ')));
}

/** Line-end hyphens are rejoined the way PDF text is, so "recog-\nnised" is one word. */
export function ocrParagraphs(text: string): string[] {
  return ocrParagraphLines(text).map(joinLines);
}

/**
 * An OCR paragraph as a layout paragraph (pdf-layout.ts): its lines without positions, size 0, so the
 * heading rule (sizes above body text) never fires.
 */
export function ocrParagraph(lines: string[]): Paragraph {
  return {
    text: joinLines(lines),
    size: 0,
    lines: lines.map((text) => ({ text, x0: 0, x1: 0, y: 0, size: 0 })),
  };
}

/** The recognised paragraphs (as lines) when they are trustworthy, else null. */
function trustworthyParagraphs(result: OcrResult): string[][] | null {
  const paragraphs = ocrParagraphLines(result.text);
  const text = paragraphs.map(joinLines).join('\n');
  if (result.confidence < MIN_CONFIDENCE || paragraphs.length === 0 || isGarbage(text)) return null;
  return paragraphs;
}

/**
 * Recognises each page's image (`image(page)`); `accept(page, paragraphs)` stores the text of the pages
 * that gave some, each paragraph as its lines. Reports progress after each page.
 */
export async function recognisePages<P extends OcrPage>(
  pages: P[],
  image: (page: P) => Promise<Buffer>,
  accept: (page: P, paragraphs: string[][]) => void,
  ocr: OcrOptions,
  onProgress?: ParseProgress,
): Promise<OcrSummary> {
  const summary: OcrSummary = { attempted: pages.length, recognised: 0 };
  if (pages.length === 0) return summary;
  const engine = ocrEngineFor(ocr.languages, ocr.concurrency);
  let done = 0;
  const step = () => onProgress?.({ stage: 'ocr', done, total: pages.length });
  step();
  const inFlight = new Set<Promise<void>>();
  for (const page of pages) {
    let png: Buffer;
    try {
      png = await image(page);
    } catch (err) {
      summary.error ??= `page ${page.number} could not be prepared for OCR (${describe(err)})`;
      done++;
      step();
      continue;
    }
    const job: Promise<void> = engine
      .orientation(png)
      .then((degrees) => rotateImage(png, degrees))
      .then((upright) => engine.recognize(upright))
      .then((result) => {
        const paragraphs = trustworthyParagraphs(result);
        if (!paragraphs) return;
        accept(page, paragraphs);
        page.flags = page.flags.filter((f) => f !== 'no-text-layer' && f !== 'garbage');
        page.ocr = { confidence: result.confidence, languages: [...ocr.languages] };
        summary.recognised++;
      })
      .catch((err) => {
        summary.error ??= describe(err);
      })
      .finally(() => {
        inFlight.delete(job);
        done++;
        step();
      });
    inFlight.add(job);
    if (inFlight.size > Math.max(1, ocr.concurrency)) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  return summary;
}
