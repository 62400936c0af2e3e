// OpenDocument text (.odt), read from content.xml: headings with their outline level, paragraphs, list
// items, tables (header rows marked), text boxes, and footnotes/endnotes gathered at the end as footnote
// blocks, as the Word parser does, then the distinct paragraphs of the page headers and footers (from
// styles.xml). Tables of contents and indexes (generated copies of the text), comments, tracked deletions,
// page-number fields and images are left out.
import type { DocumentMeta, ParsedDocument } from '../types';
import { DocumentBuilder } from './builder';
import { coreProperties } from './core-properties';
import { parseErrors } from './errors';
import type { TableCell, TableRow } from './table-rows';
import { attr, childElements, descendants, findFirst, isElement, parseXml, textContent, type XmlElement } from './xml';
import { openZip, readZipText } from './zip';

const LABEL = 'This OpenDocument text';
const TEXT_MIMETYPES = ['application/vnd.oasis.opendocument.text', 'application/vnd.oasis.opendocument.text-template'];

/** What an OpenDocument package of another kind is, for the "wrong extension" message. */
const OTHER_KINDS: Record<string, string> = {
  'application/vnd.oasis.opendocument.spreadsheet': 'an OpenDocument spreadsheet (.ods)',
  'application/vnd.oasis.opendocument.presentation': 'an OpenDocument presentation (.odp)',
  'application/vnd.oasis.opendocument.graphics': 'an OpenDocument drawing (.odg)',
  'application/epub+zip': 'an EPUB book (.epub)',
};

/** Body elements that hold no text of the document itself. */
const SKIPPED = new Set([
  'table-of-content',
  'alphabetical-index',
  'illustration-index',
  'table-index',
  'object-index',
  'user-index',
  'bibliography',
  'tracked-changes',
  'annotation',
  'annotation-end',
  'sequence-decls',
  'variable-decls',
  'user-field-decls',
  'forms',
  // Page numbers and counts: "1" in a flowing text says nothing.
  'page-number',
  'page-count',
]);

/** Page header and footer variants of a master page (default, left pages, first page). */
const HEADERS_FOOTERS = new Set(['header', 'footer', 'header-left', 'footer-left', 'header-first', 'footer-first']);

/** A repeated empty cell or row stands for its run; text is never repeated more than this. */
const MAX_REPEAT = 1000;

function repeatCount(element: XmlElement, name: string): number {
  const n = Number.parseInt(attr(element, name) ?? '1', 10);
  return Number.isFinite(n) && n > 1 ? Math.min(n, MAX_REPEAT) : 1;
}

/** "Page 3", "Seite 3 von 9" with their numbers gone: a page-number field's label, nothing to index. */
function isPageNumberLabel(paragraph: XmlElement, textWithoutFields: string): boolean {
  const numbered = descendants(paragraph, 'page-number').length + descendants(paragraph, 'page-count').length > 0;
  return numbered && textWithoutFields.split(' ').filter((w) => /\p{L}{3,}/u.test(w)).length <= 2;
}

/** Walks office:text into blocks. Frames and notes met inside a paragraph are read after it. */
class OdtWalker {
  private readonly notes: string[] = [];

  constructor(private readonly builder: DocumentBuilder) {}

  walkBody(body: XmlElement): void {
    this.blocks(body, false);
    for (const note of this.notes) this.builder.addBlock('footnote', note);
  }

  /** Distinct paragraphs of the master pages' headers and footers (the variants often repeat). */
  addHeadersFooters(styles: XmlElement): void {
    const seen = new Set<string>();
    for (const master of descendants(styles, 'master-page')) {
      for (const part of childElements(master).filter((c) => HEADERS_FOOTERS.has(c.local))) {
        for (const p of this.textElements(part)) {
          const text = this.inlineText(p, []);
          const key = text.replace(/\s+/g, ' ').trim();
          if (isPageNumberLabel(p, key)) continue;
          if (key && !seen.has(key)) {
            seen.add(key);
            this.builder.addBlock('paragraph', text);
          }
        }
      }
    }
  }

  private blocks(parent: XmlElement, inList: boolean): void {
    for (const child of childElements(parent)) this.block(child, inList);
  }

  private block(element: XmlElement, inList: boolean): void {
    if (SKIPPED.has(element.local)) return;
    switch (element.local) {
      case 'h':
        this.paragraph(element, 'heading', Number(attr(element, 'outline-level') ?? 1) || 1);
        return;
      case 'p':
        this.paragraph(element, inList ? 'list-item' : 'paragraph');
        return;
      case 'list-item':
      case 'list-header':
        this.blocks(element, true);
        return;
      case 'table':
        this.builder.addTable(this.tableRows(element));
        return;
      default:
        // Sections, lists, text boxes, frames, soft page breaks...: their content, in order.
        this.blocks(element, inList);
    }
  }

  private paragraph(element: XmlElement, kind: 'heading' | 'paragraph' | 'list-item', level?: number): void {
    const anchored: XmlElement[] = [];
    this.builder.addBlock(kind, this.inlineText(element, anchored), level);
    for (const frame of anchored) this.blocks(frame, false);
  }

  /**
   * The text of a paragraph. ODF collapses source whitespace like HTML; spaces, tabs and line breaks
   * that count are elements. Frames go to `anchored`, notes to the footnote list: neither is inline text.
   */
  private inlineText(element: XmlElement, anchored: XmlElement[]): string {
    let text = '';
    for (const node of element.children) {
      if (!isElement(node)) {
        text += node.replace(/[ \t\r\n]+/g, ' ');
        continue;
      }
      if (SKIPPED.has(node.local)) continue;
      if (node.local === 's') text += ' '.repeat(repeatCount(node, 'c'));
      else if (node.local === 'tab') text += '\t';
      else if (node.local === 'line-break') text += '\n';
      else if (node.local === 'frame') anchored.push(node);
      else if (node.local === 'note') this.note(node);
      else text += this.inlineText(node, anchored);
    }
    return text;
  }

  private note(note: XmlElement): void {
    const body = findFirst(note, 'note-body');
    if (!body) return;
    const paragraphs = [...this.textElements(body)].map((p) => this.inlineText(p, []));
    this.notes.push(paragraphs.join('\n'));
  }

  /** Paragraphs and headings under an element, however deep (lists, nested tables, sections). */
  private *textElements(element: XmlElement): Generator<XmlElement> {
    for (const child of childElements(element)) {
      if (SKIPPED.has(child.local)) continue;
      if (child.local === 'p' || child.local === 'h') yield child;
      else yield* this.textElements(child);
    }
  }

  private cellText(cell: XmlElement): string {
    const anchored: XmlElement[] = [];
    const parts = [...this.textElements(cell)].map((p) => this.inlineText(p, anchored));
    // A text box in a cell is part of the cell.
    for (const frame of anchored) parts.push(...[...this.textElements(frame)].map((p) => this.inlineText(p, [])));
    return parts.join(' ').replace(/\s+/g, ' ').trim();
  }

  /** Rows of a table: header rows marked, covered cells left out (the spanning cell covers them). */
  private tableRows(table: XmlElement, header = false): TableRow[] {
    const rows: TableRow[] = [];
    for (const child of childElements(table)) {
      if (child.local === 'table-header-rows') rows.push(...this.tableRows(child, true));
      else if (child.local === 'table-rows' || child.local === 'table-row-group')
        rows.push(...this.tableRows(child, header));
      else if (child.local === 'table-row') {
        const row = this.tableRow(child, header);
        const empty = row.every((cell) => !cell.text);
        for (let k = empty ? 1 : repeatCount(child, 'number-rows-repeated'); k > 0; k--) rows.push(row);
      }
    }
    return rows;
  }

  private tableRow(row: XmlElement, header: boolean): TableRow {
    const cells: TableCell[] = [];
    for (const cell of childElements(row, 'table-cell')) {
      const text = this.cellText(cell);
      const span = (name: string) => Math.max(1, Number.parseInt(attr(cell, name) ?? '1', 10) || 1);
      const repeated = repeatCount(cell, 'number-columns-repeated');
      const made = { text, header, colspan: span('number-columns-spanned'), rowspan: span('number-rows-spanned') };
      // A run of empty cells keeps the columns aligned as one wide empty cell.
      if (!text) cells.push({ ...made, colspan: made.colspan * repeated });
      else for (let k = 0; k < repeated; k++) cells.push({ ...made });
    }
    return cells;
  }
}

/** Refuses a package that is not OpenDocument text, or whose parts are encrypted. */
async function checkPackage(zip: Awaited<ReturnType<typeof openZip>>): Promise<void> {
  const mimetype = (await readZipText(zip, 'mimetype', LABEL))?.trim();
  if (mimetype && !TEXT_MIMETYPES.includes(mimetype)) {
    const other = OTHER_KINDS[mimetype];
    throw other ? parseErrors.wrongFormat(LABEL, other) : parseErrors.corrupt(LABEL, `its type is ${mimetype}`);
  }
  const manifest = await readZipText(zip, 'META-INF/manifest.xml', LABEL);
  if (manifest && findFirst(parseXml(manifest), 'encryption-data')) {
    throw parseErrors.officeEncrypted(LABEL, 'LibreOffice');
  }
}

/** The title and the other core properties (author, subject, keywords, dates) of meta.xml. */
async function metaProperties(
  zip: Awaited<ReturnType<typeof openZip>>,
): Promise<{ title?: string; meta?: DocumentMeta }> {
  const xml = await readZipText(zip, 'meta.xml', LABEL);
  if (!xml) return {};
  const root = parseXml(xml);
  const title = findFirst(root, 'title');
  return { title: title ? textContent(title) : undefined, meta: coreProperties(root) };
}

export async function parseOdt(bytes: Uint8Array): Promise<ParsedDocument> {
  const zip = await openZip(bytes, LABEL);
  await checkPackage(zip);
  const content = await readZipText(zip, 'content.xml', LABEL);
  if (content === undefined) throw parseErrors.corrupt(LABEL, 'it has no content.xml part');
  const body = findFirst(parseXml(content), 'body');
  const text = body && findFirst(body, 'text');
  if (!text) throw parseErrors.corrupt(LABEL, 'its content has no text body');
  const builder = new DocumentBuilder('odt');
  const walker = new OdtWalker(builder);
  walker.walkBody(text);
  const styles = await readZipText(zip, 'styles.xml', LABEL);
  if (styles) walker.addHeadersFooters(parseXml(styles));
  const { title, meta } = await metaProperties(zip);
  const parsed = builder.build({ title });
  if (meta) parsed.meta = meta;
  return parsed;
}
