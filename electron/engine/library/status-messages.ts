// Every way a file can end up not indexed, turned into a status and a sentence that tells the user what
// they can do about it. The UI shows `message` as is (it maps statuses, not messages, to translations).
import { errorMessage } from '../../../shared/errors';
import type { DocStatus } from '../../../shared/types';
import type { ParsedDocument, ParseErrorCode } from '../types';

export interface StatusVerdict {
  status: DocStatus;
  message: string | null;
}

function withDetail(message: string, detail: string | undefined): string {
  const d = detail?.trim();
  return d ? `${message} (${d})` : message;
}

const PARSE_ERROR_STATUS: Record<ParseErrorCode, { status: DocStatus; fallback: string }> = {
  'needs-password': {
    status: 'needs-password',
    fallback: 'This file is password-protected. Enter its password to index it.',
  },
  'wrong-password': {
    status: 'wrong-password',
    fallback: 'The password did not open this file. Enter the correct password to index it.',
  },
  corrupt: {
    status: 'failed',
    fallback:
      'The file is damaged or is not a valid document, so no text could be read. Open it in its original application, save or export a fresh copy, then retry.',
  },
  timeout: {
    status: 'failed',
    fallback:
      'Reading this file took too long and was stopped. It may be very large or malformed; try splitting it or saving a simpler copy, then retry.',
  },
  'out-of-memory': {
    status: 'failed',
    fallback:
      'Reading this file needed too much memory and was stopped (it may contain huge images). Save a copy without the large images, then retry.',
  },
  unsupported: {
    status: 'unsupported',
    fallback:
      'Lucarne cannot read this kind of file. Convert it to a format Lucarne reads (PDF, Word, OpenDocument, Markdown, HTML, plain text…) to index it.',
  },
  unreadable: {
    status: 'failed',
    fallback:
      'The file could not be opened. Check that it still exists and that you have permission to read it, then retry.',
  },
  'too-large': {
    status: 'too-large',
    fallback: 'This file is larger than the size limit. Raise "Maximum file size" in Settings to index it.',
  },
};

/**
 * The parsers word their errors for the user (what happened, what to do), so their message is kept; the
 * fallback covers errors that arrive without one.
 */
export function parseErrorVerdict(code: ParseErrorCode, parserMessage?: string): StatusVerdict {
  const entry = PARSE_ERROR_STATUS[code];
  const message = parserMessage?.trim();
  return { status: entry.status, message: message || entry.fallback };
}

export function tooLargeVerdict(size: number, maxFileMb: number): StatusVerdict {
  const mb = (size / (1024 * 1024)).toFixed(1);
  return {
    status: 'too-large',
    message: `This file is ${mb} MB, above the ${maxFileMb} MB limit. Raise "Maximum file size" in Settings to index it.`,
  };
}

/** Why scanned pages or an image gave no text: OCR off, OCR failed, or OCR found nothing readable. */
function scanMessage(doc: Pick<ParsedDocument, 'kind' | 'ocr'>): string {
  const what = doc.kind === 'image' ? 'This image' : 'This PDF is made of scanned images and';
  if (!doc.ocr) {
    return `${what} has no text layer, and reading text in images (OCR) is turned off. Turn it on in Settings to index it.`;
  }
  if (doc.ocr.error) {
    return `${what} has no text layer, and OCR failed on it (${doc.ocr.error}). Try again later; if it keeps failing, turn OCR off and on in Settings.`;
  }
  const scope =
    doc.kind === 'image' ? 'in it' : `on its ${doc.ocr.attempted === 1 ? 'page' : `${doc.ocr.attempted} pages`}`;
  return `OCR found no readable text ${scope}: it may be a picture without text, too blurred or too small, or in a language other than the ones chosen in Settings.`;
}

/**
 * Status for a document the parser read without error; null message for a normally indexed file. `doc`
 * (kind and OCR summary) makes the message for scans precise.
 */
export function documentVerdict(
  verdict: ParsedDocument['verdict'],
  chunkCount: number,
  doc: Pick<ParsedDocument, 'kind' | 'ocr'> = { kind: 'pdf' },
): StatusVerdict {
  switch (verdict) {
    case 'empty':
      return {
        status: 'empty',
        message:
          doc.kind === 'image' && doc.ocr
            ? scanMessage(doc)
            : 'No text was found in this document: it looks blank. Nothing to index.',
      };
    case 'no-text-layer':
      return { status: 'no-text-layer', message: scanMessage(doc) };
    case 'garbage-text':
      return {
        status: 'garbage-text',
        message:
          'The text in this PDF cannot be extracted correctly (its fonts have no usable character map). Run it through OCR software, or export it again from the original, to index it.',
      };
    case 'ok':
      return chunkCount > 0
        ? { status: 'indexed', message: null }
        : { status: 'empty', message: 'No text was found in this document: it looks blank. Nothing to index.' };
  }
}

export function unexpectedErrorVerdict(error: unknown, attempts: number): StatusVerdict {
  const detail = errorMessage(error);
  return {
    status: 'failed',
    message: withDetail(
      `Indexing failed after ${attempts} attempt${attempts === 1 ? '' : 's'} because of an unexpected error. Retry it; if it keeps failing, the file may be damaged.`,
      detail,
    ),
  };
}

export function crashedVerdict(deaths: number): StatusVerdict {
  return {
    status: 'failed',
    message: `Lucarne stopped unexpectedly ${deaths} times while indexing this file, so it was set aside. Retry it, or check that it opens in its own application.`,
  };
}

/** Set aside while updating: the version indexed before is complete and stays searchable. */
export function updateFailedVerdict(deaths: number): StatusVerdict {
  return {
    status: 'indexed',
    message: `Indexed, update failed: Lucarne stopped unexpectedly ${deaths} times while indexing the latest version of this file, so the version indexed before stays searchable. Retry it, or check that it opens in its own application.`,
  };
}
