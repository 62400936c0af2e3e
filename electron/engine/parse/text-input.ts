// Text-based formats that are not prose (CSV, source code): bytes decoded as the plain formats are (see
// decode.ts), after a check that the file is text at all, so a binary file with a text extension gets a
// clear error instead of an index full of mojibake.
import type { DocumentBuilder } from './builder';
import { type Decoded, decodeText } from './decode';
import { parseErrors } from './errors';

/** Characters that do not occur in text files: C0 controls other than tab/newline/CR/FF, DEL, C1, U+FFFD. */
const NON_TEXT = /[\u0000-\u0008\u000E-\u001F\u007F-\u009F\uFFFD]/g;

/** How much of the file is sampled, and what share of non-text characters marks it as binary. */
const SAMPLE_CHARS = 8192;
const MAX_NON_TEXT_SHARE = 0.02;

/** Whether decoded text is really binary data: random bytes give ~13 % such characters, text almost none. */
export function looksBinary(text: string): boolean {
  const sample = text.slice(0, SAMPLE_CHARS);
  const bad = sample.match(NON_TEXT)?.length ?? 0;
  return bad >= 2 && bad / sample.length > MAX_NON_TEXT_SHARE;
}

/** Decodes a text file; `what` ("This CSV file") names it in the error when the bytes are not text. */
export function decodeTextFile(bytes: Uint8Array, what: string): Decoded {
  const decoded = decodeText(bytes);
  if (looksBinary(decoded.text)) throw parseErrors.corrupt(what, 'it contains binary data, not text');
  return decoded;
}

/** Plain text into paragraph blocks: split on blank lines, line breaks inside a paragraph kept (text.ts, RTF, email). */
export function addPlainParagraphs(builder: DocumentBuilder, text: string): void {
  for (const paragraph of text.replace(/\r\n?/g, '\n').split(/\n[ \t\f\v]*\n/))
    builder.addBlock('paragraph', paragraph);
}
