// Reading order and paragraph rules on hand-made text pieces.
import { describe, expect, it } from 'vitest';
import { joinLines, layoutPage, type TextPiece } from './pdf-layout';

function piece(str: string, x: number, y: number, opts: Partial<TextPiece> = {}): TextPiece {
  const size = opts.size ?? 10;
  return { str, x, y, w: opts.w ?? str.length * size * 0.5, size, rtl: opts.rtl ?? false };
}

const texts = (pieces: TextPiece[]) => layoutPage(pieces).map((p) => p.text);

describe('columns', () => {
  // A title across the page, then two columns of 8 lines each whose baselines coincide.
  const page: TextPiece[] = [piece('A Title Across The Whole Width Of The Page', 50, 50, { size: 16, w: 500 })];
  for (let k = 0; k < 8; k++) {
    page.push(piece(`left line ${k} of the first column text`, 50, 100 + 12 * k, { w: 230 }));
    page.push(piece(`right line ${k} of the second column text`, 320, 100 + 12 * k, { w: 230 }));
  }
  page.push(piece('A footer spanning both columns at the bottom', 50, 400, { w: 500 }));

  it('reads the left column before the right one, between full-width lines', () => {
    const out = texts(page);
    expect(out[0]).toBe('A Title Across The Whole Width Of The Page');
    const body = out.slice(1, -1).join(' ');
    const left = Array.from({ length: 8 }, (_, k) => `left line ${k} of the first column text`).join(' ');
    const right = Array.from({ length: 8 }, (_, k) => `right line ${k} of the second column text`).join(' ');
    expect(body).toBe(`${left} ${right}`);
    expect(out.at(-1)).toBe('A footer spanning both columns at the bottom');
  });

  it('keeps a small two-cell table row by row', () => {
    const table = [
      piece('Name', 50, 100, { w: 40 }),
      piece('Value', 320, 100, { w: 40 }),
      piece('Alpha', 50, 112, { w: 40 }),
      piece('1', 320, 112, { w: 5 }),
      piece('Beta', 50, 124, { w: 40 }),
      piece('2', 320, 124, { w: 5 }),
    ];
    expect(texts(table).join(' | ')).toBe('Name Value Alpha 1 Beta 2');
  });

  it('leaves one-column justified text alone', () => {
    const lines = Array.from({ length: 10 }, (_, k) => [
      piece(`word${k}a`, 50, 100 + 12 * k, { w: 200 }),
      piece(`word${k}b`, 253 + (k % 2), 100 + 12 * k, { w: 297 }),
    ]).flat();
    expect(texts(lines).join(' ')).toBe(Array.from({ length: 10 }, (_, k) => `word${k}a word${k}b`).join(' '));
  });
});

describe('lines and paragraphs', () => {
  it('spaces words by their gaps and keeps superscripts on their line', () => {
    const out = texts([
      piece('Gal', 50, 100, { w: 20 }),
      piece('∗', 70, 96, { size: 7, w: 4 }),
      piece('and', 78, 100, { w: 18 }),
      piece('Eich', 99, 100, { w: 22 }),
    ]);
    expect(out).toEqual(['Gal∗ and Eich']);
  });

  it('splits paragraphs at vertical gaps and first-line indents, and joins lines inside one', () => {
    const out = texts([
      piece('The first paragraph runs over', 50, 100, { w: 300 }),
      piece('two lines.', 50, 112, { w: 100 }),
      piece('After a gap, a second one.', 50, 140, { w: 300 }),
      piece('A third, indented.', 70, 152, { w: 280 }),
    ]);
    expect(out).toEqual([
      'The first paragraph runs over two lines.',
      'After a gap, a second one.',
      'A third, indented.',
    ]);
  });

  it('orders right-to-left lines from the right', () => {
    const out = texts([
      piece('العربية', 100, 100, { rtl: true, w: 40 }),
      piece('الخطوط', 200, 100, { rtl: true, w: 40 }),
    ]);
    expect(out).toEqual(['الخطوط العربية']);
  });
});

describe('joinLines', () => {
  it('rejoins words hyphenated at a line end and keeps real hyphens', () => {
    expect(joinLines(['an exam-', 'ple of', 'state-of-the-', 'art work by Jean-', 'Paul'])).toBe(
      'an example of state-of-the-art work by Jean-Paul',
    );
    expect(joinLines(['soft\u00AD', 'hyphen'])).toBe('softhyphen');
  });

  it('joins Chinese and Japanese lines without spaces', () => {
    expect(joinLines(['わたくしといふ', '現象は', '(あらゆる', '透明な)'])).toBe(
      'わたくしといふ現象は(あらゆる透明な)',
    );
    expect(joinLines(['한국어', '문장'])).toBe('한국어 문장');
  });
});
