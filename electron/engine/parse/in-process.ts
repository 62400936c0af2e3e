// Parses one file in the calling thread: size and access checks, then the parser for its kind. The
// worker runs exactly this; it is also callable directly for debugging and benchmarks.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { FileKind } from '../../../shared/types';
import type { ParsedDocument } from '../types';
import { ParseError } from '../types';
import { DocumentBuilder } from './builder';
import { parseDocx } from './docx';
import { describe, parseErrors } from './errors';
import { parseHtml } from './html';
import { kindOf } from './kind';
import { parseMarkdown } from './markdown';
import { DEFAULT_MAX_BYTES, type ParseOptions } from './options';
import { parsePdf } from './pdf';
import { parseText } from './text';

const LABELS: Record<FileKind, string> = {
  pdf: 'This PDF',
  docx: 'This Word document',
  markdown: 'This Markdown file',
  text: 'This text file',
  html: 'This HTML file',
};

function accessError(err: unknown): ParseError {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  const reason =
    code === 'EACCES' || code === 'EPERM'
      ? 'permission denied'
      : code === 'ENOENT'
        ? 'it no longer exists'
        : code === 'EISDIR'
          ? 'it is a folder'
          : code === 'EBUSY'
            ? 'it is locked by another program'
            : (code ?? describe(err));
  return parseErrors.unreadable(reason);
}

function dispatch(kind: FileKind, bytes: Uint8Array, opts: ParseOptions): ParsedDocument | Promise<ParsedDocument> {
  switch (kind) {
    case 'pdf':
      return parsePdf(bytes, { password: opts.password });
    case 'docx':
      return parseDocx(bytes);
    case 'markdown':
      return parseMarkdown(bytes);
    case 'text':
      return parseText(bytes);
    case 'html':
      return parseHtml(bytes);
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
    return await dispatch(kind, bytes, opts);
  } catch (err) {
    if (err instanceof ParseError) throw err;
    throw parseErrors.corrupt(LABELS[kind], describe(err));
  }
}
