// Takes running headers and footers (running-lines.ts) out of pages made of layout paragraphs — PDF text
// pages, OCR'd PDF pages and scanned images alike — before the document text is built, so every offset
// (blocks, pages, chunks, citations) is computed on the text without them. What is removed is kept on the
// page, and a page number read from a footer becomes the page's label when the file defines none.
import type { PageRunning } from '../../../shared/types';
import { joinLines, type Paragraph } from './pdf-layout';
import { findRunningLines } from './running-lines';

export interface StrippablePage {
  number: number;
  paragraphs: Paragraph[];
  label?: string;
  running?: PageRunning;
}

interface LineRef {
  paragraph: Paragraph;
  line: number;
}

/**
 * The page's lines from top to bottom; a table's lines stand as lines that are never furniture. Reading
 * order can put a footer before the end of the page (a table's heading read after it): lines placed on the
 * page are sorted by height. OCR lines carry no position and keep their order.
 */
function pageLines(page: StrippablePage): { texts: (string | null)[]; refs: (LineRef | null)[] } {
  const entries: { text: string | null; ref: LineRef | null; y: number }[] = [];
  for (const paragraph of page.paragraphs) {
    paragraph.lines.forEach((line, k) => {
      const ref = paragraph.table ? null : { paragraph, line: k };
      entries.push({ text: paragraph.table ? null : line.text, ref, y: line.y });
    });
  }
  const placed = entries.some((e) => e.y !== entries[0].y);
  if (placed) entries.sort((a, b) => a.y - b.y); // stable: lines on one height keep their reading order
  return { texts: entries.map((e) => e.text), refs: entries.map((e) => e.ref) };
}

/** Removes the running lines of every page; returns how many lines were removed. */
export function stripRunningLines(pages: StrippablePage[]): number {
  const lines = pages.map(pageLines);
  const verdicts = findRunningLines(pages.map((p, i) => ({ number: p.number, lines: lines[i].texts })));
  let removed = 0;
  pages.forEach((page, i) => {
    const { top, bottom, label } = verdicts[i];
    if (top === 0 && bottom === 0) return;
    const { texts, refs } = lines[i];
    const dropped = new Map<Paragraph, Set<number>>();
    const drop = (k: number) => {
      const ref = refs[k];
      if (!ref) return;
      const set = dropped.get(ref.paragraph) ?? new Set<number>();
      set.add(ref.line);
      dropped.set(ref.paragraph, set);
    };
    for (let k = 0; k < top; k++) drop(k);
    for (let k = texts.length - bottom; k < texts.length; k++) drop(k);
    for (const [paragraph, gone] of dropped) {
      paragraph.lines = paragraph.lines.filter((_, k) => !gone.has(k));
      paragraph.text = joinLines(paragraph.lines.map((l) => l.text));
      const chars = paragraph.lines.reduce((n, l) => n + l.text.length, 0);
      if (chars > 0) paragraph.size = paragraph.lines.reduce((s, l) => s + l.size * l.text.length, 0) / chars;
    }
    page.paragraphs = page.paragraphs.filter((p) => p.table || p.lines.length > 0);
    page.running = {
      top: texts.slice(0, top).filter((t): t is string => t !== null),
      bottom: texts.slice(texts.length - bottom).filter((t): t is string => t !== null),
    };
    if (label && !page.label) page.label = label;
    removed += top + bottom;
  });
  return removed;
}
