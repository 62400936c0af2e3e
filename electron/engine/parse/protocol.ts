// Messages between the parser pool and its worker threads.
import type { ParsedDocument, ParseErrorCode } from '../types';
import type { OcrOptions, ParseProgress } from './options';

export interface ParseRequest {
  id: number;
  path: string;
  opts: { password?: string; maxBytes?: number; ocr?: OcrOptions | null };
  /** Load the parsers' libraries (pdf.js) and parse nothing: the next file does not pay for it. */
  warm?: boolean;
}

/** Sent while a file is being parsed: pages read, OCR advancing (which restarts the file's time limit). */
export interface ParseProgressMessage {
  id: number;
  progress: Parameters<ParseProgress>[0];
}

/** `heapMb`: the worker's V8 heap after the file, so the pool can replace a worker whose heap has grown. */
export type ParseResponse =
  | { id: number; ok: true; doc: ParsedDocument; heapMb?: number }
  | { id: number; ok: true; warmed: true; heapMb?: number }
  | { id: number; ok: false; error: { code: ParseErrorCode; message: string }; heapMb?: number };
