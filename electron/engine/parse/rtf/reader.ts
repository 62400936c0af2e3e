// The walk over an RTF document's tokens: RTF's group state (destination, font, \uc, hidden text), the font
// table's codepages, the style sheet, and the paragraphs, table rows and footnotes it sends to the builder.
import type { Block } from '../../types';
import type { DocumentBuilder } from '../builder';
import type { TableRow } from '../table-rows';
import { CHARSET_CODEPAGES, codepageName, decodeBytes, SYMBOL_CODEPAGE, withoutLoneSurrogates } from './characters';
import { CHARACTERS, type Destination, destinationOf, headingLevelOfStyle, PARAGRAPH_BREAKS } from './control-words';
import { CONTROL, GROUP_END, GROUP_START, TEXT, type Token } from './tokens';

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

/** Walks the tokens with RTF's group state and sends paragraphs, tables and footnotes to the builder. */
export class RtfReader {
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
