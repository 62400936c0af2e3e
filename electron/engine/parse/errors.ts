// One place for the wording of parse failures: each says what happened and what the user can do.
import { errorMessage } from '../../../shared/errors';
import { ParseError } from '../types';

function seconds(ms: number): string {
  return ms >= 10_000 ? `${Math.round(ms / 1000)} s` : `${Number((ms / 1000).toFixed(1))} s`;
}

function mb(bytes: number): string {
  const value = bytes / (1024 * 1024);
  return value >= 10 ? `${Math.round(value)} MB` : `${value.toFixed(1)} MB`;
}

export const parseErrors = {
  tooLarge: (size: number, limit: number) =>
    new ParseError(
      'too-large',
      `The file is ${mb(size)}, above the ${mb(limit)} size limit, so it was not read. Raise the limit in the settings to index it.`,
    ),
  unreadable: (reason: string) =>
    new ParseError(
      'unreadable',
      `The file could not be read (${reason}). Check that it exists and that you may read it.`,
    ),
  unsupported: (what: string) =>
    new ParseError(
      'unsupported',
      `${what} Convert it to a format Lucarne reads (PDF, Word, OpenDocument, Markdown, HTML, plain text…) to index it.`,
    ),
  corrupt: (what: string, detail?: string) =>
    new ParseError(
      'corrupt',
      `${what} could not be read: it looks damaged${detail ? ` (${detail})` : ''}. If it opens in another program, save or export a new copy and index that.`,
    ),
  pdfNeedsPassword: () =>
    new ParseError('needs-password', 'This PDF is password-protected. Enter its password to index it.'),
  pdfWrongPassword: () =>
    new ParseError(
      'wrong-password',
      'The password given did not open this PDF. Check it (letter case matters) and enter it again.',
    ),
  docxEncrypted: () =>
    new ParseError(
      'needs-password',
      'This Word document is password-protected (encrypted). Decrypting Word encryption is not supported yet; save an unprotected copy from Word and index that.',
    ),
  /** An encrypted office document (OOXML in an OLE container, or OpenDocument with encrypted parts). */
  officeEncrypted: (what: string, app: string) =>
    new ParseError(
      'needs-password',
      `${what} is password-protected (encrypted). Decrypting it is not supported yet; save an unprotected copy from ${app} and index that.`,
    ),
  /** The package holds another kind of document than its extension says (a .docx renamed .pptx). */
  wrongFormat: (what: string, actual: string) =>
    new ParseError(
      'corrupt',
      `${what} could not be read: the file is in fact ${actual}, so its extension is wrong. Rename it with the right extension to index it.`,
    ),
  /** A part of a ZIP package unpacks beyond the limit: a damaged file or a zip bomb. */
  partTooLarge: (what: string, limit: number) =>
    new ParseError(
      'too-large',
      `${what} was not read: a part of it unpacks to more than ${mb(limit)}, far beyond what a real document needs. The file may be damaged or built to exhaust memory.`,
    ),
  drmProtected: (what: string) =>
    new ParseError(
      'unsupported',
      `${what} is protected by DRM (its chapters are encrypted), so its text cannot be read. A DRM-free copy can be indexed.`,
    ),
  timeout: (ms: number) =>
    new ParseError(
      'timeout',
      `Reading the file took longer than ${seconds(ms)} and was stopped. It may be very large or malformed; try splitting it, or raise the time limit in the settings.`,
    ),
  outOfMemory: (limitMb: number) =>
    new ParseError(
      'out-of-memory',
      `Reading the file needed more than ${limitMb} MB of memory and was stopped. It may be very large or malformed; try splitting it, or raise the memory limit in the settings.`,
    ),
  crashed: (detail: string) =>
    new ParseError(
      'corrupt',
      `The parser stopped unexpectedly on this file (${detail}). It may be malformed; if it opens in another program, save a new copy and index that.`,
    ),
};

/** Message of an unknown thrown value, shortened for display. */
export function describe(err: unknown): string {
  const text = errorMessage(err);
  return text.length > 200 ? `${text.slice(0, 197)}...` : text;
}

const ACCESS_CODES = new Set(['EACCES', 'EPERM', 'EBUSY', 'ENOENT', 'ENOTDIR', 'EISDIR']);

/** A system error that says the file could not be opened (rather than that something else broke). */
export function isFileAccessError(err: unknown): boolean {
  return ACCESS_CODES.has((err as NodeJS.ErrnoException | null)?.code ?? '');
}

/** Opening or reading the file failed (permissions, a lock, gone): said in words a person can act on. */
export function accessError(err: unknown): ParseError {
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
