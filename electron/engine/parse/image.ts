// PLACEHOLDER: replaced by the OCR reader (issue #8).
import type { ParsedDocument } from '../types';
import { parseErrors } from './errors';
import type { OcrOptions, ParseProgress } from './options';

export async function parseImage(
  _bytes: Uint8Array,
  _opts: { ocr: OcrOptions | null; onProgress?: ParseProgress },
): Promise<ParsedDocument> {
  throw parseErrors.unsupported('Images are not read yet.');
}
