import { describe, expect, it } from 'vitest';
import type { IndexProgress } from '../../../shared/types';
import { formatDuration, formatProgressLine } from './report';

const progress = (p: Partial<IndexProgress>): IndexProgress => ({
  state: 'indexing',
  filesDone: 12,
  filesTotal: 35,
  currentFile: '/home/me/papers/a-rather-long-file-name-for-a-report.pdf',
  chunksDone: 300,
  chunksPerSecond: 48.2,
  etaSeconds: 83,
  fileStep: null,
  ...p,
});

describe('progress line', () => {
  it('shows the bar, counts, speed, ETA and the current file, within the width', () => {
    const line = formatProgressLine(progress({}), 140);
    expect(line).toMatch(
      /^\[#{7}\.{13}\] 12\/35 files · 48 chunks\/s · ETA 1:23 · a-rather-long-file-name-for-a-report\.pdf$/,
    );
    const narrow = formatProgressLine(progress({}), 80);
    expect(narrow.length).toBeLessThanOrEqual(80);
    expect(narrow).toMatch(/ · a-rath.*….*\.pdf$/);
    expect(formatProgressLine(progress({ currentFile: null, etaSeconds: null }), 100)).not.toMatch(/ETA/);
    expect(formatProgressLine(progress({ filesDone: 35, etaSeconds: 0 }), 100, false)).toMatch(/^35\/35 files/);
  });

  it('names the OCR page being read in the current file', () => {
    const line = formatProgressLine(progress({ fileStep: { stage: 'ocr', done: 2, total: 12 } }), 140);
    expect(line).toMatch(/OCR page 3\/12/);
    expect(formatProgressLine(progress({}), 140)).not.toMatch(/OCR/);
  });

  it('formats durations', () => {
    expect(formatDuration(5)).toBe('0:05');
    expect(formatDuration(3725)).toBe('1:02:05');
  });
});
