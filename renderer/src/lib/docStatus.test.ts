import { describe, expect, it } from 'vitest';
import { ocrProblem } from './docStatus';
import { documentVerdict } from '../../../electron/engine/library/status-messages';

describe('ocrProblem', () => {
  it("reads why a scan gave no text from the engine's message", () => {
    expect(
      ocrProblem(
        'no-text-layer',
        'This image has no text layer, and reading text in images (OCR) is turned off. Turn it on in Settings to index it.',
      ),
    ).toBe('off');
    expect(
      ocrProblem(
        'no-text-layer',
        'This PDF is made of scanned images and has no text layer, and OCR failed on it (x).',
      ),
    ).toBe('failed');
    expect(ocrProblem('no-text-layer', 'OCR found no readable text on its 2 pages: it may be a picture…')).toBe(
      'nothing',
    );
  });

  it('is null for other statuses and messages', () => {
    expect(ocrProblem('failed', 'reading text in images (OCR) is turned off')).toBeNull();
    expect(ocrProblem('no-text-layer', null)).toBeNull();
    expect(ocrProblem('no-text-layer', 'No text layer.')).toBeNull();
  });
});

describe('the engine’s scan messages', () => {
  // The engine words these messages (electron/engine/library/status-messages.ts); the panel tells the
  // reasons apart from them: a change of wording there must keep them apart here.
  it('are each recognised as their reason', () => {
    const off = documentVerdict('no-text-layer', 0, { kind: 'pdf' });
    const failed = documentVerdict('no-text-layer', 0, {
      kind: 'image',
      ocr: { attempted: 1, recognised: 0, error: 'x' },
    });
    const nothing = documentVerdict('no-text-layer', 0, { kind: 'pdf', ocr: { attempted: 2, recognised: 0 } });
    expect(ocrProblem(off.status, off.message)).toBe('off');
    expect(ocrProblem(failed.status, failed.message)).toBe('failed');
    expect(ocrProblem(nothing.status, nothing.message)).toBe('nothing');
  });
});
