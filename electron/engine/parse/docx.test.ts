// Word documents on the real fixtures, plus generated broken ones.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ParsedDocument } from '../types';
import { ParseError } from '../types';
import { flattenRuby, wordXmlParagraphs } from './docx';
import { closeParsers, parseFile, parseInProcess } from './index';
import { expectWellFormed, fixture } from './test-support/helpers';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'lucarne-docx-'));
});
afterAll(async () => {
  await closeParsers();
  await rm(dir, { recursive: true, force: true });
});

async function parsed(name: string): Promise<ParsedDocument> {
  const doc = await parseFile(fixture(name));
  expectWellFormed(doc);
  expect(doc.kind).toBe('docx');
  expect(doc.pages).toEqual([]);
  expect(doc.pageCount).toBeNull();
  return doc;
}

function blockTexts(doc: ParsedDocument, kind?: string): string[] {
  return doc.blocks.filter((b) => !kind || b.kind === kind).map((b) => doc.text.slice(b.start, b.end));
}

describe('docx fixtures', () => {
  it('reads tables one row per block, each row with its header', async () => {
    const doc = await parsed('mammoth__tables.docx');
    expect(blockTexts(doc)).toEqual([
      'Above',
      'Top left | Top right',
      'Top left: Bottom left | Top right: Bottom right',
      'Below',
    ]);
    expect(blockTexts(doc, 'table-row')).toHaveLength(2);
  });

  it('tolerates ragged tables (missing cells, spans)', async () => {
    const doc = await parsed('unstr__tables-with-incomplete-rows.docx');
    const rows = blockTexts(doc, 'table-row');
    expect(rows.length).toBeGreaterThan(10);
    for (const word of ['Data', 'More', 'Dato', 'WTF?', 'Strange', 'Format']) {
      expect(rows.some((r) => r.includes(word))).toBe(true);
    }
    expect(rows).toContain('a: c | b: d');
  });

  it('reads text boxes', async () => {
    expect((await parsed('mammoth__text-box.docx')).text).toBe('Datum plane');
    const many = await parsed('docling__textbox.docx');
    // Each text box is stored twice in the file (DrawingML and a VML fallback): it is read once.
    expect(many.text.split('Student falls ill').length).toBe(2);
    expect(many.text).toContain('Infectious Disease Reporting Procedure for the 113th Academic Year Kindergarten');
    expect(blockTexts(many, 'list-item').length).toBeGreaterThan(2);
    expect(many.title).toBe('傳染病通報作業流程');
  });

  it('reads Strict OOXML', async () => {
    expect((await parsed('mammoth__strict-format.docx')).text).toBe('Test');
  });

  it('reports an empty document as empty', async () => {
    const doc = await parsed('mammoth__empty.docx');
    expect(doc.verdict).toBe('empty');
    expect(doc.text).toBe('');
  });

  it('keeps headers and footers once each', async () => {
    const doc = await parsed('pydocx__hdr-header-footer.docx');
    expect(doc.text).toContain('section with header');
    expect(doc.text).toContain('Header for section-1');
    expect(doc.text).toContain('Footer for section 1');
    expect(doc.text.split('Header for section-1').length).toBe(2);
  });

  it('keeps Japanese ruby base text and its reading', async () => {
    const doc = await parsed('poi__61470.docx');
    expect(doc.text).toContain('東京');
    expect(doc.text).toContain('とうきょう');
  });

  it('reports encrypted Word files as needing a password', async () => {
    const err = await parseFile(fixture('poi__bug53475-password-is-pass.docx')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ParseError);
    expect((err as ParseError).code).toBe('needs-password');
    expect((err as ParseError).message).toMatch(/password-protected.*not supported yet.*unprotected copy/);
  });
});

describe('generated Word files', () => {
  it('reads headings with their levels', async () => {
    const zip = await JSZip.loadAsync(await readFile(fixture('mammoth__tables.docx')));
    const w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
    const para = (text: string, style?: string) =>
      `<w:p>${style ? `<w:pPr><w:pStyle w:val="${style}"/></w:pPr>` : ''}<w:r><w:t xml:space="preserve">${text}</w:t></w:r></w:p>`;
    const style = (id: string, name: string) =>
      `<w:style w:type="paragraph" w:styleId="${id}"><w:name w:val="${name}"/></w:style>`;
    zip.file(
      'word/styles.xml',
      `<w:styles ${w}>${style('Heading1', 'heading 1')}${style('Heading2', 'heading 2')}</w:styles>`,
    );
    zip.file(
      'word/document.xml',
      `<?xml version="1.0" encoding="UTF-8"?><w:document ${w}><w:body>${para('Chapter one', 'Heading1')}${para(
        'Sub part',
        'Heading2',
      )}${para('Body text with   spaces &amp; an entity.')}</w:body></w:document>`,
    );
    const file = path.join(dir, 'generated.docx');
    await writeFile(file, await zip.generateAsync({ type: 'nodebuffer' }));
    const doc = await parseInProcess(file);
    expectWellFormed(doc);
    const headings = doc.blocks.filter((b) => b.kind === 'heading');
    expect(headings.map((b) => [doc.text.slice(b.start, b.end), b.level])).toEqual([
      ['Chapter one', 1],
      ['Sub part', 2],
    ]);
    expect(doc.text).toContain('Body text with spaces & an entity.');
  });

  it('refuses a file that is not a ZIP package as corrupt', async () => {
    const file = path.join(dir, 'not-a-zip.docx');
    await writeFile(file, 'this is plain text, not a Word document');
    const err = await parseInProcess(file).catch((e: unknown) => e);
    expect((err as ParseError).code).toBe('corrupt');
    const truncated = path.join(dir, 'truncated.docx');
    const bytes = await readFile(fixture('mammoth__tables.docx'));
    await writeFile(truncated, bytes.subarray(0, 2000));
    expect(((await parseInProcess(truncated).catch((e: unknown) => e)) as ParseError).code).toBe('corrupt');
  });
});

describe('Word XML helpers', () => {
  it('flattens ruby into base text and reading', () => {
    const xml =
      '<w:r><w:ruby><w:rubyPr/><w:rt><w:r><w:t>とうきょう</w:t></w:r></w:rt><w:rubyBase><w:r><w:t>東京</w:t></w:r></w:rubyBase></w:ruby></w:r>';
    expect(flattenRuby(xml)).toBe('<w:r><w:t xml:space="preserve">東京（とうきょう）</w:t></w:r>');
  });

  it('reads paragraphs of any namespace prefix, skipping field codes', () => {
    const xml =
      '<x:hdr><x:p><x:r><x:t>Page </x:t></x:r><x:r><x:instrText>PAGE</x:instrText></x:r><x:r><x:tab/><x:t>A &amp; B</x:t></x:r></x:p><x:p/></x:hdr>';
    expect(wordXmlParagraphs(xml)).toEqual(['Page \tA & B']);
  });
});
