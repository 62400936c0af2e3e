// RTF (WordPad, Word, TextEdit, LibreOffice): rtf-stream-parser's tokenizer, and the text extraction over its
// tokens here. Kept: paragraphs, headings (\outlinelevel or a "Heading n" style), list items, tables
// (\trowd … \cell … \row) as table rows, footnotes (at the end), the \info title. Skipped: font, colour and
// style tables, pictures, objects, field instructions, headers and footers (page furniture repeated on every
// page), hidden text. Characters: \'hh bytes in the codepage of the current font (\fcharset, \cpg) or of the
// document (\ansicpg), \uN with its \ucN fallback skipped. RTF that only wraps HTML or plain text (Outlook's
// \fromhtml1 / \fromtext) is unwrapped with the library's de-encapsulator and read as such.
import iconv from 'iconv-lite';
import { deEncapsulateSync, Tokenize } from 'rtf-stream-parser';
import type { Block, ParsedDocument } from '../types';
import { DocumentBuilder } from './builder';
import { parseErrors } from './errors';
import { walkHtml } from './html-blocks';
import type { TableRow } from './table-rows';
import { addPlainParagraphs } from './text-input';

/** The tokenizer's token kinds (a const enum in its typings, so not importable as values). */
const GROUP_START = 0;
const GROUP_END = 1;
const CONTROL = 2;
const TEXT = 3;

interface Token {
  type: number;
  word?: string;
  param?: number;
  data?: Buffer;
}

/** \fcharset values → Windows codepages (as in the RTF specification and rtf-stream-parser). */
const CHARSET_CODEPAGES: Record<number, number> = {
  2: 42, // symbol
  77: 10000,
  128: 932,
  129: 949,
  130: 1361,
  134: 936,
  136: 950,
  161: 1253,
  162: 1254,
  163: 1258,
  177: 1255,
  178: 1256,
  186: 1257,
  204: 1251,
  222: 874,
  238: 1250,
  254: 437,
  255: 850,
};
const SYMBOL_CODEPAGE = 42;

/** Destinations whose text is not the document's: tables of the file, pictures, instructions, furniture. */
const SKIPPED_DESTINATIONS = new Set([
  'colortbl',
  'pict',
  'object',
  'objdata',
  'header',
  'headerl',
  'headerr',
  'headerf',
  'footer',
  'footerl',
  'footerr',
  'footerf',
  'fldinst',
  'listtext',
  'pntext',
  'listtable',
  'listoverridetable',
  'revtbl',
  'rsidtbl',
  'filetbl',
  'themedata',
  'colorschememapping',
  'latentstyles',
  'datastore',
  'xmlnstbl',
  'generator',
  'pgdsctbl',
  'bkmkstart',
  'bkmkend',
  'shpinst',
  'nonshppict',
  'template',
  'docvar',
  'xe',
  'tc',
  'txe',
  'annotation',
  'atnid',
  'atnauthor',
]);

/** Control words and symbols that stand for a character. */
const CHARACTERS: Record<string, string> = {
  tab: '\t',
  line: '\n',
  emdash: '—',
  endash: '–',
  bullet: '•',
  lquote: '‘',
  rquote: '’',
  ldblquote: '“',
  rdblquote: '”',
  emspace: ' ',
  enspace: ' ',
  qmspace: ' ',
  '~': '\u00a0',
  _: '-', // non-breaking hyphen: a plain one, so the word is found
  '\\': '\\',
  '{': '{',
  '}': '}',
  nestcell: ' ',
  nestrow: ' ',
};

/** Control words that end the running paragraph. */
const PARAGRAPH_BREAKS = new Set(['par', 'sect', 'page']);

type Destination = 'body' | 'footnote' | 'info' | 'title' | 'fonttbl' | 'stylesheet' | 'skip';

interface GroupState {
  destination: Destination;
  /** \ucN: how many fallback characters follow each \uN. */
  uc: number;
  font: number | null;
  hidden: boolean;
  /** The style-sheet entry this group defines, if any. */
  style?: StyleEntry;
}

interface StyleEntry {
  number: number;
  name: string;
  outline: number | null;
}

interface ParagraphState {
  style: number;
  outline: number | null;
  inTable: boolean;
  list: boolean;
}

const FRESH_PARAGRAPH: ParagraphState = { style: 0, outline: null, inTable: false, list: false };

export async function parseRtf(bytes: Uint8Array): Promise<ParsedDocument> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (!/^\s*\{\\rtf/.test(buffer.toString('latin1', 0, 64))) {
    throw parseErrors.corrupt('This RTF document', 'it does not start with {\\rtf');
  }
  const builder = new DocumentBuilder('rtf');
  if (isEncapsulated(buffer)) return readEncapsulated(buffer, builder);
  const reader = new RtfReader(builder);
  for (const token of tokenize(withoutHexLineBreaks(buffer))) reader.accept(token);
  return builder.build({ title: reader.finish() });
}

/** Outlook's RTF bodies that wrap HTML or plain text say so in their header. */
function isEncapsulated(buffer: Buffer): boolean {
  return /\\from(?:html\d|text)/.test(buffer.toString('latin1', 0, 4096));
}

function readEncapsulated(buffer: Buffer, builder: DocumentBuilder): ParsedDocument {
  const { mode, text } = deEncapsulateSync(buffer, { decode: decodeBytes, warn: () => {} });
  const content = String(text);
  if (mode === 'html') return builder.build({ title: walkHtml(content, builder).title });
  addPlainParagraphs(builder, content);
  return builder.build();
}

/**
 * Line breaks inside long hex runs (pictures, object data) removed. RTF ignores them, but the tokenizer grows
 * its text token with a copy at each line, which is quadratic over a picture of a few megabytes. Sixteen hex
 * digits on both sides guarantee the break is not the end of a control word, whose end it would change.
 */
function withoutHexLineBreaks(buffer: Buffer): Buffer {
  const latin1 = buffer.toString('latin1');
  const joined = latin1.replace(/(?<=[0-9a-fA-F]{16})\r?\n(?=[0-9a-fA-F]{16})/g, '');
  return joined.length === latin1.length ? buffer : Buffer.from(joined, 'latin1');
}

/** All tokens of the document, by driving the tokenizer's transform synchronously (as deEncapsulateSync does). */
function tokenize(buffer: Buffer): Token[] {
  const tokens: Token[] = [];
  const tokenizer = new Tokenize();
  tokenizer.push = (token: Token) => {
    tokens.push(token);
    return true;
  };
  const rethrow = (err?: unknown) => {
    if (err) throw err;
  };
  tokenizer._transform(buffer, 'buffer', rethrow);
  tokenizer._flush(rethrow);
  return tokens;
}

/** Bytes in a Windows codepage; an unknown codepage reads as Windows-1252. */
function decodeBytes(bytes: Buffer, encoding: string): string {
  return iconv.decode(bytes, iconv.encodingExists(encoding) ? encoding : 'windows-1252');
}

function codepageName(codepage: number): string {
  if (codepage === 10000) return 'macintosh';
  return `cp${codepage}`;
}

/** Walks the tokens with RTF's group state and sends paragraphs, tables and footnotes to the builder. */
class RtfReader {
  private state: GroupState = { destination: 'body', uc: 1, font: null, hidden: false };
  private readonly stack: GroupState[] = [];
  private paragraph: ParagraphState = { ...FRESH_PARAGRAPH };
  private ansiCodepage = 1252;
  private defaultFont: number | null = null;
  private readonly fontCodepages = new Map<number, number>();
  private fontEntry: number | null = null;
  private readonly styles = new Map<number, StyleEntry>();
  /** Text of the running paragraph (or table cell), footnote and title. */
  private text = '';
  private footnote = '';
  private title = '';
  private readonly footnotes: string[] = [];
  private row: TableRow = [];
  private rows: TableRow[] = [];
  /** Bytes waiting to be decoded together (a double-byte character comes as two \'hh). */
  private pendingBytes: number[] = [];
  private pendingCodepage = 0;
  /** Fallback characters after a \uN still to skip. */
  private skip = 0;
  /** The control word after \* names an optional destination. */
  private optional = false;

  constructor(private readonly builder: DocumentBuilder) {}

  accept(token: Token): void {
    switch (token.type) {
      case GROUP_START:
        this.openGroup();
        break;
      case GROUP_END:
        this.closeGroup();
        break;
      case CONTROL:
        this.control(token.word ?? '', token.param, token.data);
        break;
      case TEXT:
        if (token.data) this.bytes(token.data);
        break;
    }
  }

  /** Emits what is left; returns the document's title. */
  finish(): string {
    this.flushBytes();
    this.endParagraph();
    this.flushTable();
    for (const note of this.footnotes) this.builder.addBlock('footnote', withoutLoneSurrogates(note));
    return withoutLoneSurrogates(this.title);
  }

  private openGroup(): void {
    this.flushBytes();
    this.skip = 0;
    const parent = this.state;
    this.stack.push(parent);
    this.state = { ...parent };
    // A group directly inside the style sheet defines one style; groups nested in it add to that style.
    if (parent.destination === 'stylesheet' && !parent.style) this.state.style = { number: 0, name: '', outline: null };
  }

  private closeGroup(): void {
    this.flushBytes();
    this.skip = 0;
    this.optional = false;
    const closed = this.state;
    this.state = this.stack.pop() ?? closed;
    if (closed.style && closed.style !== this.state.style) this.defineStyle(closed.style);
    if (closed.destination === 'footnote' && this.state.destination !== 'footnote') {
      this.footnotes.push(this.footnote);
      this.footnote = '';
    }
  }

  private control(word: string, param: number | undefined, data: Buffer | undefined): void {
    if (word === "'") {
      if (this.skipFallback()) return;
      if (data) this.bytes(data);
      return;
    }
    if (word === '*') {
      this.optional = true;
      return;
    }
    if (this.optional) {
      // An optional destination this reader does not know: its text is not meant to be shown.
      this.optional = false;
      this.state.destination = 'skip';
      return;
    }
    if (word === 'u' && param !== undefined) {
      this.unicode(param);
      return;
    }
    // A fallback is a byte or \'hh; a control word here means the writer left the fallback out.
    this.skip = 0;
    if (this.destinationWord(word)) return;
    if (this.fontWord(word, param)) return;
    if (this.paragraphWord(word, param)) return;
    if (Object.hasOwn(CHARACTERS, word)) this.append(CHARACTERS[word]);
  }

  /** Whether this character is the \uN fallback that follows a Unicode character, and so is dropped. */
  private skipFallback(): boolean {
    if (this.skip === 0) return false;
    this.skip--;
    return true;
  }

  private unicode(param: number): void {
    this.flushBytes();
    // \uN is a signed 16-bit value; characters beyond the BMP come as two surrogates.
    this.append(String.fromCharCode(param < 0 ? param + 0x10000 : param));
    this.skip = this.state.uc;
  }

  private destinationWord(word: string): boolean {
    const destination = destinationOf(word, this.state.destination);
    if (!destination) return false;
    this.state.destination = destination;
    return true;
  }

  /** Font table entries, the current font, Unicode skip count, codepages and hidden text. */
  private fontWord(word: string, param: number | undefined): boolean {
    switch (word) {
      case 'ansicpg':
        if (param) this.ansiCodepage = param;
        return true;
      case 'mac':
        this.ansiCodepage = 10000;
        return true;
      case 'pc':
        this.ansiCodepage = 437;
        return true;
      case 'pca':
        this.ansiCodepage = 850;
        return true;
      case 'deff':
        this.defaultFont = param ?? null;
        return true;
      case 'f':
        if (this.state.destination === 'fonttbl') this.fontEntry = param ?? null;
        else this.state.font = param ?? null;
        return true;
      case 'fcharset':
        if (this.state.destination === 'fonttbl' && this.fontEntry !== null && param !== undefined) {
          const codepage = CHARSET_CODEPAGES[param];
          if (codepage) this.fontCodepages.set(this.fontEntry, codepage);
        }
        return true;
      case 'cpg':
        if (this.state.destination === 'fonttbl' && this.fontEntry !== null && param) {
          this.fontCodepages.set(this.fontEntry, param);
        }
        return true;
      case 'uc':
        this.state.uc = Math.max(0, param ?? 1);
        return true;
      case 'v':
        this.state.hidden = param !== 0;
        return true;
      case 'plain':
        this.state.font = this.defaultFont;
        this.state.hidden = false;
        return true;
      default:
        return false;
    }
  }

  /** Paragraph and table structure. */
  private paragraphWord(word: string, param: number | undefined): boolean {
    const style = this.state.style;
    switch (word) {
      case 's':
        if (style) style.number = param ?? 0;
        else this.paragraph.style = param ?? 0;
        return true;
      case 'outlinelevel':
        if (style) style.outline = param ?? null;
        else this.paragraph.outline = param ?? null;
        return true;
      case 'pard':
        this.paragraph = { ...FRESH_PARAGRAPH };
        return true;
      case 'intbl':
        this.paragraph.inTable = true;
        return true;
      case 'ls':
      case 'ilvl':
        this.paragraph.list = true;
        return true;
      case 'cell':
        this.endCell();
        return true;
      case 'row':
        this.endRow();
        return true;
      default:
        if (!PARAGRAPH_BREAKS.has(word)) return false;
        this.endParagraph();
        return true;
    }
  }

  private bytes(data: Buffer): void {
    let bytes: Buffer = data;
    if (this.skip > 0) {
      const skipped = Math.min(this.skip, bytes.length);
      this.skip -= skipped;
      bytes = bytes.subarray(skipped);
    }
    if (bytes.length === 0) return;
    const codepage = this.codepage();
    if (codepage !== this.pendingCodepage) this.flushBytes();
    this.pendingCodepage = codepage;
    for (const b of bytes) this.pendingBytes.push(b);
  }

  /** The codepage of the current font, else of the document. */
  private codepage(): number {
    const font = this.state.font ?? this.defaultFont;
    const codepage = font === null ? undefined : this.fontCodepages.get(font);
    return codepage ?? this.ansiCodepage;
  }

  private flushBytes(): void {
    if (this.pendingBytes.length === 0) return;
    const bytes = Buffer.from(this.pendingBytes);
    this.pendingBytes = [];
    // Symbol fonts (Wingdings…) map bytes to pictures, not letters.
    if (this.pendingCodepage === SYMBOL_CODEPAGE) return;
    this.append(decodeBytes(bytes, codepageName(this.pendingCodepage)));
  }

  private append(s: string): void {
    this.flushBytes();
    switch (this.state.destination) {
      case 'body':
        if (!this.state.hidden) this.text += s;
        break;
      case 'footnote':
        this.footnote += s;
        break;
      case 'title':
        this.title += s;
        break;
      case 'stylesheet':
        if (this.state.style) this.state.style.name += s;
        break;
      default:
        break; // font table, info fields, skipped destinations
    }
  }

  private endParagraph(): void {
    this.flushBytes();
    if (this.state.destination === 'footnote') {
      this.footnote += '\n';
      return;
    }
    if (this.state.destination !== 'body') return;
    if (this.paragraph.inTable) {
      this.text += '\n'; // a cell of several paragraphs
      return;
    }
    this.flushTable();
    const { kind, level } = this.blockKind();
    this.builder.addBlock(kind, withoutLoneSurrogates(this.text), level);
    this.text = '';
  }

  private blockKind(): { kind: Block['kind']; level?: number } {
    const style = this.styles.get(this.paragraph.style);
    const outline = this.paragraph.outline ?? style?.outline ?? headingLevelOfStyle(style?.name);
    // \outlinelevel 9 is body text.
    if (outline !== null && outline !== undefined && outline >= 0 && outline < 9) {
      return { kind: 'heading', level: outline + 1 };
    }
    return { kind: this.paragraph.list ? 'list-item' : 'paragraph' };
  }

  private endCell(): void {
    this.flushBytes();
    const text = withoutLoneSurrogates(this.text).replace(/\s+/g, ' ').trim();
    this.row.push({ text, header: false, colspan: 1, rowspan: 1 });
    this.text = '';
  }

  private endRow(): void {
    this.flushBytes();
    if (this.row.length > 0) this.rows.push(this.row);
    this.row = [];
    this.text = '';
  }

  private flushTable(): void {
    if (this.row.length > 0) this.endRow();
    if (this.rows.length === 0) return;
    this.builder.addTable(this.rows);
    this.rows = [];
  }

  private defineStyle(style: StyleEntry): void {
    this.styles.set(style.number, { ...style, name: style.name.replace(/;\s*$/, '').trim() });
  }
}

/** The destination a control word opens, given the current one; null when the word is not a destination. */
function destinationOf(word: string, current: Destination): Destination | null {
  if (SKIPPED_DESTINATIONS.has(word)) return 'skip';
  switch (word) {
    case 'fonttbl':
      return 'fonttbl';
    case 'stylesheet':
      return 'stylesheet';
    case 'info':
      return 'info';
    case 'title':
      return current === 'info' ? 'title' : null;
    case 'footnote':
      return current === 'body' ? 'footnote' : 'skip';
    default:
      return null;
  }
}

/** "heading 2" (Word), "Heading 2" (LibreOffice), "Titre 2" (French Word) → outline level 1; "Title" → 0. */
function headingLevelOfStyle(name: string | undefined): number | null {
  if (!name) return null;
  const numbered = /^(?:heading|titre|überschrift|título|titolo)\s*(\d)$/i.exec(name);
  if (numbered) return Number(numbered[1]) - 1;
  return /^(?:title|titre)$/i.test(name) ? 0 : null;
}

/** A \uN surrogate without its pair (a writer's bug, or a cut) is not a character: dropped. */
function withoutLoneSurrogates(s: string): string {
  return s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '');
}
