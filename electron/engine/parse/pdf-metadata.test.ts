// A PDF's info dictionary as title and metadata, on a real filing (shared/fixtures/sec10q).
import { afterAll, describe, expect, it } from 'vitest';
import { sharedFixture } from '../../../test-support/fixture-paths';
import { closeParsers, parseFile } from './index';
import { isPlaceholderTitle, pdfDate } from './pdf-metadata';

afterAll(() => closeParsers());

describe('PDF metadata', () => {
  it('reads Author, Subject, Keywords and dates of a real filing', async () => {
    const doc = await parseFile(sharedFixture('sec10q', 'docs', '2023 Q3 MSFT.pdf'));
    expect(doc.title).toBe('Form 10-Q for Microsoft Corp filed 10/24/2023');
    expect(doc.meta).toMatchObject({
      author: 'Kaleidoscope - kscope.io',
      subject: '10-Q filed 10/24/2023',
      keywords: 'Microsoft Corp 10-Q',
      created: '2023-10-24',
    });
  }, 60_000);

  it('reads PDF dates and tells placeholder titles', () => {
    expect(pdfDate("D:20230804100209+02'00'")).toBe('2023-08-04');
    expect(pdfDate('D:2019')).toBe('2019');
    expect(pdfDate('D:202311')).toBe('2023-11');
    expect(pdfDate('yesterday')).toBeUndefined();
    expect(isPlaceholderTitle('Microsoft Word - notes.docx')).toBe(true);
    expect(isPlaceholderTitle('Annual report 2019')).toBe(false);
  });
});
