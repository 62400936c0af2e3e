// Options of parseFile / parseInProcess and their defaults.

export interface ParseOptions {
  /** Password for an encrypted PDF. */
  password?: string;
  /** Files above this size are refused before being read (default 256 MiB). */
  maxBytes?: number;
  /** Wall-clock limit for one file, in the worker (default 60 s). */
  timeoutMs?: number;
  /** Heap limit of the worker that parses the file (default 1024 MB). */
  memoryMb?: number;
}

export const DEFAULT_MAX_BYTES = 256 * 1024 * 1024;
export const DEFAULT_TIMEOUT_MS = 60_000;
export const DEFAULT_MEMORY_MB = 1024;
