// Plain text: decoded (see decode.ts), split into paragraphs on blank lines; line breaks inside a
// paragraph are kept because plain text often means them (lists, addresses, logs).
import type { ParsedDocument } from '../types';
import { DocumentBuilder } from './builder';
import { decodeText } from './decode';
import { addPlainParagraphs } from './text-input';

export function parseText(bytes: Uint8Array): ParsedDocument {
  const decoded = decodeText(bytes);
  const builder = new DocumentBuilder('text');
  if (decoded.guessed) builder.flag('encoding-guessed');
  addPlainParagraphs(builder, decoded.text);
  return builder.build();
}
