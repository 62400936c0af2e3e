// HTML pages: readable text only (no scripts, styles, navigation), headings and block structure kept.
import type { ParsedDocument } from '../types';
import { DocumentBuilder } from './builder';
import { decodeText } from './decode';
import { walkHtml } from './html-blocks';

/** The charset a page declares in its first bytes: <meta charset>, http-equiv, or an XML declaration. */
export function declaredCharset(bytes: Uint8Array): string | null {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 4096)).toString('latin1');
  const meta = /<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head);
  if (meta) return meta[1];
  const xml = /^\s*<\?xml\b[^>]*\bencoding\s*=\s*["']([\w.:-]+)["']/i.exec(head);
  return xml ? xml[1] : null;
}

export function parseHtml(bytes: Uint8Array): ParsedDocument {
  const decoded = decodeText(bytes, declaredCharset(bytes));
  const builder = new DocumentBuilder('html');
  if (decoded.guessed) builder.flag('encoding-guessed');
  const { title } = walkHtml(decoded.text, builder);
  return builder.build({ title });
}
