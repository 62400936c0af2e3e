// Walks HTML (a web page, or what mammoth makes of a Word document) into blocks: headings with levels,
// paragraphs, list items, code, captions, footnotes, and tables as one block per row.
import { Parser } from 'htmlparser2';
import type { Block } from '../types';
import type { DocumentBuilder } from './builder';
import type { TableRow } from './table-rows';

/** Subtrees with no readable text. (<head> is not skipped whole: its <title> is the document's title.) */
const SKIPPED = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'svg',
  'math',
  'iframe',
  'object',
  'canvas',
  'select',
  'nav',
  'button',
]);

/** Elements that end the running paragraph. Tables are handled apart. */
const BLOCK_ELEMENTS = new Set([
  'p',
  'div',
  'section',
  'article',
  'main',
  'header',
  'footer',
  'aside',
  'blockquote',
  'pre',
  'li',
  'ul',
  'ol',
  'dl',
  'dd',
  'dt',
  'figure',
  'figcaption',
  'caption',
  'address',
  'details',
  'summary',
  'form',
  'fieldset',
  'legend',
  'hr',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'body',
  'html',
  'center',
]);

const VOID_ELEMENTS = new Set([
  'br',
  'hr',
  'img',
  'input',
  'meta',
  'link',
  'wbr',
  'area',
  'base',
  'col',
  'embed',
  'source',
  'track',
]);

interface Frame {
  name: string;
  kind: Block['kind'] | null;
  level?: number;
}

interface TableState {
  rows: TableRow[];
  row: TableRow | null;
  cell: { text: string; header: boolean; colspan: number; rowspan: number } | null;
  depth: number; // nested tables flatten into the outer cell
}

export interface HtmlWalkOptions {
  /** mammoth marks footnotes/endnotes as list items with these id prefixes, and adds "↑" back-links. */
  wordFootnotes?: boolean;
}

function headingLevel(name: string): number | null {
  return /^h[1-6]$/.test(name) ? Number(name[1]) : null;
}

function spanAttr(value: string | undefined): number {
  const n = Number.parseInt(value ?? '1', 10);
  return Number.isFinite(n) && n >= 1 ? Math.min(n, 1000) : 1;
}

/** Feeds `html` through the walker into `builder`. Returns the document's <title>, if any. */
export function walkHtml(html: string, builder: DocumentBuilder, opts: HtmlWalkOptions = {}): { title?: string } {
  const stack: Frame[] = [];
  let skipDepth = 0; // > 0 while inside a skipped subtree
  let buffer = '';
  let title = '';
  let inTitle = false;
  let table: TableState | null = null;

  const kindNow = (): { kind: Block['kind']; level?: number } => {
    let result: { kind: Block['kind']; level?: number } = { kind: 'paragraph' };
    const rank: Record<Block['kind'], number> = {
      heading: 6,
      code: 5,
      footnote: 4,
      caption: 3,
      'list-item': 2,
      'table-row': 1,
      paragraph: 0,
    };
    for (const frame of stack) {
      if (frame.kind && rank[frame.kind] > rank[result.kind]) result = { kind: frame.kind, level: frame.level };
    }
    return result;
  };
  const inPre = () => stack.some((f) => f.name === 'pre');

  const flush = () => {
    if (!buffer) return;
    const { kind, level } = kindNow();
    builder.addBlock(kind, buffer, level);
    buffer = '';
  };

  const append = (text: string) => {
    if (table?.cell) {
      table.cell.text += text;
      return;
    }
    if (table) return; // text between cells (whitespace, stray markup)
    buffer += text;
  };

  const flushTable = () => {
    if (!table) return;
    builder.addTable(table.rows);
    table = null;
  };

  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (skipDepth > 0 || SKIPPED.has(name) || 'hidden' in attrs) {
          if (!VOID_ELEMENTS.has(name)) skipDepth++;
          return;
        }
        if (name === 'title') {
          inTitle = true;
          return;
        }
        if (opts.wordFootnotes && name === 'a' && /^#(footnote|endnote)-ref-/.test(attrs.href ?? '')) {
          skipDepth++; // the "↑" back-link
          return;
        }
        if (name === 'table') {
          if (table) {
            table.depth++;
            append(' ');
          } else {
            flush();
            table = { rows: [], row: null, cell: null, depth: 0 };
          }
          return;
        }
        if (table) {
          if (table.depth > 0) {
            if (name === 'td' || name === 'th' || name === 'tr' || BLOCK_ELEMENTS.has(name)) append(' ');
            return;
          }
          if (name === 'tr') {
            table.row = [];
            table.rows.push(table.row);
            return;
          }
          if (name === 'td' || name === 'th') {
            if (!table.row) {
              table.row = [];
              table.rows.push(table.row);
            }
            table.cell = {
              text: '',
              header: name === 'th',
              colspan: spanAttr(attrs.colspan),
              rowspan: spanAttr(attrs.rowspan),
            };
            return;
          }
          if (name === 'br' || BLOCK_ELEMENTS.has(name)) append(' ');
          return;
        }
        if (name === 'br') {
          append('\n');
          return;
        }
        if (!BLOCK_ELEMENTS.has(name)) return;
        flush();
        const level = headingLevel(name);
        let kind: Block['kind'] | null = null;
        if (level) kind = 'heading';
        else if (name === 'pre') kind = 'code';
        else if (name === 'figcaption' || name === 'caption') kind = 'caption';
        else if (name === 'li' && opts.wordFootnotes && /^(footnote|endnote)-/.test(attrs.id ?? '')) kind = 'footnote';
        else if (name === 'li' || name === 'dd' || name === 'dt') kind = 'list-item';
        if (!VOID_ELEMENTS.has(name)) stack.push({ name, kind, level: level ?? undefined });
      },
      ontext(text) {
        if (skipDepth > 0) return;
        if (inTitle) {
          title += text;
          return;
        }
        append(inPre() ? text : text.replace(/\s+/g, ' '));
      },
      onclosetag(name) {
        if (skipDepth > 0) {
          if (!VOID_ELEMENTS.has(name)) skipDepth--;
          return;
        }
        if (name === 'title') {
          inTitle = false;
          return;
        }
        if (table) {
          if (name === 'table') {
            if (table.depth > 0) table.depth--;
            else flushTable();
            return;
          }
          if (table.depth > 0) return;
          if ((name === 'td' || name === 'th') && table.cell) {
            table.row?.push({ ...table.cell, text: table.cell.text.replace(/\s+/g, ' ').trim() });
            table.cell = null;
          } else if (name === 'tr') {
            table.row = null;
          }
          return;
        }
        if (!BLOCK_ELEMENTS.has(name) || VOID_ELEMENTS.has(name)) return;
        flush();
        const at = stack.map((f) => f.name).lastIndexOf(name);
        if (at >= 0) stack.length = at;
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true, recognizeSelfClosing: true },
  );
  parser.write(html);
  parser.end();
  flushTable();
  flush();
  return title.trim() ? { title } : {};
}
