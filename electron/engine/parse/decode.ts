// Bytes to text for the plain formats (text, Markdown, HTML): BOMs, a declared charset, UTF-8, and a
// Windows-1252 fallback for legacy files.
import iconv from 'iconv-lite';

export interface Decoded {
  text: string;
  /** The encoding was neither marked (BOM, declaration) nor valid UTF-8: it is a guess. */
  guessed: boolean;
  encoding: string;
}

const utf8Strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** UTF-16 without a BOM shows as NUL bytes in every other position of mostly-ASCII text. */
function sniffUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(bytes.length - (bytes.length % 2), 4096);
  if (n < 4) return null;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZero++;
    if (bytes[i + 1] === 0) oddZero++;
  }
  const pairs = n / 2;
  if (oddZero > pairs * 0.4 && evenZero < pairs * 0.05) return 'utf-16le';
  if (evenZero > pairs * 0.4 && oddZero < pairs * 0.05) return 'utf-16be';
  return null;
}

function fromIconv(bytes: Uint8Array, encoding: string): string {
  return iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), encoding);
}

/**
 * Decodes a text file. Order: a BOM wins; then `declared` (an HTML meta charset) when iconv knows it;
 * then BOM-less UTF-16 by its NUL pattern; then strict UTF-8; else Windows-1252, marked as guessed.
 */
export function decodeText(bytes: Uint8Array, declared?: string | null): Decoded {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), guessed: false, encoding: 'utf-8' };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: fromIconv(bytes.subarray(2), 'utf-16le'), guessed: false, encoding: 'utf-16le' };
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { text: fromIconv(bytes.subarray(2), 'utf-16be'), guessed: false, encoding: 'utf-16be' };
  }
  const label = declared?.trim().toLowerCase();
  if (label && !/^(utf-?8|unicode-1-1-utf-8)$/.test(label) && iconv.encodingExists(label)) {
    // HTML treats a declared ISO-8859-1/ASCII as Windows-1252; so do we (it is a superset in practice).
    const encoding = /^(iso-?8859-1|latin-?1|us-ascii|ascii)$/.test(label) ? 'windows-1252' : label;
    return { text: fromIconv(bytes, encoding), guessed: false, encoding };
  }
  // Before UTF-8: NUL bytes are valid UTF-8, so UTF-16 English would otherwise pass as UTF-8.
  const utf16 = sniffUtf16(bytes);
  if (utf16) return { text: fromIconv(bytes, utf16), guessed: true, encoding: utf16 };
  try {
    return { text: utf8Strict.decode(bytes), guessed: false, encoding: 'utf-8' };
  } catch {
    return { text: fromIconv(bytes, 'windows-1252'), guessed: true, encoding: 'windows-1252' };
  }
}
