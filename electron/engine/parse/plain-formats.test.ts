// Markdown, plain text and HTML, on inputs written by the test: structure, markup stripping, encodings.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Block, ParsedDocument } from '../types';
import { DocumentBuilder } from './builder';
import { walkHtml } from './html-blocks';
import { closeParsers, parseFile, parseInProcess } from './index';
import { expectWellFormed } from './test-support/helpers';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'lucarne-plain-'));
});
afterAll(async () => {
  await closeParsers();
  await rm(dir, { recursive: true, force: true });
});

async function parse(name: string, content: string | Uint8Array): Promise<ParsedDocument> {
  const file = path.join(dir, name);
  await writeFile(file, content);
  const doc = await parseInProcess(file);
  expectWellFormed(doc);
  return doc;
}

function blocks(doc: ParsedDocument): [Block['kind'], string, number?][] {
  return doc.blocks.map((b) => {
    const entry: [Block['kind'], string, number?] = [b.kind, doc.text.slice(b.start, b.end)];
    if (b.level) entry.push(b.level);
    return entry;
  });
}

describe('markdown', () => {
  const source = [
    '---',
    'title: Notes on "things"',
    'tags: [a, b]',
    '---',
    '# Main *title*',
    '',
    'Some **bold** and _italic_ text with a [link to docs](https://example.com/docs "Docs") and',
    'a soft line break, `inline code`, an image ![a cat](cat.png) and snake_case_word.',
    '',
    'Setext heading',
    '--------------',
    '',
    '- first item',
    '- second item',
    '  continued',
    '1. numbered [ref link][r]',
    '',
    '> Quoted words.',
    '',
    '```js',
    'function f() {',
    '    return 1; // *not* emphasis',
    '}',
    '```',
    '',
    '| Name | Age |',
    '|------|----:|',
    '| Ann  | 31  |',
    '| Bob  |     |',
    '',
    '<!-- a comment',
    'over lines -->',
    '### Deep heading ###',
    'Text with a footnote.[^1] And \\*escaped\\* stars, &amp; an entity.',
    '',
    '[^1]: The footnote.',
    '[r]: https://example.com',
  ].join('\n');

  it('gives headings with levels, code blocks, list items, table rows and plain words', async () => {
    const doc = await parse('notes.md', source);
    expect(doc.kind).toBe('markdown');
    expect(doc.title).toBe('Notes on "things"');
    expect(blocks(doc)).toEqual([
      ['heading', 'Main title', 1],
      [
        'paragraph',
        'Some bold and italic text with a link to docs and a soft line break, inline code, an image a cat and snake_case_word.',
      ],
      ['heading', 'Setext heading', 2],
      ['list-item', 'first item'],
      ['list-item', 'second item continued'],
      ['list-item', 'numbered ref link'],
      ['paragraph', 'Quoted words.'],
      ['code', 'function f() {\n    return 1; // *not* emphasis\n}'],
      ['table-row', 'Name | Age'],
      ['table-row', 'Name: Ann | Age: 31'],
      ['table-row', 'Name: Bob'],
      ['heading', 'Deep heading', 3],
      ['paragraph', 'Text with a footnote. And *escaped* stars, & an entity.'],
      ['footnote', 'The footnote.'],
    ]);
    expect(doc.text).not.toContain('https://example.com');
  });

  it('takes the first h1 as title without front matter, and keeps indented code', async () => {
    const doc = await parse('plain.markdown', 'Intro line\n\n# The Title\n\n    indented code\n      more\n\nAfter.\n');
    expect(doc.title).toBe('The Title');
    expect(blocks(doc)).toEqual([
      ['paragraph', 'Intro line'],
      ['heading', 'The Title', 1],
      ['code', 'indented code\n  more'],
      ['paragraph', 'After.'],
    ]);
  });
});

describe('plain text and encodings', () => {
  const french = 'Été à la plage.\nDeuxième ligne.\n\n\n  Nouveau paragraphe : ça marche.\r\n';

  it('splits paragraphs on blank lines and keeps line breaks inside them', async () => {
    const doc = await parse('notes.txt', french);
    expect(doc.kind).toBe('text');
    expect(blocks(doc)).toEqual([
      ['paragraph', 'Été à la plage.\nDeuxième ligne.'],
      ['paragraph', 'Nouveau paragraphe : ça marche.'],
    ]);
    expect(doc.flags).toEqual([]);
    expect(doc.text).toBe('Été à la plage.\nDeuxième ligne.\n\nNouveau paragraphe : ça marche.');
  });

  it('reads UTF-8 with BOM, UTF-16 LE and BE with BOM, and Windows-1252 (flagged as guessed)', async () => {
    const expected = 'Été à la plage.\nDeuxième ligne.\n\nNouveau paragraphe : ça marche.';
    const bom8 = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(french, 'utf8')]);
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(french, 'utf-16le')]);
    const be = Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(french, 'utf-16be')]);
    const cp1252 = iconv.encode(`${french}Prix : 5 € – “citation”`, 'windows-1252');
    for (const [name, bytes] of [
      ['bom8.txt', bom8],
      ['le.txt', le],
      ['be.log', be],
    ] as const) {
      const doc = await parse(name, bytes);
      expect(doc.text).toBe(expected);
      expect(doc.flags).toEqual([]);
    }
    const bomless = await parse('bomless.txt', iconv.encode(french, 'utf-16le'));
    expect(bomless.text).toBe(expected);
    expect(bomless.flags).toEqual(['encoding-guessed']);
    const legacy = await parse('legacy.txt', cp1252);
    expect(legacy.text).toBe(`${expected}\nPrix : 5 € – “citation”`);
    expect(legacy.flags).toEqual(['encoding-guessed']);
  });

  it('removes NUL and control characters, collapses spaces, applies NFC and decomposes ligatures', async () => {
    const doc = await parse('controls.text', 'a\u0000b\u0007c   d\te\u00a0\u00a0f\n\ufb01ne Cafe\u0301');
    expect(doc.text).toBe('abc d\te f\nfine Café');
  });

  it('reports an empty or blank file as empty', async () => {
    expect((await parse('empty.txt', '')).verdict).toBe('empty');
    expect((await parse('blank.txt', ' \n\n\t \n')).verdict).toBe('empty');
  });
});

describe('html', () => {
  const page = `<!doctype html><html><head><title>The &amp; Page</title>
    <style>body { color: red }</style><script>var hidden = "script text";</script></head>
    <body><nav><a href="/">Home</a> | <a href="/about">About</a></nav>
    <h1>Main heading</h1>
    <p>First paragraph with <b>bold</b> and an&nbsp;entity &eacute;t&eacute; &#8364;.</p>
    <div>Div text<br>after break</div>
    <noscript>enable js</noscript><template><p>template text</p></template><svg><text>svg text</text></svg>
    <h3>Small heading</h3>
    <ul><li>One</li><li>Two <p>nested para</p></li></ul>
    <table><tr><th>City</th><th>Country</th></tr><tr><td>Paris</td><td>France</td></tr><tr><td>Tokyo</td></tr></table>
    <pre><code>  indented
    code</code></pre>
    <p hidden>hidden text</p>
    <figure><img src="x.png" alt="alt"><figcaption>A caption</figcaption></figure>
    </body></html>`;

  it('keeps readable text, headings and structure; skips scripts, styles and navigation', async () => {
    const doc = await parse('page.html', page);
    expect(doc.kind).toBe('html');
    expect(doc.title).toBe('The & Page');
    expect(blocks(doc)).toEqual([
      ['heading', 'Main heading', 1],
      ['paragraph', 'First paragraph with bold and an entity été €.'],
      ['paragraph', 'Div text\nafter break'],
      ['heading', 'Small heading', 3],
      ['list-item', 'One'],
      ['list-item', 'Two'],
      ['list-item', 'nested para'],
      ['table-row', 'City | Country'],
      ['table-row', 'City: Paris | Country: France'],
      ['table-row', 'City: Tokyo'],
      ['code', '  indented\n    code'],
      ['caption', 'A caption'],
    ]);
    for (const hidden of [
      'script text',
      'color: red',
      'enable js',
      'template text',
      'svg text',
      'Home',
      'hidden text',
    ]) {
      expect(doc.text).not.toContain(hidden);
    }
  });

  it('respects a declared legacy charset, and guesses Windows-1252 for undeclared invalid UTF-8', async () => {
    const latin = iconv.encode(
      '<html><head><meta charset="iso-8859-15"></head><body><p>Œuvre à 5 €</p></body></html>',
      'iso-8859-15',
    );
    const declared = await parse('latin.htm', latin);
    expect(declared.text).toBe('Œuvre à 5 €');
    expect(declared.flags).toEqual([]);
    const httpEquiv = iconv.encode(
      '<meta http-equiv="Content-Type" content="text/html; charset=windows-1251"><p>Привет</p>',
      'windows-1251',
    );
    expect((await parse('cyrillic.html', httpEquiv)).text).toBe('Привет');
    const undeclared = await parse('guess.html', iconv.encode('<p>café</p>', 'windows-1252'));
    expect(undeclared.text).toBe('café');
    expect(undeclared.flags).toEqual(['encoding-guessed']);
  });

  it('walks mammoth footnotes without their back-links', () => {
    const builder = new DocumentBuilder('docx');
    walkHtml(
      '<p>Body<sup><a href="#footnote-1" id="footnote-ref-1">[1]</a></sup></p><ol><li id="footnote-1"><p>The note. <a href="#footnote-ref-1">↑</a></p></li></ol>',
      builder,
      { wordFootnotes: true },
    );
    const doc = builder.build();
    expect(blocks(doc)).toEqual([
      ['paragraph', 'Body[1]'],
      ['footnote', 'The note.'],
    ]);
  });
});

it('parses plain formats through the worker pool too', async () => {
  const file = path.join(dir, 'via-worker.md');
  await writeFile(file, '# Hello\n\nWorld.');
  const doc = await parseFile(file);
  expect(blocks(doc)).toEqual([
    ['heading', 'Hello', 1],
    ['paragraph', 'World.'],
  ]);
});

describe('markdown tables', () => {
  it('tags the rows with their table and header, so chunks can repeat the header', async () => {
    const doc = await parse('prices.md', '| Item | Price |\n|---|---|\n| Lantern | 12 |\n| Kettle | 30 |\n');
    const rows = doc.blocks.filter((b) => b.kind === 'table-row');
    expect(rows.map((b) => [b.table, b.header ?? false])).toEqual([
      [0, true],
      [0, false],
      [0, false],
    ]);
  });
});
