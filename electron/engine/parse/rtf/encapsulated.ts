// RTF that only wraps HTML or plain text (Outlook's \fromhtml1 / \fromtext): unwrapped with rtf-stream-parser's
// de-encapsulator and read as HTML or plain paragraphs, not as RTF.
import { deEncapsulateSync } from 'rtf-stream-parser';
import type { ParsedDocument } from '../../types';
import type { DocumentBuilder } from '../builder';
import { walkHtml } from '../html-blocks';
import { addPlainParagraphs } from '../text-input';
import { decodeBytes } from './characters';

/** Outlook's RTF bodies that wrap HTML or plain text say so in their header. */
export function isEncapsulated(buffer: Buffer): boolean {
  return /\\from(?:html\d|text)/.test(buffer.toString('latin1', 0, 4096));
}

export function readEncapsulated(buffer: Buffer, builder: DocumentBuilder): ParsedDocument {
  const { mode, text } = deEncapsulateSync(buffer, { decode: decodeBytes, warn: () => {} });
  const content = String(text);
  if (mode === 'html') return builder.build({ title: walkHtml(content, builder).title });
  addPlainParagraphs(builder, content);
  return builder.build();
}
