// Markdown (CommonMark and the usual GitHub extensions), read line by line: headings become heading
// blocks with their level, fenced and indented code stays code, tables become one block per row, and
// inline markup is stripped while its words (link text, image alt text, code spans) are kept.
import type { ParsedDocument } from '../types';
import { DocumentBuilder } from './builder';
import { decodeText } from './decode';
import type { TableRow } from './table-rows';

const FENCE = /^ {0,3}(`{3,}|~{3,})(.*)$/;
const ATX = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const SETEXT = /^ {0,3}(=+|-+)[ \t]*$/;
const THEMATIC = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const LIST_ITEM = /^( {0,3})([-*+]|\d{1,9}[.)])(?:[ \t]+(.*))?$/;
const TASK_BOX = /^\[[ xX]\][ \t]+/;
const REFERENCE_DEF = /^ {0,3}\[[^\]]+\]:[ \t]*\S+(?:[ \t]+(?:"[^"]*"|'[^']*'|\([^)]*\)))?[ \t]*$/;
const FOOTNOTE_DEF = /^ {0,3}\[\^([^\]]+)\]:[ \t]*(.*)$/;
const TABLE_DELIMITER = /^ {0,3}\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$/;
const INDENTED = /^(?: {4}|\t)/;

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  copy: '©',
  reg: '®',
  hellip: '…',
  mdash: '—',
  ndash: '–',
};

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,8});/gi, (whole, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? Number.parseInt(body.slice(2), 16) : Number(body.slice(1));
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[body.toLowerCase()] ?? whole;
  });
}

/** Inline markup → plain words. Code spans are kept verbatim. */
export function stripInline(s: string): string {
  const pieces = s.split(/(`+)([^`]|[^`][\s\S]*?[^`])\1(?!`)/);
  let out = '';
  // split() with two groups yields [text, ticks, code, text, ticks, code, ...]
  for (let i = 0; i < pieces.length; i += 3) {
    out += stripInlineText(pieces[i]);
    if (i + 2 < pieces.length) out += pieces[i + 2].replace(/^ (.*) $/, '$1');
  }
  return out;
}

function stripInlineText(s: string): string {
  let t = s.replace(/\\([!-/:-@[-`{-~])/g, (_m, c: string) => `\u0000${c.charCodeAt(0)}\u0000`);
  t = t
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1') // images: alt text
    .replace(/!\[([^\]]*)\]\[[^\]]*\]/g, '$1')
    .replace(/\[\^[^\]]+\]/g, '') // footnote references
    .replace(/\[([^\]]+)\]\((?:[^()]|\([^)]*\))*\)/g, '$1') // links: their text
    .replace(/\[([^\]]+)\]\[[^\]]*\]/g, '$1')
    .replace(/<((?:https?|ftp|mailto):[^>\s]+)>/gi, '$1')
    .replace(/<([^@>\s]+@[^@>\s]+)>/g, '$1')
    .replace(/<\/?[A-Za-z][A-Za-z0-9-]*(?:\s[^>]*)?\/?>/g, '') // inline HTML tags
    .replace(/(\*\*|__)(?=\S)([\s\S]*?\S)\1/g, '$2')
    .replace(/(?<![\w*])\*(?=\S)([\s\S]*?\S)\*(?![\w*])/g, '$1')
    .replace(/(?<![\w_])_(?=\S)([\s\S]*?\S)_(?![\w_])/g, '$1')
    .replace(/~~(?=\S)([\s\S]*?\S)~~/g, '$1');
  t = decodeEntities(t);
  return t.replace(/\u0000(\d+)\u0000/g, (_m, code: string) => String.fromCharCode(Number(code)));
}

function splitTableRow(line: string): string[] {
  const body = line
    .trim()
    .replace(/^\|/, '')
    .replace(/(?<!\\)\|$/, '');
  return body.split(/(?<!\\)\|/).map((cell) => stripInline(cell.trim().replace(/\\\|/g, '|')));
}

export function parseMarkdown(bytes: Uint8Array): ParsedDocument {
  const decoded = decodeText(bytes);
  const builder = new DocumentBuilder('markdown');
  if (decoded.guessed) builder.flag('encoding-guessed');
  const lines = decoded.text.replace(/\r\n?/g, '\n').split('\n');
  let title: string | undefined;
  let i = 0;

  // YAML front matter: metadata, not prose; its title is the document's title.
  if (lines[0]?.trim() === '---') {
    const end = lines.findIndex((l, k) => k > 0 && k < 200 && /^(---|\.\.\.)\s*$/.test(l));
    if (end > 0) {
      for (const l of lines.slice(1, end)) {
        const m = /^title:\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^']|'')*)'|(.*?))\s*$/.exec(l);
        const value = m?.[1]?.replace(/\\(.)/g, '$1') ?? m?.[2]?.replace(/''/g, "'") ?? m?.[3];
        if (value) title = value;
      }
      i = end + 1;
    }
  }

  let paragraph: string[] = [];
  let item: { kind: 'list-item' | 'footnote'; lines: string[]; indent: number } | null = null;

  const joinLines = (ls: string[]) =>
    // A hard break (two trailing spaces or a backslash) keeps the newline; a soft break is a space.
    ls
      .map((l, k) => {
        if (k === ls.length - 1) return l.trim();
        return / {2,}$|\\$/.test(l) ? `${l.replace(/\\$/, '').trim()}\n` : `${l.trim()} `;
      })
      .join('');
  const flushParagraph = () => {
    if (paragraph.length > 0) builder.addBlock('paragraph', stripInline(joinLines(paragraph)));
    paragraph = [];
  };
  const flushItem = () => {
    if (item) builder.addBlock(item.kind, stripInline(joinLines(item.lines)));
    item = null;
  };
  const flushAll = () => {
    flushParagraph();
    flushItem();
  };
  const heading = (level: number, raw: string) => {
    flushAll();
    const text = stripInline(raw);
    if (builder.addBlock('heading', text, level) && level === 1 && !title) title = text;
  };

  while (i < lines.length) {
    const raw = lines[i];
    // Block quotes: their content is read like any other text.
    const line = raw.replace(/^(?: {0,3}> ?)+/, '');
    const fence = FENCE.exec(line);
    if (fence && !(fence[1][0] === '`' && fence[2].includes('`'))) {
      flushAll();
      const marker = fence[1];
      const code: string[] = [];
      i++;
      while (i < lines.length) {
        const l = lines[i].replace(/^(?: {0,3}> ?)+/, '');
        if (new RegExp(`^ {0,3}${marker[0]}{${marker.length},}[ \\t]*$`).test(l)) break;
        code.push(l);
        i++;
      }
      builder.addBlock('code', code.join('\n'));
      i++;
      continue;
    }
    if (!line.trim()) {
      flushParagraph();
      // A blank line inside a list item only ends it if what follows is not indented under it.
      if (item && !(i + 1 < lines.length && /^\s{2,}\S/.test(lines[i + 1]) && !LIST_ITEM.test(lines[i + 1]))) {
        flushItem();
      }
      i++;
      continue;
    }
    if (/^ {0,3}<!--/.test(line)) {
      flushAll();
      while (i < lines.length && !lines[i].includes('-->')) i++;
      i++;
      continue;
    }
    const atx = ATX.exec(line);
    if (atx) {
      heading(atx[1].length, atx[2] ?? '');
      i++;
      continue;
    }
    if (paragraph.length > 0 && !item && SETEXT.test(line)) {
      const text = joinLines(paragraph);
      paragraph = [];
      heading(line.trim()[0] === '=' ? 1 : 2, text);
      i++;
      continue;
    }
    if (THEMATIC.test(line)) {
      flushAll();
      i++;
      continue;
    }
    if (REFERENCE_DEF.test(line) && paragraph.length === 0) {
      i++;
      continue;
    }
    const footnote = FOOTNOTE_DEF.exec(line);
    if (footnote) {
      flushAll();
      item = { kind: 'footnote', lines: [footnote[2]], indent: 4 };
      i++;
      continue;
    }
    if (
      line.includes('|') &&
      i + 1 < lines.length &&
      TABLE_DELIMITER.test(lines[i + 1]) &&
      lines[i + 1].includes('-')
    ) {
      flushAll();
      const rows: TableRow[] = [];
      const headerCells = splitTableRow(line);
      rows.push(headerCells.map((text) => ({ text, header: true, colspan: 1, rowspan: 1 })));
      i += 2;
      while (i < lines.length && lines[i].trim() && lines[i].includes('|')) {
        rows.push(splitTableRow(lines[i]).map((text) => ({ text, header: false, colspan: 1, rowspan: 1 })));
        i++;
      }
      builder.addTable(rows);
      continue;
    }
    const list = LIST_ITEM.exec(line);
    if (list && (list[3] !== undefined || paragraph.length === 0)) {
      flushAll();
      item = {
        kind: 'list-item',
        lines: [(list[3] ?? '').replace(TASK_BOX, '')],
        indent: list[1].length + list[2].length + 1,
      };
      i++;
      continue;
    }
    if (item) {
      item.lines.push(line);
      i++;
      continue;
    }
    if (INDENTED.test(line) && paragraph.length === 0) {
      const code: string[] = [];
      while (i < lines.length && (INDENTED.test(lines[i]) || !lines[i].trim())) {
        code.push(lines[i].replace(INDENTED, ''));
        i++;
      }
      builder.addBlock('code', code.join('\n'));
      continue;
    }
    paragraph.push(line);
    i++;
  }
  flushAll();
  return builder.build({ title });
}
