// PDF parsing on the real fixtures (shared/fixtures/docs, see its manifest.tsv), through the worker pool.
import { afterAll, describe, expect, it } from 'vitest';
import type { ParsedDocument, ParseErrorCode } from '../types';
import { ParseError } from '../types';
import { closeParsers, parseFile } from './index';
import { passwordCandidates } from './pdf';
import { expectWellFormed, fixture, visibleChars } from './test-support/helpers';

afterAll(() => closeParsers());

async function outcome(name: string, password?: string): Promise<ParsedDocument | ParseError> {
  try {
    return await parseFile(fixture(name), { password });
  } catch (err) {
    if (err instanceof ParseError) return err;
    throw err;
  }
}

async function parsed(name: string, password?: string): Promise<ParsedDocument> {
  const result = await outcome(name, password);
  if (result instanceof ParseError) throw new Error(`${name}: unexpected ${result.code}: ${result.message}`);
  expectWellFormed(result);
  return result;
}

async function refused(name: string, password?: string): Promise<ParseError> {
  const result = await outcome(name, password);
  if (!(result instanceof ParseError)) throw new Error(`${name}: expected an error, got verdict ${result.verdict}`);
  expect(result.message.length).toBeGreaterThan(20);
  return result;
}

/** Expected end state of every PDF fixture (from the manifest's expected behaviour). */
const EXPECTED: Record<string, ParsedDocument['verdict'] | ParseErrorCode> = {
  'pdfjs__tracemonkey.pdf': 'ok',
  'pdfjs__french_diacritics.pdf': 'ok',
  'pdfjs__ArabicCIDTrueType.pdf': 'ok',
  'pdfjs__ThuluthFeatures.pdf': 'garbage-text',
  'pdfminer__jo.pdf': 'ok',
  'pdfjs__noembed-sjis.pdf': 'ok',
  // The manifest calls it garbage from poppler's output; pdfjs decodes this font correctly (checked
  // against a rendering of the page), so its Chinese text is kept.
  'pdfjs__XiaoBiaoSong.pdf': 'ok',
  'pdfjs__copy_paste_ligatures.pdf': 'ok',
  'pdfjs__TrueType_without_cmap.pdf': 'garbage-text',
  'pdfjs__empty_protected.pdf': 'empty',
  'unstr__copy-protected.pdf': 'ok',
  'pypdf__r2-user-password.pdf': 'needs-password',
  'unstr__password.pdf': 'needs-password',
  'pdfjs__saslprep-r6.pdf': 'needs-password',
  'pdfjs__helloworld-bad.pdf': 'ok',
  'pdfjs__GHOSTSCRIPT-698804-1-fuzzed.pdf': 'empty',
  'pdfminer__zen_of_python_corrupted.pdf': 'ok',
  // The bomb's page carries a line of real text; its image is never decoded.
  'pdfjs__bomb_giant.pdf': 'ok',
  'pdfjs__scan-bad.pdf': 'ok',
  'unstr__loremipsum-flat.pdf': 'no-text-layer',
  'markitdown__MEDRPT-2024-PAT-3847_medical_report_scan.pdf': 'no-text-layer',
  'unstr__pdf-with-ocr-text.pdf': 'ok',
  'pdfjs__freeculture.pdf': 'ok',
  'pdfjs__empty.pdf': 'empty',
  'unstr__rotated-page-90.pdf': 'ok',
  'pdfminer__simple1.pdf': 'ok',
};

describe('every PDF fixture ends with its expected verdict or error', () => {
  it.each(Object.entries(EXPECTED))('%s → %s', async (name, expected) => {
    const result = await outcome(name);
    if (result instanceof ParseError) {
      expect(result.code).toBe(expected);
    } else {
      expectWellFormed(result);
      expect(result.verdict).toBe(expected);
    }
  });
});

describe('text content', () => {
  it('keeps the French accented letters', async () => {
    const doc = await parsed('pdfjs__french_diacritics.pdf');
    expect(doc.text).toContain('à À â Â ä Ä ç Ç é É è È ê Ê ë Ë î Î ï Ï ô Ô ù Ù û Û ü Ü');
    expect(visibleChars(doc.text)).toBe(29); // the 28 letters and the page number
  });

  it('gives Arabic base letters, not presentation forms', async () => {
    const doc = await parsed('pdfjs__ArabicCIDTrueType.pdf');
    expect(doc.text.match(/[\u0621-\u064A]/g)?.length ?? 0).toBeGreaterThan(50);
    expect(doc.text).not.toMatch(/[\uFB50-\uFDFF\uFE70-\uFEFF]/);
    expect(doc.text).toContain('العربية');
    expect(doc.pages[0].label).toBe('1');
  });

  it('reads vertical Japanese columns right to left', async () => {
    const doc = await parsed('pdfminer__jo.pdf');
    expect(doc.text).toContain('わたくしといふ現象は假定された有機交流電燈の');
    expect(doc.text.indexOf('序')).toBeLessThan(doc.text.indexOf('わたくし'));
    expect(doc.text.indexOf('わたくし')).toBeLessThan(doc.text.indexOf('これらは二十二箇月'));
    expect(visibleChars(doc.text)).toBe(880);
  });

  it('reads a non-embedded Shift-JIS font and Chinese without ToUnicode', async () => {
    expect((await parsed('pdfjs__noembed-sjis.pdf')).text).toBe('あいうえお');
    const chinese = await parsed('pdfjs__XiaoBiaoSong.pdf');
    expect(chinese.text).toContain('关于红军作战的原则');
    expect(chinese.pages[0].flags ?? []).not.toContain('garbage');
  });

  it('maps ligature glyphs back to letters', async () => {
    const doc = await parsed('pdfjs__copy_paste_ligatures.pdf');
    expect(doc.text).not.toMatch(/[\uFB00-\uFB06]/);
    expect(doc.text).toContain('fffiflffiffl');
  });

  it('drops unusable text layers page by page and says so', async () => {
    for (const name of ['pdfjs__ThuluthFeatures.pdf', 'pdfjs__TrueType_without_cmap.pdf']) {
      const doc = await parsed(name);
      expect(doc.text).toBe('');
      expect(doc.pages.every((p) => p.flags?.includes('garbage'))).toBe(true);
    }
  });

  it('keeps a noisy OCR layer', async () => {
    const doc = await parsed('unstr__pdf-with-ocr-text.pdf');
    expect(doc.text).toContain('progress of the Foundation');
    expect(doc.pages[0].flags ?? []).toEqual([]);
  });

  it('flags scanned pages without a text layer', async () => {
    const doc = await parsed('markitdown__MEDRPT-2024-PAT-3847_medical_report_scan.pdf');
    expect(doc.pageCount).toBe(3);
    expect(doc.pages.every((p) => p.flags?.includes('no-text-layer'))).toBe(true);
    const blank = await parsed('pdfjs__empty.pdf');
    expect(blank.pages[0].flags ?? []).toEqual([]);
  });

  it('recovers damaged files and rotated pages', async () => {
    expect((await parsed('pdfjs__helloworld-bad.pdf')).text).toBe('Hello, world!');
    const zen = await parsed('pdfminer__zen_of_python_corrupted.pdf');
    expect(zen.text).toContain('Beautiful is better than ugly. Explicit is better than implicit.');
    const rotated = await parsed('unstr__rotated-page-90.pdf');
    expect(rotated.text).toBe('Hello World Test Text\n\nSecond line of text here\n\nRotated page fixture');
  });

  it('does not interleave the two columns of tracemonkey', async () => {
    const doc = await parsed('pdfjs__tracemonkey.pdf');
    // Each sentence crosses a line end inside one column ("com-/pile" is also a hyphenated word).
    expect(doc.text).toContain(
      'Dynamic languages such as JavaScript are more difficult to compile than statically typed ones.',
    );
    expect(doc.text).toContain(
      'and is used for the application logic of browser-based productivity applications such as Google Mail, Google Docs and Zimbra Collaboration Suite.',
    );
    // The left column is read to its end before the right one starts.
    expect(doc.text.indexOf('for certain benchmark programs')).toBeLessThan(
      doc.text.indexOf('and is used for the application logic'),
    );
    // A real hyphen inside a line stays.
    expect(doc.text).toContain('dynamically-typed languages');
    expect(doc.pageCount).toBe(14);
    expect(Math.abs(visibleChars(doc.text) - 69_227)).toBeLessThan(1500);
    expect(doc.blocks.some((b) => b.kind === 'heading')).toBe(true);
  });

  it('reads the whole 352-page book', async () => {
    const doc = await parsed('pdfjs__freeculture.pdf');
    expect(doc.pageCount).toBe(352);
    expect(doc.title).toBe('Free Culture');
    // pdftotext counts 583k; pdfjs's own text layer has 543k and the running headers/footers are dropped.
    expect(visibleChars(doc.text)).toBeGreaterThan(500_000);
    expect(visibleChars(doc.text)).toBeLessThan(600_000);
    expect(doc.text).toContain('At the end of his review of my first book, Code: And Other Laws of Cyberspace');
    // The repeated footer URL and "36 FREE CULTURE" page headers are gone.
    expect(doc.text.split('free-culture.org/get-it').length).toBeLessThan(5);
    const headings = doc.blocks.filter((b) => b.kind === 'heading').map((b) => doc.text.slice(b.start, b.end));
    expect(headings).toContain('PREFACE');
    expect(doc.pages[0].flags).toContain('no-text-layer'); // the cover is an image
    expect(doc.flags).toContain('no-text-layer-pages');
  });
});

describe('passwords', () => {
  it('opens files with their user password and asks for it otherwise', async () => {
    expect((await parsed('pypdf__r2-user-password.pdf', 'asdfzxcv')).text).toContain('pdf encryption test');
    expect((await parsed('unstr__password.pdf', 'password')).text).toBe('File with password');
    expect((await refused('unstr__password.pdf')).code).toBe('needs-password');
    expect((await refused('unstr__password.pdf', 'not-it')).code).toBe('wrong-password');
  });

  it('SASLprep-normalises AES-256 passwords', async () => {
    expect((await parsed('pdfjs__saslprep-r6.pdf', 'S\u00aaSL\u00adprep')).text).toBe('Hello pdf.js world');
    expect((await parsed('pdfjs__saslprep-r6.pdf', 'SaSLprep')).text).toBe('Hello pdf.js world');
    expect((await refused('pdfjs__saslprep-r6.pdf')).code).toBe('needs-password');
    expect(passwordCandidates('S\u00aaSL\u00adprep')).toEqual(['S\u00aaSL\u00adprep', 'SaSLprep']);
  });

  it('opens owner-password-only and empty-user-password files silently', async () => {
    expect((await parsed('unstr__copy-protected.pdf')).text).toContain('LayoutParser');
    expect((await parsed('pdfjs__empty_protected.pdf')).verdict).toBe('empty');
  });
});

describe('hostile files', () => {
  it('the giant-image bomb and the fuzzed file end cleanly within the time limit', async () => {
    for (const name of ['pdfjs__bomb_giant.pdf', 'pdfjs__GHOSTSCRIPT-698804-1-fuzzed.pdf']) {
      const result = await parseFile(fixture(name), { timeoutMs: 30_000 }).catch((err: unknown) => err);
      if (result instanceof ParseError) {
        expect(['corrupt', 'timeout', 'out-of-memory']).toContain(result.code);
      } else {
        const doc = result as ParsedDocument;
        expectWellFormed(doc);
        expect(['ok', 'empty']).toContain(doc.verdict);
        expect(doc.text.length).toBeLessThan(200);
      }
    }
  });
});
