// Running headers and footers in the library: indexed without them (not searchable, in no chunk), stored as
// page metadata with the document text, chunk offsets exact. Real parser, chunker, SQLite and FAISS.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeParsers } from '../parse/index';
import { REVIEW_AUTHOR, REVIEW_HEADER, reviewTextPdf } from '../parse/test-support/running-pages';
import { tempDir } from './test-support/helpers';
import { type OpenLibrary, openLibrary } from './open-library';

describe('a PDF with a running header and footer, indexed', () => {
  let data: ReturnType<typeof tempDir>;
  let docs: ReturnType<typeof tempDir>;
  let lib: OpenLibrary;

  beforeAll(async () => {
    data = tempDir('lucarne-running-data-');
    docs = tempDir('lucarne-running-docs-');
    writeFileSync(join(docs.path, 'review.pdf'), await reviewTextPdf());
    lib = await openLibrary(data.path, { library: { watch: false } });
    await lib.library.addFolder(docs.path);
    await lib.library.start({ watch: false });
    await lib.library.whenIdle();
  }, 120_000);

  afterAll(async () => {
    await lib?.close();
    await closeParsers();
    data?.cleanup();
    docs?.cleanup();
  });

  it('keeps the header and footer with each page, out of the text, the chunks and the keyword index', () => {
    const doc = lib.store.getDocumentByPath(join(docs.path, 'review.pdf'))!;
    expect(doc.status).toBe('indexed');
    const stored = lib.store.getDocumentText(doc.id)!;
    expect(stored.text).not.toContain(REVIEW_HEADER);
    expect(stored.pages.map((p) => [p.label, p.running])).toEqual(
      stored.pages.map((p) => [
        String(p.number),
        { top: [p.number % 2 === 0 ? REVIEW_HEADER : REVIEW_AUTHOR], bottom: [`Page ${p.number} of 6`] },
      ]),
    );
    const chunks = lib.store.documentChunks(doc.id);
    expect(chunks.length).toBeGreaterThan(0);
    for (const chunk of chunks) {
      expect(stored.text.slice(chunk.charStart, chunk.charEnd)).toBe(chunk.text);
      expect(chunk.text).not.toMatch(/Chuttur|Page \d of 6/);
    }
    expect(lib.store.keywordSearch('Chuttur', 5)).toEqual([]);
    expect(lib.store.keywordSearch('perceived usefulness', 5).length).toBeGreaterThan(0);
  });
});
