// Parses one file in the calling thread: size and access checks, then the parser for its kind. The
// worker runs exactly this; it is also callable directly for debugging and benchmarks.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { FileKind } from '../../../shared/types';
import type { ParsedDocument } from '../types';
import { ParseError } from '../types';
import { DocumentBuilder } from './builder';
import { parseCode } from './code';
import { parseCsv } from './csv';
import { parseDocx } from './docx';
import { parseEmail } from './email';
import { parseEpub } from './epub';
import { accessError, describe, parseErrors } from './errors';
import { parseHtml } from './html';
import { parseImage } from './image';
import { kindOf } from './kind';
import { parseMarkdown } from './markdown';
import { parseOdt } from './odt';
import { DEFAULT_MAX_BYTES, type ParseOptions } from './options';
import { parsePdf } from './pdf';
import { parsePptx } from './pptx';
import { parseRtf } from './rtf';
import { parseText } from './text';
import { parseXlsx } from './xlsx';

const LABELS: Record<FileKind, string> = {
  pdf: 'This PDF',
  docx: 'This Word document',
  markdown: 'This Markdown file',
  text: 'This text file',
  html: 'This HTML file',
  image: 'This image',
  pptx: 'This PowerPoint presentation',
  xlsx: 'This Excel workbook',
  odt: 'This OpenDocument text',
  epub: 'This EPUB book',
  rtf: 'This RTF document',
  csv: 'This CSV file',
  email: 'This email',
  code: 'This source file',
};

function dispatch(
  kind: FileKind,
  bytes: Uint8Array,
  opts: ParseOptions,
  filePath: string,
): ParsedDocument | Promise<ParsedDocument> {
  const ext = path.extname(filePath).toLowerCase();
  switch (kind) {
    case 'pdf':
      return parsePdf(bytes, { password: opts.password, ocr: opts.ocr ?? null, onProgress: opts.onProgress });
    case 'docx':
      return parseDocx(bytes);
    case 'markdown':
      return parseMarkdown(bytes);
    case 'text':
      return parseText(bytes);
    case 'html':
      return parseHtml(bytes);
    case 'image':
      return parseImage(bytes, { ocr: opts.ocr ?? null, onProgress: opts.onProgress });
    case 'pptx':
      return parsePptx(bytes);
    case 'xlsx':
      return parseXlsx(bytes);
    case 'odt':
      return parseOdt(bytes);
    case 'epub':
      return parseEpub(bytes);
    case 'rtf':
      return parseRtf(bytes);
    case 'csv':
      return parseCsv(bytes, ext);
    case 'email':
      return parseEmail(bytes);
    case 'code':
      return parseCode(bytes);
  }
}

export async function parseInProcess(filePath: string, opts: ParseOptions = {}): Promise<ParsedDocument> {
  const kind = kindOf(filePath);
  if (!kind) {
    const ext = path.extname(filePath);
    throw parseErrors.unsupported(`Lucarne does not read ${ext ? `${ext} files` : 'files without an extension'}.`);
  }
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  let size: number;
  try {
    const info = await stat(filePath);
    if (info.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    size = info.size;
  } catch (err) {
    throw accessError(err);
  }
  if (size > maxBytes) throw parseErrors.tooLarge(size, maxBytes);
  let bytes: Uint8Array;
  try {
    bytes = await readFile(filePath);
  } catch (err) {
    throw accessError(err);
  }
  if (bytes.byteLength > maxBytes) throw parseErrors.tooLarge(bytes.byteLength, maxBytes);
  if (bytes.byteLength === 0) return new DocumentBuilder(kind).build({ verdict: 'empty', paged: kind === 'pdf' });
  try {
    return await dispatch(kind, bytes, opts, filePath);
  } catch (err) {
    if (err instanceof ParseError) throw err;
    throw parseErrors.corrupt(LABELS[kind], describe(err));
  }
}
