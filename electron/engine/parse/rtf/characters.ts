// From RTF's bytes and \uN code units to text: the codepage of a \fcharset, decoding in a Windows codepage,
// and the lone surrogates a broken \uN pair leaves behind.
import iconv from 'iconv-lite';

/** \fcharset values → Windows codepages (as in the RTF specification and rtf-stream-parser). */
export const CHARSET_CODEPAGES: Record<number, number> = {
  2: 42, // symbol
  77: 10000,
  128: 932,
  129: 949,
  130: 1361,
  134: 936,
  136: 950,
  161: 1253,
  162: 1254,
  163: 1258,
  177: 1255,
  178: 1256,
  186: 1257,
  204: 1251,
  222: 874,
  238: 1250,
  254: 437,
  255: 850,
};
export const SYMBOL_CODEPAGE = 42;

/** Bytes in a Windows codepage; an unknown codepage reads as Windows-1252. */
export function decodeBytes(bytes: Buffer, encoding: string): string {
  return iconv.decode(bytes, iconv.encodingExists(encoding) ? encoding : 'windows-1252');
}

export function codepageName(codepage: number): string {
  if (codepage === 10000) return 'macintosh';
  return `cp${codepage}`;
}

/** A \uN surrogate without its pair (a writer's bug, or a cut) is not a character: dropped. */
export function withoutLoneSurrogates(s: string): string {
  return s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '');
}
