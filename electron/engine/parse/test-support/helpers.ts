// Shared by the parser tests: fixture paths, and the invariants every ParsedDocument must hold.
import path from 'node:path';
import { expect } from 'vitest';
import { sharedFixture } from '../../../../test-support/fixture-paths';
import type { ParsedDocument } from '../../types';

export const FIXTURES = sharedFixture('docs');

export function fixture(name: string): string {
  return path.join(FIXTURES, name);
}

/** Non-whitespace characters: comparable with the manifest's pdftotext counts. */
export function visibleChars(text: string): number {
  return text.replace(/\s/g, '').length;
}

/** Offsets in range and ordered, blocks non-overlapping, pages contiguous, text normalised. */
export function expectWellFormed(doc: ParsedDocument): void {
  const n = doc.text.length;
  let previousEnd = 0;
  for (const block of doc.blocks) {
    expect(block.start).toBeGreaterThanOrEqual(previousEnd);
    expect(block.end).toBeGreaterThan(block.start);
    expect(block.end).toBeLessThanOrEqual(n);
    const text = doc.text.slice(block.start, block.end);
    // Code keeps its indentation; every block ends on a visible character.
    expect(block.kind === 'code' ? text.trimEnd() : text.trim()).toBe(text);
    if (block.kind === 'heading') expect(block.level).toBeGreaterThanOrEqual(1);
    previousEnd = block.end;
  }
  let previousPageEnd = 0;
  doc.pages.forEach((page, i) => {
    expect(page.number).toBe(i + 1);
    expect(page.start).toBeGreaterThanOrEqual(previousPageEnd);
    expect(page.end).toBeGreaterThanOrEqual(page.start);
    expect(page.end).toBeLessThanOrEqual(n);
    previousPageEnd = page.end;
  });
  if (doc.kind === 'pdf') expect(doc.pageCount).toBe(doc.pages.length);
  expect(doc.text).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F\uFEFF]/);
  expect(doc.text).toBe(doc.text.normalize('NFC'));
  const prose = doc.blocks.filter((b) => b.kind !== 'code').map((b) => doc.text.slice(b.start, b.end));
  for (const text of prose) expect(text).not.toMatch(/ {2,}/);
  if (doc.verdict !== 'ok') expect(doc.text.trim()).toBe('');
}
