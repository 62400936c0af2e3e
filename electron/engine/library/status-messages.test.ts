import { describe, expect, it } from 'vitest';
import { DOC_STATUSES } from '../../../shared/types';
import type { ParseErrorCode } from '../types';
import { documentVerdict, parseErrorVerdict, tooLargeVerdict } from './status-messages';

const CODES: ParseErrorCode[] = [
  'needs-password',
  'wrong-password',
  'corrupt',
  'timeout',
  'out-of-memory',
  'unsupported',
  'unreadable',
  'too-large',
];
const ACTION = /\b(enter|retry|run|raise|convert|check|save|export|try)\b/i;

describe('status messages', () => {
  it('maps every parse error code to a status and a message saying what to do', () => {
    for (const code of CODES) {
      const v = parseErrorVerdict(code);
      expect(DOC_STATUSES).toContain(v.status);
      expect(v.status).not.toBe('indexed');
      expect(v.message).toMatch(ACTION);
    }
    expect(parseErrorVerdict('needs-password').status).toBe('needs-password');
    expect(parseErrorVerdict('wrong-password').status).toBe('wrong-password');
    // The parser's own wording (already written for the user) wins over the fallback.
    expect(parseErrorVerdict('corrupt', 'The PDF is damaged (bad xref). Save a new copy.').message).toBe(
      'The PDF is damaged (bad xref). Save a new copy.',
    );
    expect(parseErrorVerdict('timeout', '  ').message).toMatch(/too long/);
  });

  it('maps every verdict, and an ok document without chunks is empty', () => {
    expect(documentVerdict('ok', 3)).toEqual({ status: 'indexed', message: null });
    expect(documentVerdict('ok', 0).status).toBe('empty');
    for (const v of ['empty', 'no-text-layer', 'garbage-text'] as const) {
      const r = documentVerdict(v, 0);
      expect(r.status).toBe(v);
      expect(r.message).toBeTruthy();
    }
    expect(documentVerdict('no-text-layer', 0).message).toMatch(/OCR/);
    expect(tooLargeVerdict(300 * 1024 * 1024, 200).message).toMatch(/300\.0 MB.*200 MB/);
  });
});
