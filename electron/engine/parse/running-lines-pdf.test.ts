// Running headers and footers through the real parsers (pdf.js; Tesseract for the scan), the chunker and the
// offline extractive answer: the header is out of the text and of every chunk, kept on its page, offsets
// index the final text, and no answer sentence starts with the header.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExtractiveGenerator } from '../answer/extractive';
import { chunkDocument } from '../chunk';
import { closeOcr } from '../ocr/ocr-engine';
import type { ContextPassage, ParsedDocument } from '../types';
import { closeParsers, parseInProcess } from './index';
import { expectWellFormed } from './test-support/helpers';
import { REVIEW_AUTHOR, REVIEW_HEADER, reviewScannedPdf, reviewTextPdf } from './test-support/running-pages';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'lucarne-running-'));
});
afterAll(async () => {
  await closeParsers();
  await closeOcr();
  await rm(dir, { recursive: true, force: true });
});

async function parse(name: string, bytes: Uint8Array, ocr = false): Promise<ParsedDocument> {
  const file = path.join(dir, name);
  await writeFile(file, bytes);
  const doc = await parseInProcess(file, { ocr: ocr ? { languages: ['eng'], concurrency: 1 } : null });
  expectWellFormed(doc);
  return doc;
}

/** Small chunks (about a paragraph), as passages the answer step would get, best first as given. */
function passagesOf(doc: ParsedDocument, file: string): ContextPassage[] {
  return chunkDocument(doc, { targetTokens: 60, overlapTokens: 0 }).map((c, i) => ({
    n: i + 1,
    chunkId: i + 1,
    documentId: 1,
    path: file,
    pageStart: c.pageStart,
    pageEnd: c.pageEnd,
    pageLabel: c.pageLabel,
    charStart: c.charStart,
    charEnd: c.charEnd,
    text: c.text,
  }));
}

/** Every chunk is the text at its offsets, and the page its offsets fall in is among the pages it names. */
function expectExactOffsets(doc: ParsedDocument): void {
  for (const chunk of chunkDocument(doc, { targetTokens: 60, overlapTokens: 0 })) {
    expect(doc.text.slice(chunk.charStart, chunk.charEnd)).toBe(chunk.text);
    const page = doc.pages.find((p) => chunk.charStart >= p.start && chunk.charStart < p.end);
    expect(page?.number).toBe(chunk.pageStart);
  }
}

/** The bullets of an offline answer to `question` over the document's passages. */
async function answerBullets(question: string, passages: ContextPassage[]): Promise<string[]> {
  let text = '';
  const generator = new ExtractiveGenerator();
  for await (const e of generator.generate({
    question,
    history: [],
    passages,
    system: '',
    prompt: '',
    language: 'en',
  })) {
    if (e.type === 'text') text += e.text;
  }
  return text
    .split('\n')
    .filter((l) => l.startsWith('- '))
    .map((l) => l.slice(2));
}

const HEADER_START = /^(Overview of ?the Technology|M ?Y Chuttur)/;

describe('a text PDF with a running header (alternating title and author) and a "Page n of N" footer', () => {
  it('keeps them out of the text and the chunks, on each page instead, with the printed page number', async () => {
    const doc = await parse('review.pdf', await reviewTextPdf());
    expect(doc.pageCount).toBe(6);
    expect(doc.text).not.toContain(REVIEW_HEADER);
    expect(doc.text).not.toContain(REVIEW_AUTHOR);
    expect(doc.text).not.toMatch(/Page \d of 6/);
    expect(doc.pages.map((p) => p.running)).toEqual(
      doc.pages.map((p) => ({
        top: [p.number % 2 === 0 ? REVIEW_HEADER : REVIEW_AUTHOR],
        bottom: [`Page ${p.number} of 6`],
      })),
    );
    expect(doc.pages.map((p) => p.label)).toEqual(['1', '2', '3', '4', '5', '6']);
    // The body is whole: each page starts with its first body line.
    expect(doc.text.slice(doc.pages[1].start)).toMatch(/^Perceived ease of use is the degree/);
    expectExactOffsets(doc);
    const bullets = await answerBullets(
      'What does the Technology Acceptance Model explain?',
      passagesOf(doc, 'review.pdf'),
    );
    expect(bullets.length).toBeGreaterThan(0);
    expect(bullets[0]).toMatch(/^The Technology Acceptance Model explains why people adopt/);
    for (const b of bullets) expect(b).not.toMatch(HEADER_START);
  });
});

describe('a scanned review whose header OCR reads into the first paragraph of each page', () => {
  it('keeps the header out of the chunks and answers, on each page instead', async () => {
    const doc = await parse('scanned-review.pdf', await reviewScannedPdf(), true);
    expect(doc.ocr).toEqual({ attempted: 4, recognised: 4 });
    expect(doc.text).not.toMatch(/Acceptance Model\W+M ?Y Chuttur/);
    expect(doc.text).not.toMatch(/Chuttur/);
    for (const page of doc.pages) {
      expect(page.running?.top).toHaveLength(1);
      expect(page.running?.top[0]).toMatch(/^Overview of ?the Technology Acceptance Model\W+M ?Y Chuttur$/);
      expect(doc.text.slice(page.start, page.end)).not.toMatch(/^Overview/);
    }
    expect(doc.text.slice(doc.pages[2].start)).toMatch(/^Later studies extended the model/);
    expectExactOffsets(doc);
    const bullets = await answerBullets(
      'What does the Technology Acceptance Model explain?',
      passagesOf(doc, 'scanned-review.pdf'),
    );
    expect(bullets.length).toBeGreaterThan(0);
    expect(bullets.join('\n')).toMatch(/The Technology Acceptance Model explains why people/);
    for (const b of bullets) expect(b).not.toMatch(HEADER_START);
  }, 180_000);
});
