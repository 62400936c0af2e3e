// RTF (WordPad, Word, TextEdit, LibreOffice): rtf-stream-parser's tokenizer, and the text extraction over its
// tokens in this folder. Kept: paragraphs, headings (\outlinelevel or a "Heading n" style), list items, tables
// (\trowd … \cell … \row) as table rows, footnotes (at the end), the \info title. Skipped: font, colour and
// style tables, pictures, objects, field instructions, headers and footers (page furniture repeated on every
// page), hidden text. Characters: \'hh bytes in the codepage of the current font (\fcharset, \cpg) or of the
// document (\ansicpg), \uN with its \ucN fallback skipped. RTF that only wraps HTML or plain text (Outlook's
// \fromhtml1 / \fromtext) is unwrapped with the library's de-encapsulator and read as such.
//
// tokens.ts cuts the bytes into tokens, reader.ts walks them with RTF's group state, control-words.ts says what
// each control word means, characters.ts turns bytes and \uN into text, encapsulated.ts reads Outlook's wrappers.
import type { ParsedDocument } from '../../types';
import { DocumentBuilder } from '../builder';
import { parseErrors } from '../errors';
import { isEncapsulated, readEncapsulated } from './encapsulated';
import { RtfReader } from './reader';
import { tokenize, withoutHexLineBreaks } from './tokens';

export async function parseRtf(bytes: Uint8Array): Promise<ParsedDocument> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (!/^\s*\{\\rtf/.test(buffer.toString('latin1', 0, 64))) {
    throw parseErrors.corrupt('This RTF document', 'it does not start with {\\rtf');
  }
  const builder = new DocumentBuilder('rtf');
  if (isEncapsulated(buffer)) return readEncapsulated(buffer, builder);
  const reader = new RtfReader(builder);
  for (const token of tokenize(withoutHexLineBreaks(buffer))) reader.accept(token);
  return builder.build({ title: reader.finish() });
}
