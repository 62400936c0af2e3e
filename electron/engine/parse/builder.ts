// Assembles a ParsedDocument block by block, so that every parser gets the same offsets, separators and
// normalisation without doing the bookkeeping itself.
import type { DocFlag, FileKind } from '../../../shared/types';
import type { Block, PageSpan, ParsedDocument } from '../types';
import { normalizeText } from './normalize';
import { type TableRow, tableLines } from './table-rows';

type PageFlag = NonNullable<PageSpan['flags']>[number];

/** Between two blocks (and two pages): a blank line, so a paragraph boundary is visible in the text. */
const BLOCK_SEPARATOR = '\n\n';

export class DocumentBuilder {
  private readonly parts: string[] = [];
  private length = 0;
  private readonly blocks: Block[] = [];
  private readonly pages: PageSpan[] = [];
  private page: PageSpan | null = null;
  private pageFirstBlock = 0;
  private readonly flags = new Set<DocFlag>();
  private tables = 0;

  constructor(private readonly kind: FileKind) {}

  /**
   * Adds one block. Its text is normalised; inner blank lines are squeezed to single newlines except in
   * code, so that a blank line in the document text always means a block boundary. Blank blocks are
   * dropped. Returns whether something was added.
   */
  addBlock(kind: Block['kind'], raw: string, level?: number): boolean {
    const code = kind === 'code';
    let text = normalizeText(raw, { keepIndentation: code });
    text = code ? text.replace(/^\n+|\s+$/g, '') : text.replace(/\n{2,}/g, '\n').trim();
    if (!/\S/.test(text)) return false;
    if (this.length > 0) this.push(BLOCK_SEPARATOR);
    const start = this.length;
    this.push(text);
    const block: Block = { kind, start, end: this.length };
    if (kind === 'heading') block.level = Math.min(6, Math.max(1, level ?? 1));
    this.blocks.push(block);
    return true;
  }

  /**
   * Adds a table as one 'table-row' block per row (see table-rows.ts), tagged with the table's number and
   * its header row, so the chunker can repeat the header in every chunk that holds rows of the table.
   */
  addTable(rows: TableRow[]): void {
    const table = this.tables++;
    for (const line of tableLines(rows)) {
      if (!this.addBlock('table-row', line.text)) continue;
      const block = this.blocks[this.blocks.length - 1];
      block.table = table;
      if (line.header) block.header = true;
    }
  }

  /** Opens a physical page; blocks added until endPage() belong to it. */
  startPage(number: number, label?: string): void {
    if (this.page) this.endPage();
    this.page = { number, start: this.length, end: this.length };
    this.pageFirstBlock = this.blocks.length;
    if (label) this.page.label = label;
  }

  /** `running`: the page's running header and footer lines, left out of the text by the parser. */
  endPage(flags: PageFlag[] = [], ocr?: PageSpan['ocr'], running?: PageSpan['running']): void {
    if (!this.page) return;
    const page = this.page;
    this.page = null;
    // A page's span starts at its first block, not at the separator before it.
    const first = this.blocks[this.pageFirstBlock];
    page.start = first ? first.start : this.length;
    page.end = this.length;
    if (flags.length > 0) page.flags = [...new Set(flags)];
    if (ocr) page.ocr = ocr;
    if (running && running.top.length + running.bottom.length > 0) page.running = running;
    this.pages.push(page);
  }

  flag(flag: DocFlag): void {
    this.flags.add(flag);
  }

  get textLength(): number {
    return this.length;
  }

  build(opts: { verdict?: ParsedDocument['verdict']; title?: string; paged?: boolean } = {}): ParsedDocument {
    if (this.page) this.endPage();
    const text = this.parts.join('');
    const doc: ParsedDocument = {
      kind: this.kind,
      text,
      blocks: this.blocks,
      pages: this.pages,
      pageCount: opts.paged ? this.pages.length : null,
      flags: [...this.flags],
      verdict: opts.verdict ?? (/\S/.test(text) ? 'ok' : 'empty'),
    };
    const title = opts.title ? normalizeText(opts.title).replace(/\s+/g, ' ').trim() : '';
    if (title) doc.title = title;
    return doc;
  }

  private push(s: string): void {
    this.parts.push(s);
    this.length += s.length;
  }
}
