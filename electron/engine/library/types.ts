// Types shared by the library's modules (folders, queue, pipeline) and the code that builds a Library.
import type { OcrSettings, Settings } from '../../../shared/api';
import type { FileKind } from '../../../shared/types';
import type { ParseOptions } from '../parse/options';
import type { ChunkDraft, ChunkOptions, ParsedDocument } from '../types';

/** The settings the library reads each time it needs them (so a change applies to the next file). */
export interface LibrarySettings
  extends Pick<Settings, 'chunkTokens' | 'chunkOverlap' | 'maxFileMb' | 'include' | 'exclude'> {
  /** OCR of scanned pages and images; absent or disabled: none. */
  ocr?: OcrSettings;
}

export type ParseFn = (
  path: string,
  opts: Pick<ParseOptions, 'password' | 'maxBytes' | 'timeoutMs' | 'ocr' | 'onProgress'>,
) => Promise<ParsedDocument>;
export type ChunkFn = (doc: ParsedDocument, opts?: Partial<ChunkOptions>) => ChunkDraft[];
export type KindOfFn = (path: string) => FileKind | null;

export interface LibraryLog {
  info?(message: string): void;
  warn(message: string): void;
}

export class LibraryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LibraryError';
  }
}
