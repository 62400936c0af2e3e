// The document as a list of trimmed, non-empty units (headings, paragraphs, list items...) in text order.
import type { Block, ParsedDocument } from '../types';
import { isLowSurrogate } from '../tokens/bpe';
import { trimRange } from './segment';

export interface Unit {
  start: number;
  end: number;
  kind: Block['kind'];
  /** Headings only: 1..6 and the text shown in heading paths. */
  level?: number;
  title?: string;
  /** Table rows only: the table's number in the document and whether this row is its header. */
  table?: number;
  header?: boolean;
}

const BLANK_LINE = /\n[^\S\n]*\n/g;

/**
 * Units from the parser's blocks; text the blocks do not cover (or the whole text when there are no blocks)
 * becomes paragraphs split on blank lines, so that nothing a parser forgot to label goes unindexed.
 */
export function documentUnits(doc: ParsedDocument): Unit[] {
  const text = doc.text;
  const units: Unit[] = [];
  const blocks = [...doc.blocks].sort((a, b) => a.start - b.start || a.end - b.end);
  let covered = 0;
  for (const block of blocks) {
    // A block edge inside a surrogate pair (a parser bug) must not cut the character: widen to include it.
    const start = Math.max(widenStart(text, Math.max(0, block.start)), covered);
    const end = widenEnd(text, Math.min(block.end, text.length));
    if (end <= start) continue;
    pushParagraphs(text, covered, start, units);
    const [s, e] = trimRange(text, start, end);
    if (e > s) units.push(blockUnit(text, block, s, e));
    covered = end;
  }
  pushParagraphs(text, covered, text.length, units);
  return units;
}

function widenStart(text: string, i: number): number {
  return i > 0 && isLowSurrogate(text.charCodeAt(i)) && isHighSurrogate(text.charCodeAt(i - 1)) ? i - 1 : i;
}

function widenEnd(text: string, i: number): number {
  return i > 0 && isLowSurrogate(text.charCodeAt(i)) && isHighSurrogate(text.charCodeAt(i - 1)) ? i + 1 : i;
}

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

function blockUnit(text: string, block: Block, start: number, end: number): Unit {
  if (block.kind === 'table-row') return tableRowUnit(block, start, end);
  if (block.kind !== 'heading') return { start, end, kind: block.kind };
  const level = Math.min(6, Math.max(1, Math.round(block.level ?? 1)));
  return { start, end, kind: 'heading', level, title: headingTitle(text.slice(start, end)) };
}

function tableRowUnit(block: Block, start: number, end: number): Unit {
  const unit: Unit = { start, end, kind: 'table-row' };
  if (block.table !== undefined) unit.table = block.table;
  if (block.header) unit.header = true;
  return unit;
}

/** "## Results ##" → "Results"; whitespace collapsed; bounded so a misdetected heading cannot bloat every chunk. */
export function headingTitle(raw: string): string {
  const title = raw
    .replace(/^#{1,6}[^\S\n]+/, '')
    .replace(/[^\S\n]+#+\s*$/, '')
    .replace(/\s+/g, ' ')
    .trim();
  return title.length > 200 ? `${title.slice(0, 199)}…` : title;
}

function pushParagraphs(text: string, from: number, to: number, units: Unit[]): void {
  if (to <= from) return;
  BLANK_LINE.lastIndex = from;
  let start = from;
  while (start < to) {
    const m = BLANK_LINE.exec(text);
    const end = m && m.index < to ? m.index : to;
    const [s, e] = trimRange(text, start, end);
    if (e > s) units.push({ start: s, end: e, kind: 'paragraph' });
    if (!m || m.index >= to) break;
    start = m.index + m[0].length;
  }
}
