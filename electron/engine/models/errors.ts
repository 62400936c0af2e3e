// The errors of the model files (reading a GGUF header) and of model downloads, each with a stable code the UI
// translates and a message that says what happened and what the user can do. Kept apart from the modules that
// throw them so the scanner, the CLI and the engine's RPC can recognise them without loading those modules.

/** Why a model file could not be read. */
export type ModelFileErrorCode =
  /** Not a GGUF file at all (its first bytes are not the GGUF magic). */
  | 'not-gguf'
  /** Shorter than its own header says: an interrupted download or copy, or a read that failed midway. */
  | 'truncated'
  /** Missing, a folder, or not readable (permissions). */
  | 'unreadable'
  /** A GGUF whose header does not parse (damaged, or a format version this reader does not know). */
  | 'corrupt'
  /** A GGUF that is not a model on its own (a vision projector, "mmproj"). */
  | 'not-a-model';

export class ModelFileError extends Error {
  constructor(
    readonly code: ModelFileErrorCode,
    message: string,
    readonly path: string,
  ) {
    super(message);
    this.name = 'ModelFileError';
  }
}

/** Why a download stopped. */
export type DownloadErrorCode =
  /** Not an http(s) URL. */
  | 'bad-url'
  /** Not enough free space where the file goes. */
  | 'disk-space'
  /** The server answered with an error status (404, 500…). */
  | 'http'
  /** The connection failed or dropped and the retries ran out; the part downloaded so far is kept. */
  | 'network'
  /** Cancelled by the user; the part downloaded so far is kept for a later resume. */
  | 'cancelled'
  /** The bytes do not match the expected SHA-256 (or size); the partial file was deleted. */
  | 'checksum'
  /** Writing the file failed (disk full midway, permissions). */
  | 'write';

export class DownloadError extends Error {
  constructor(
    readonly code: DownloadErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DownloadError';
  }
}

/** `{ code, message }` of an error for a listing (a broken file is listed with it, never thrown). */
export function describeModelError(err: unknown, path: string): { code: ModelFileErrorCode; message: string } {
  if (err instanceof ModelFileError) return { code: err.code, message: err.message };
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'corrupt', message: `${path} could not be read as a GGUF model: ${message}` };
}
