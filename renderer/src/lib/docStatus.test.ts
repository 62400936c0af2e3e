import { describe, expect, it } from 'vitest';
import { ocrProblem } from './docStatus';

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
