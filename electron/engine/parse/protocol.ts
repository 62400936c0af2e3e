// Messages between the parser pool and its worker threads.
import type { ParsedDocument, ParseErrorCode } from '../types';

export interface ParseRequest {
  id: number;
  path: string;
  opts: { password?: string; maxBytes?: number };
}

export type ParseResponse =
  | { id: number; ok: true; doc: ParsedDocument }
  | { id: number; ok: false; error: { code: ParseErrorCode; message: string } };
