// Options of parseFile / parseInProcess and their defaults.

/** OCR of scanned pages and images; null or absent: no OCR. */
export interface OcrOptions {
  /** Tesseract language models to read with, e.g. ['fra', 'eng'] (shipped: eng, fra). */
  languages: string[];
  /** How many pages are recognised at once (one Tesseract worker thread each). */
  concurrency: number;
}

/**
 * Work inside one file advances: `done` of `total` steps. 'ocr' steps (a page recognised: slow) are shown to
 * the user and restart the parse time limit; 'read' steps (a PDF page's text read: fast) only tell the
 * indexing loop how far into the file it got, for blaming a file that crashes the process (store/jobs.ts).
 */
export type ParseProgress = (progress: { stage: 'ocr' | 'read'; done: number; total: number }) => void;

export interface ParseOptions {
  /** Password for an encrypted PDF. */
  password?: string;
  /** Files above this size are refused before being read (default 256 MiB). */
  maxBytes?: number;
  /** Wall-clock limit for one file, in the worker (default 60 s). */
  timeoutMs?: number;
  /** Heap limit of the worker that parses the file (default 1024 MB). */
  memoryMb?: number;
  /** OCR for pages without a text layer and for images; off when null or absent. */
  ocr?: OcrOptions | null;
  /** Called as long work inside the file advances (OCR pages). */
  onProgress?: ParseProgress;
}

export const DEFAULT_MAX_BYTES = 256 * 1024 * 1024;
export const DEFAULT_TIMEOUT_MS = 60_000;
export const DEFAULT_MEMORY_MB = 1024;
