// Images (PNG, JPEG, TIFF, multi-page TIFF included) are read by OCR, one page per frame. Frames are
// checked and, when very large, scaled down before Tesseract sees them; TIFF, which neither Tesseract's
// build nor the canvas decodes reliably, goes through UTIF (utif2) and the canvas into PNG.
import { createCanvas, type Image, ImageData, loadImage } from '@napi-rs/canvas';
import UTIF from 'utif2';
import { type OcrPage, ocrParagraph, recognisePages } from './recognise-pages';
import { type StrippablePage, stripRunningLines } from './running-lines-strip';
import type { ParsedDocument } from '../types';
import { DocumentBuilder } from './builder';
import { describe, parseErrors } from './errors';
import type { OcrOptions, ParseProgress } from './options';

/** Above this a frame is scaled down for OCR: more pixels cost time and memory, not accuracy. */
const MAX_OCR_PIXELS = 16_000_000;
/** A frame declaring more pixels than this is refused unread (a decompression bomb, or a corrupt header). */
const MAX_FRAME_PIXELS = 150_000_000;

type ImageFormat = 'png' | 'jpeg' | 'tiff';

function sniffImage(bytes: Uint8Array): ImageFormat | null {
  const at = (...magic: number[]) => magic.every((b, i) => bytes[i] === b);
  if (at(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'png';
  if (at(0xff, 0xd8, 0xff)) return 'jpeg';
  if (at(0x49, 0x49, 0x2a, 0x00) || at(0x4d, 0x4d, 0x00, 0x2a)) return 'tiff';
  return null;
}

/** A frame ready for OCR: encoded bytes Tesseract reads (PNG or JPEG). */
type Frame = () => Promise<Buffer>;

function checkSize(width: number, height: number): void {
  if (!(width > 0 && height > 0)) throw parseErrors.corrupt('This image', 'it has no pixels');
  if (width * height > MAX_FRAME_PIXELS) {
    throw parseErrors.corrupt('This image', `it declares ${width}×${height} pixels, more than Lucarne reads`);
  }
}

/** The image scaled to at most MAX_OCR_PIXELS, as PNG. */
function downscaled(image: Image | ImageData, width: number, height: number): Buffer {
  const scale = Math.min(1, Math.sqrt(MAX_OCR_PIXELS / (width * height)));
  const canvas = createCanvas(Math.max(1, Math.round(width * scale)), Math.max(1, Math.round(height * scale)));
  const context = canvas.getContext('2d');
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, canvas.width, canvas.height);
  if (image instanceof ImageData) {
    const full = createCanvas(width, height);
    full.getContext('2d').putImageData(image, 0, 0);
    context.drawImage(full, 0, 0, canvas.width, canvas.height);
  } else {
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
  }
  return canvas.toBuffer('image/png');
}

/**
 * A cut-off PNG or JPEG (an interrupted copy or download) still has a valid header, and the decoders
 * would read it as a partial, often blank picture: its end marker must be there.
 */
function isComplete(bytes: Uint8Array, format: 'png' | 'jpeg'): boolean {
  const tail = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).subarray(-4096);
  return format === 'png' ? tail.includes('IEND', 0, 'latin1') : tail.includes(Buffer.from([0xff, 0xd9]));
}

async function pngOrJpegFrames(bytes: Uint8Array, format: 'png' | 'jpeg'): Promise<Frame[]> {
  if (!isComplete(bytes, format)) throw parseErrors.corrupt('This image', 'it is cut off before its end');
  let image: Image;
  try {
    image = await loadImage(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (err) {
    throw parseErrors.corrupt('This image', describe(err));
  }
  checkSize(image.width, image.height);
  const original = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (image.width * image.height <= MAX_OCR_PIXELS) return [async () => original];
  return [async () => downscaled(image, image.width, image.height)];
}

function tiffFrames(bytes: Uint8Array): Frame[] {
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  let ifds: UTIF.IFD[];
  try {
    ifds = UTIF.decode(buffer);
  } catch (err) {
    throw parseErrors.corrupt('This TIFF image', describe(err));
  }
  // Thumbnails and masks are sub-images (NewSubfileType bit 0 or 2): only full-resolution pages are read.
  const pages = ifds.filter((ifd) => ((Number((ifd.t254 as number[] | undefined)?.[0]) || 0) & 0b101) === 0);
  if (pages.length === 0) throw parseErrors.corrupt('This TIFF image', 'it holds no image');
  return pages.map((ifd) => async () => {
    const width = Number((ifd.t256 as number[] | undefined)?.[0]);
    const height = Number((ifd.t257 as number[] | undefined)?.[0]);
    checkSize(width, height);
    UTIF.decodeImage(buffer, ifd);
    const rgba = UTIF.toRGBA8(ifd);
    if (rgba.length < width * height * 4) throw new Error('its pixel data is truncated');
    const pixels = new ImageData(
      new Uint8ClampedArray(rgba.buffer, rgba.byteOffset, width * height * 4),
      width,
      height,
    );
    return downscaled(pixels, width, height);
  });
}

async function framesOf(bytes: Uint8Array): Promise<Frame[]> {
  const format = sniffImage(bytes);
  switch (format) {
    case 'png':
    case 'jpeg':
      return pngOrJpegFrames(bytes, format);
    case 'tiff':
      return tiffFrames(bytes);
    default:
      throw parseErrors.corrupt('This image', 'it is not a PNG, JPEG or TIFF image');
  }
}

export async function parseImage(
  bytes: Uint8Array,
  opts: { ocr: OcrOptions | null; onProgress?: ParseProgress },
): Promise<ParsedDocument> {
  const frames = await framesOf(bytes);
  const pages: (OcrPage & StrippablePage)[] = frames.map((_, i) => ({
    number: i + 1,
    flags: ['no-text-layer'],
    paragraphs: [],
  }));
  let unreadable = 0;
  const frame = (page: OcrPage) =>
    frames[page.number - 1]().catch((err: unknown) => {
      unreadable++;
      throw err;
    });
  const summary = opts.ocr
    ? await recognisePages(
        pages,
        frame,
        (page, paragraphs) => {
          page.paragraphs = paragraphs.map(ocrParagraph);
        },
        opts.ocr,
        opts.onProgress,
      )
    : undefined;
  // Not one frame could be decoded: the file is damaged, not an image without text.
  if (unreadable === frames.length) throw parseErrors.corrupt('This image', summary?.error);
  // A multi-page scan (a TIFF of a report) has running headers and footers like a PDF.
  stripRunningLines(pages);
  const builder = new DocumentBuilder('image');
  for (const page of pages) {
    builder.startPage(page.number, page.label);
    for (const paragraph of page.paragraphs) builder.addBlock('paragraph', paragraph.text);
    builder.endPage(page.flags, page.ocr, page.running);
  }
  const recognised = pages.some((p) => p.ocr);
  if (recognised) builder.flag('ocr-pages');
  if (recognised && pages.some((p) => !p.ocr)) builder.flag('no-text-layer-pages');
  const verdict = recognised ? 'ok' : summary && !summary.error ? 'empty' : 'no-text-layer';
  const doc = builder.build({ verdict, paged: true });
  if (summary) doc.ocr = summary;
  return doc;
}
