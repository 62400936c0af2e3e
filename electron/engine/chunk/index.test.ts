import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sharedFixture } from '../../../test-support/fixture-paths';
import { DocumentBuilder } from '../parse/builder';
import type { TableCell } from '../parse/table-rows';
import { countTokens } from '../tokens';
import type { Block, ChunkDraft, PageSpan, ParsedDocument } from '../types';
import { chunkDocument } from './index';

// ---------- documents for the tests ----------

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = (
  'the of and to in is was for that with as on by at from his her an which or be are were this have had ' +
  'library document search index question answer page chapter river mountain engine garden window lantern ' +
  'archive citation paragraph sentence evidence protocol harbour winter summer morning evening village ' +
  'analysis measurement experiment hypothesis conclusion method result figure table colour neighbour'
).split(' ');

function sentence(r: () => number, min = 6, max = 24): string {
  const n = min + Math.floor(r() * (max - min + 1));
  const words = Array.from({ length: n }, () => WORDS[Math.floor(r() * WORDS.length)]);
  const s = words.join(' ');
  return `${s[0].toUpperCase()}${s.slice(1)}${r() < 0.15 ? '?' : '.'}`;
}

function paragraph(r: () => number, sentences = 2 + Math.floor(r() * 6)): string {
  return Array.from({ length: sentences }, () => sentence(r)).join(' ');
}

/** A markdown-like document with heading and paragraph blocks, as a parser would give it. */
function markdownDoc(lines: { heading?: number; text: string }[]): ParsedDocument {
  let text = '';
  const blocks: Block[] = [];
  for (const line of lines) {
    if (text) text += '\n\n';
    const start = text.length;
    text += line.heading ? `${'#'.repeat(line.heading)} ${line.text}` : line.text;
    blocks.push(
      line.heading
        ? { kind: 'heading', level: line.heading, start, end: text.length }
        : { kind: 'paragraph', start, end: text.length },
    );
  }
  text += '\n';
  return { kind: 'markdown', text, blocks, pages: [], pageCount: null, flags: [], verdict: 'ok' };
}

function longMarkdown(seed: number): { heading?: number; text: string }[] {
  const r = rng(seed);
  const lines: { heading?: number; text: string }[] = [{ heading: 1, text: 'Field notes' }];
  for (let s = 1; s <= 6; s++) {
    lines.push({ heading: 2, text: `Part ${s}` });
    for (let p = 0; p < 10; p++) lines.push({ text: paragraph(r) });
    if (s % 2 === 0) {
      lines.push({ heading: 3, text: `Details of part ${s}` });
      for (let p = 0; p < 4; p++) lines.push({ text: paragraph(r) });
    }
  }
  return lines;
}

function plainDoc(text: string, pages: PageSpan[] = []): ParsedDocument {
  return {
    kind: pages.length ? 'pdf' : 'text',
    text,
    blocks: [],
    pages,
    pageCount: pages.length || null,
    flags: [],
    verdict: 'ok',
  };
}

// ---------- invariants every chunking must satisfy ----------

const TARGET = 400;
/** Piecewise token sums may under-count a joined text by a token or two. */
const tolerance = (target: number) => Math.ceil(target * 0.02) + 2;

function checkInvariants(doc: ParsedDocument, chunks: ChunkDraft[], target = TARGET): void {
  const text = doc.text;
  let covered = 0;
  const uncovered: string[] = [];
  chunks.forEach((c, i) => {
    expect(c.ordinal).toBe(i);
    expect(c.text).toBe(text.slice(c.charStart, c.charEnd));
    expect(c.text.trim().length).toBeGreaterThan(0);
    expect(c.text).toBe(c.text.trim());
    expect(c.sha256).toBe(createHash('sha256').update(c.text).digest('hex'));
    expect(c.tokens).toBe(countTokens(c.text));
    expect(c.tokens).toBeLessThanOrEqual(target + tolerance(target));
    if (i > 0) expect(c.charStart).toBeGreaterThan(chunks[i - 1].charStart);
    // Everything that is not whitespace is in some chunk.
    if (c.charStart > covered && text.slice(covered, c.charStart).trim())
      uncovered.push(text.slice(covered, c.charStart));
    covered = Math.max(covered, c.charEnd);
    for (const at of [c.charStart, c.charEnd]) {
      // Never inside a surrogate pair.
      const code = text.charCodeAt(at);
      if (at < text.length) expect(code >= 0xdc00 && code <= 0xdfff).toBe(false);
    }
  });
  if (text.slice(covered).trim()) uncovered.push(text.slice(covered));
  expect(uncovered).toEqual([]);
}

const isWordChar = (ch: string | undefined) => ch !== undefined && /[\p{L}\p{N}\p{M}]/u.test(ch);

function expectWordBoundary(text: string, at: number): void {
  const inside = isWordChar(text[at - 1]) && isWordChar(text[at]);
  expect(inside, `offset ${at} splits "${text.slice(at - 12, at)}|${text.slice(at, at + 12)}"`).toBe(false);
}

// ---------- tests ----------

describe('chunkDocument on a structured markdown document', () => {
  const doc = markdownDoc(longMarkdown(1));
  const chunks = chunkDocument(doc);

  it('produces exact offsets, bounded token counts and full coverage', () => {
    expect(chunks.length).toBeGreaterThanOrEqual(20);
    checkInvariants(doc, chunks);
  });

  it('starts every section with a new chunk that begins with its heading line, and records heading paths', () => {
    doc.blocks.forEach((heading, i) => {
      if (heading.kind !== 'heading') return;
      const line = doc.text.slice(heading.start, heading.end);
      // "# Field notes" has no text of its own before "## Part 1": they open the same chunk.
      if (doc.blocks[i + 1]?.kind === 'heading') return;
      if (doc.blocks[i - 1]?.kind === 'heading') return;
      const first = chunks.find((c) => c.charStart === heading.start);
      expect(first, `a chunk starts at "${line}"`).toBeDefined();
      expect(first?.text.startsWith(line)).toBe(true);
      expect(first?.headingPath.at(-1)).toBe(line.replace(/^#+ /, ''));
    });
    expect(chunks[0].text.startsWith('# Field notes\n\n## Part 1\n\n')).toBe(true);
    expect(chunks[0].headingPath).toEqual(['Field notes', 'Part 1']);
    const details = chunks.filter((c) => c.headingPath.at(-1) === 'Details of part 2');
    expect(details.length).toBeGreaterThan(0);
    for (const c of details) expect(c.headingPath).toEqual(['Field notes', 'Part 2', 'Details of part 2']);
    // After a level-3 section, the next level-2 heading pops back up.
    expect(chunks.some((c) => c.headingPath.join('/') === 'Field notes/Part 3')).toBe(true);
  });

  it('never splits a paragraph that fits: boundaries of chunk cores fall between paragraphs', () => {
    const paragraphStarts = new Set(doc.blocks.map((b) => b.start));
    const paragraphEnds = new Set(doc.blocks.map((b) => b.end));
    for (const c of chunks) expect(paragraphEnds.has(c.charEnd)).toBe(true);
    // A chunk starts at a paragraph or inside the previous chunk (the overlap).
    chunks.forEach((c, i) => {
      expect(paragraphStarts.has(c.charStart) || (i > 0 && c.charStart < chunks[i - 1].charEnd)).toBe(true);
    });
  });

  it('repeats the end of the previous chunk of the same section, about overlapTokens long, from a word start', () => {
    let overlaps = 0;
    for (let i = 1; i < chunks.length; i++) {
      const prev = chunks[i - 1];
      const c = chunks[i];
      if (c.charStart >= prev.charEnd) continue;
      overlaps++;
      const shared = doc.text.slice(c.charStart, prev.charEnd);
      expect(prev.text.endsWith(shared)).toBe(true);
      expect(countTokens(shared)).toBeLessThanOrEqual(60);
      expect(countTokens(shared)).toBeGreaterThanOrEqual(20);
      expectWordBoundary(doc.text, c.charStart);
      expect(c.headingPath).toEqual(prev.headingPath);
    }
    const sameSection = chunks.filter(
      (c, i) => i > 0 && !doc.blocks.some((b) => b.kind === 'heading' && b.start === c.charStart),
    );
    expect(overlaps).toBe(sameSection.length);
    expect(overlaps).toBeGreaterThan(10);
  });

  it('prefers a sentence start for the overlap when sentences are short', () => {
    let atSentence = 0;
    let total = 0;
    for (let i = 1; i < chunks.length; i++) {
      if (chunks[i].charStart >= chunks[i - 1].charEnd) continue;
      total++;
      const before = doc.text.slice(0, chunks[i].charStart).trimEnd();
      if (/[.?]$/.test(before)) atSentence++;
    }
    expect(atSentence / total).toBeGreaterThan(0.8);
  });

  it('is deterministic', () => {
    expect(chunkDocument(markdownDoc(longMarkdown(1)))).toEqual(chunks);
  });

  it('honours other targets and no overlap', () => {
    const small = chunkDocument(doc, { targetTokens: 120, overlapTokens: 0 });
    checkInvariants(doc, small, 120);
    for (let i = 1; i < small.length; i++) expect(small[i].charStart).toBeGreaterThanOrEqual(small[i - 1].charEnd);
    expect(small.length).toBeGreaterThan(chunks.length * 2);
  });
});

describe('incremental re-chunking', () => {
  function editMiddleParagraph(lines: { heading?: number; text: string }[]): { heading?: number; text: string }[] {
    const paragraphs = lines.map((l, i) => (l.heading ? -1 : i)).filter((i) => i >= 0);
    const target = paragraphs[Math.floor(paragraphs.length / 2)];
    return lines.map((l, i) =>
      i === target
        ? { text: `${l.text} An added sentence about the lantern in the archive, which changes its length.` }
        : l,
    );
  }

  function unchangedShare(before: ChunkDraft[], after: ChunkDraft[]): { kept: number; changed: number } {
    const old = new Set(before.map((c) => c.sha256));
    const kept = after.filter((c) => old.has(c.sha256)).length;
    return { kept, changed: after.length - kept };
  }

  it('changes only the chunks around an edited paragraph of a markdown document', () => {
    const lines = longMarkdown(2);
    const before = chunkDocument(markdownDoc(lines));
    const after = chunkDocument(markdownDoc(editMiddleParagraph(lines)));
    expect(before.length).toBeGreaterThanOrEqual(20);
    const { kept, changed } = unchangedShare(before, after);
    console.info(`markdown edit: ${changed} of ${after.length} chunks changed`);
    expect(changed).toBeGreaterThan(0);
    expect(changed).toBeLessThanOrEqual(4);
    expect(kept / after.length).toBeGreaterThan(0.8);
  });

  it('re-synchronises within one long section without headings (content-defined boundaries)', () => {
    // One section of ~60 chunks, as a PDF without headings gives: packing it from the top (greedy or balanced)
    // would let an edit shift boundaries far from it (measured without the anchors: up to 25 chunks changed).
    const counts: number[] = [];
    for (let seed = 1; seed <= 5; seed++) {
      const r = rng(100 + seed);
      const paragraphs = Array.from({ length: 240 }, () => paragraph(r));
      const before = chunkDocument(plainDoc(paragraphs.join('\n\n')));
      expect(before.length).toBeGreaterThan(40);
      const edits: [number, string[]][] = [
        [60, paragraphs.map((p, i) => (i === 60 ? `${p} ${sentence(r)} ${sentence(r)}` : p))],
        [60, [...paragraphs.slice(0, 60), paragraph(r), paragraph(r), paragraph(r), ...paragraphs.slice(60)]],
        [5, [...paragraphs.slice(0, 5), ...paragraphs.slice(6)]],
        [100, paragraphs.map((p, i) => (i === 100 ? `${p.slice(0, 40)}.` : p))],
      ];
      for (const [at, edited] of edits) {
        const after = chunkDocument(plainDoc(edited.join('\n\n')));
        const { changed } = unchangedShare(before, after);
        counts.push(changed);
        expect(changed).toBeGreaterThan(0);
        expect(changed).toBeLessThanOrEqual(10);
        // The chunks that changed are all around the edit.
        const editAt = edited.slice(0, at).join('\n\n').length;
        const old = new Set(before.map((c) => c.sha256));
        for (const c of after.filter((c) => !old.has(c.sha256)))
          expect(Math.abs(c.charStart - editAt)).toBeLessThan(15_000);
      }
    }
    console.info(`single-section edits: chunks changed ${counts.join(' ')} (of ~60)`);
    expect(counts.reduce((a, b) => a + b, 0) / counts.length).toBeLessThan(5);
  });
});

describe('splitting long text', () => {
  it('splits a paragraph longer than the target at sentence boundaries', () => {
    const r = rng(5);
    const text = Array.from({ length: 80 }, () => sentence(r)).join(' ');
    const doc = plainDoc(text);
    const chunks = chunkDocument(doc);
    expect(chunks.length).toBeGreaterThan(2);
    checkInvariants(doc, chunks);
    for (const c of chunks) {
      expect(c.text).toMatch(/[.?]$/);
      expect(c.text).toMatch(/^[A-Z]/);
    }
  });

  it('splits a sentence longer than the target between words, never inside one', () => {
    const r = rng(6);
    const words = Array.from({ length: 3000 }, () => WORDS[Math.floor(r() * WORDS.length)]);
    const text = `Preamble sentence here. ${words.join(' ')} and an end.`;
    const doc = plainDoc(text);
    const chunks = chunkDocument(doc, { targetTokens: 200, overlapTokens: 30 });
    checkInvariants(doc, chunks, 200);
    expect(chunks.length).toBeGreaterThan(10);
    for (const c of chunks) {
      expectWordBoundary(text, c.charStart);
      expectWordBoundary(text, c.charEnd);
    }
  });

  it('cuts lines of a code block rather than sentences', () => {
    const code = Array.from({ length: 300 }, (_, i) => `  const value${i} = compute(${i}, "x.y. z");`).join('\n');
    const text = `Intro paragraph.\n\n${code}\n`;
    const doc: ParsedDocument = {
      ...plainDoc(text),
      kind: 'markdown',
      blocks: [
        { kind: 'paragraph', start: 0, end: 16 },
        { kind: 'code', start: 18, end: 18 + code.length },
      ],
    };
    const chunks = chunkDocument(doc, { targetTokens: 200, overlapTokens: 0 });
    checkInvariants(doc, chunks, 200);
    for (const c of chunks.slice(1)) expect(text[c.charStart - 1]).toMatch(/\s/);
    for (const c of chunks)
      expect(c.text.endsWith(');') || c.text === 'Intro paragraph.' || c.text.endsWith('.')).toBe(true);
  });

  it('cuts a run with no word boundary (a base64 blob) into bounded chunks', () => {
    const r = rng(7);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    const blob = Array.from({ length: 20_000 }, () => alphabet[Math.floor(r() * 64)]).join('');
    const doc = plainDoc(`Attachment:\n\n${blob}\n\nEnd of attachment.`);
    const chunks = chunkDocument(doc);
    checkInvariants(doc, chunks);
    expect(chunks.length).toBeGreaterThan(10);
  });

  it('splits Latin text only at word boundaries', () => {
    const r = rng(8);
    const text = Array.from({ length: 60 }, () => paragraph(r, 3 + Math.floor(r() * 12))).join('\n\n');
    const doc = plainDoc(text);
    const chunks = chunkDocument(doc, { targetTokens: 150, overlapTokens: 25 });
    checkInvariants(doc, chunks, 150);
    for (const c of chunks) {
      expectWordBoundary(text, c.charStart);
      expectWordBoundary(text, c.charEnd);
    }
  });
});

describe('scripts other than Latin', () => {
  const segmenterWords = (s: string) => {
    const starts = new Set<number>();
    for (const seg of new Intl.Segmenter('und', { granularity: 'word' }).segment(s)) starts.add(seg.index);
    starts.add(s.length);
    return starts;
  };
  const graphemeStarts = (s: string) => {
    const starts = new Set<number>();
    for (const seg of new Intl.Segmenter('und', { granularity: 'grapheme' }).segment(s)) starts.add(seg.index);
    starts.add(s.length);
    return starts;
  };

  it('chunks Japanese without spaces at sentence and word boundaries, never inside a character', () => {
    const sentences = [
      '東京は日本の首都であり、世界最大の都市圏の一つです',
      '𠮷野家の牛丼はとても美味しいと言われています',
      '図書館には古い文書がたくさん保管されていました',
      '研究者たちは新しい検索方法について議論しました',
      '春になると川沿いの桜が一斉に咲き始めます',
    ];
    const r = rng(9);
    // A paragraph far over the target, with and without sentence punctuation (the second needs word cuts).
    const withStops = Array.from({ length: 120 }, () => `${sentences[Math.floor(r() * 5)]}。`).join('');
    const noStops = Array.from({ length: 120 }, () => sentences[Math.floor(r() * 5)]).join('');
    const text = `${withStops}\n\n${noStops}`;
    const doc = plainDoc(text);
    const chunks = chunkDocument(doc, { targetTokens: 100, overlapTokens: 15 });
    checkInvariants(doc, chunks, 100);
    expect(chunks.length).toBeGreaterThan(20);
    const words = segmenterWords(text);
    const graphemes = graphemeStarts(text);
    for (const c of chunks) {
      expect(graphemes.has(c.charStart) && graphemes.has(c.charEnd)).toBe(true);
      expect(words.has(c.charStart)).toBe(true);
      expect(words.has(c.charEnd)).toBe(true);
      if (c.charEnd <= withStops.length) expect(c.text.endsWith('。')).toBe(true);
    }
  });

  it('chunks Arabic (right-to-left, logical order) at word boundaries', () => {
    const sentences = [
      'العربية هي لغة سامية يتحدث بها أكثر من أربعمائة مليون شخص حول العالم',
      'تقع المكتبة في وسط المدينة بالقرب من النهر القديم',
      'قرأ الباحثون الوثائق القديمة بعناية شديدة قبل كتابة التقرير',
      'في فصل الربيع تزهر الأشجار في الحدائق العامة',
    ];
    const r = rng(10);
    const text = Array.from({ length: 30 }, () =>
      Array.from({ length: 4 }, () => `${sentences[Math.floor(r() * 4)]}.`).join(' '),
    ).join('\n\n');
    const doc = plainDoc(text);
    const chunks = chunkDocument(doc, { targetTokens: 120, overlapTokens: 20 });
    checkInvariants(doc, chunks, 120);
    expect(chunks.length).toBeGreaterThan(5);
    for (const c of chunks) {
      expectWordBoundary(text, c.charStart);
      expectWordBoundary(text, c.charEnd);
      expect(/[\u0600-\u06ff]/.test(c.text[0])).toBe(true);
    }
    expect(chunks.some((c, i) => i > 0 && c.charStart < chunks[i - 1].charEnd)).toBe(true);
  });
});

describe('pages', () => {
  function pagedDoc(pageTexts: string[], labels?: string[]): ParsedDocument {
    let text = '';
    const pages: PageSpan[] = [];
    pageTexts.forEach((t, i) => {
      if (i > 0) text += '\n\n';
      const start = text.length;
      text += t;
      pages.push({ number: i + 1, label: labels?.[i], start, end: text.length });
    });
    return plainDoc(text, pages);
  }

  function pageOf(doc: ParsedDocument, offset: number): number {
    return doc.pages.find((p) => offset >= p.start && offset < p.end)?.number ?? -1;
  }

  it('gives each chunk the physical pages of its first and last characters, and the first page label', () => {
    const r = rng(11);
    const texts = Array.from({ length: 12 }, () => Array.from({ length: 5 }, () => paragraph(r)).join('\n\n'));
    const labels = texts.map((_, i) => (i < 2 ? ['i', 'ii'][i] : String(i - 1)));
    const doc = pagedDoc(texts, labels);
    const chunks = chunkDocument(doc);
    checkInvariants(doc, chunks);
    expect(chunks.some((c) => c.pageEnd !== c.pageStart)).toBe(true);
    for (const c of chunks) {
      expect(c.pageStart).toBe(pageOf(doc, c.charStart));
      expect(c.pageEnd).toBe(pageOf(doc, c.charEnd - 1));
      expect(c.pageLabel).toBe(labels[(c.pageStart ?? 0) - 1]);
    }
    expect(chunks[0].pageStart).toBe(1);
    expect(chunks.at(-1)?.pageEnd).toBe(12);
  });

  it('has null pages for unpaged documents', () => {
    const chunks = chunkDocument(plainDoc('Just one line.'));
    expect(chunks).toHaveLength(1);
    expect(chunks[0]).toMatchObject({ pageStart: null, pageEnd: null, pageLabel: null, headingPath: [] });
  });

  it('chunks a real PDF (pdf.js text per page) with page spans that match the text', async () => {
    const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const data = new Uint8Array(readFileSync(sharedFixture('docs', 'pdfjs__tracemonkey.pdf')));
    const pdf = await getDocument({ data, useSystemFonts: false, isEvalSupported: false }).promise;
    const texts: string[] = [];
    for (let n = 1; n <= pdf.numPages; n++) {
      const content = await (await pdf.getPage(n)).getTextContent();
      texts.push(content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : '')).join(''));
    }
    await pdf.destroy();
    const doc = pagedDoc(texts);
    const chunks = chunkDocument(doc);
    checkInvariants(doc, chunks);
    expect(chunks.length).toBeGreaterThan(14);
    for (const c of chunks) {
      expect(c.pageStart).toBe(pageOf(doc, c.charStart));
      expect(c.pageEnd).toBe(pageOf(doc, c.charEnd - 1));
    }
    expect(new Set(chunks.map((c) => c.pageStart)).size).toBe(14);
  });
});

describe('edge cases', () => {
  it('returns nothing for empty or whitespace-only text', () => {
    expect(chunkDocument(plainDoc(''))).toEqual([]);
    expect(chunkDocument(plainDoc(' \n\n\t \u3000 \n'))).toEqual([]);
  });

  it('indexes text that the blocks do not cover, and tolerates out-of-order blocks', () => {
    const text = 'Loose preface text.\n\n# Title\n\nBody paragraph.\n\nTrailing note without a block.';
    const title = text.indexOf('# Title');
    const body = text.indexOf('Body');
    const doc: ParsedDocument = {
      ...plainDoc(text),
      kind: 'markdown',
      blocks: [
        { kind: 'paragraph', start: body, end: body + 'Body paragraph.'.length },
        { kind: 'heading', level: 1, start: title, end: title + 7 },
      ],
    };
    const chunks = chunkDocument(doc);
    checkInvariants(doc, chunks);
    expect(chunks.map((c) => c.headingPath)).toEqual([[], ['Title']]);
    expect(chunks[1].text).toBe('# Title\n\nBody paragraph.\n\nTrailing note without a block.');
  });

  it('keeps a document of headings only', () => {
    const doc = markdownDoc([
      { heading: 1, text: 'A' },
      { heading: 2, text: 'B' },
    ]);
    const chunks = chunkDocument(doc);
    checkInvariants(doc, chunks);
    expect(chunks).toHaveLength(1);
    expect(chunks[0].headingPath).toEqual(['A', 'B']);
  });
});

describe('random mixed-script documents', () => {
  const FRAGMENTS = [
    'The quick brown fox jumps over the lazy dog.',
    'Le café était délicieux, n’est-ce pas ?',
    '東京は日本の首都です。',
    '𠮷野家で牛丼を食べました',
    'العربية لغة جميلة.',
    'עברית היא שפה.',
    '👍🏽 👨‍👩‍👧‍👦 🇫🇷!',
    'e\u0301e\u0301e\u0301 combining',
    'https://example.com/a/very/long/path?with=query&and=more',
    '1234567890',
    '\n',
    '\n\n',
    '   ',
    '\t',
    'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'.repeat(6),
  ];

  it('keeps every invariant on 30 random documents with random blocks, pages and budgets', () => {
    for (let seed = 0; seed < 30; seed++) {
      const r = rng(1000 + seed);
      const parts = Array.from(
        { length: 20 + Math.floor(r() * 400) },
        () => FRAGMENTS[Math.floor(r() * FRAGMENTS.length)],
      );
      const text = parts.join(r() < 0.5 ? ' ' : '');
      // Random non-overlapping blocks (some headings), leaving random gaps uncovered.
      const blocks: Block[] = [];
      let at = 0;
      while (r() < 0.9 && at < text.length) {
        const start = at + Math.floor(r() * 40);
        const end = Math.min(text.length, start + 1 + Math.floor(r() * 600));
        if (start >= end) break;
        const heading = r() < 0.2;
        blocks.push(
          heading ? { kind: 'heading', level: 1 + Math.floor(r() * 4), start, end } : { kind: 'paragraph', start, end },
        );
        at = end;
      }
      // Pages cut at arbitrary offsets (not inside a surrogate pair), some with gaps between them.
      const pages: PageSpan[] = [];
      let p = 0;
      while (p < text.length) {
        let end = Math.min(text.length, p + 1 + Math.floor(r() * 3000));
        if (end < text.length && /[\udc00-\udfff]/.test(text[end])) end++;
        pages.push({ number: pages.length + 1, start: p, end });
        p = end + (r() < 0.3 ? 1 : 0);
      }
      const doc: ParsedDocument = { ...plainDoc(text, r() < 0.5 ? pages : []), blocks: r() < 0.3 ? [] : blocks };
      const target = 40 + Math.floor(r() * 300);
      const overlap = Math.floor(r() * target * 0.3);
      const chunks = chunkDocument(doc, { targetTokens: target, overlapTokens: overlap });
      checkInvariants(doc, chunks, target);
      expect(chunkDocument(doc, { targetTokens: target, overlapTokens: overlap })).toEqual(chunks);
      for (const c of chunks) {
        if (doc.pages.length === 0) continue;
        expect(c.pageStart).not.toBeNull();
        expect(c.pageEnd ?? 0).toBeGreaterThanOrEqual(c.pageStart ?? 0);
      }
    }
  });
});

describe('tables', () => {
  const cell = (text: string): TableCell => ({ text, header: false, colspan: 1, rowspan: 1 });
  const priceTable = (name: string, rows: number) => [
    [cell('Product'), cell('Price'), cell('Stock')],
    ...Array.from({ length: rows }, (_, i) => [
      cell(`${name} ${i + 1}`),
      cell(`${(i * 1.25).toFixed(2)} €`),
      cell(`${i}`),
    ]),
  ];

  function tableDoc(): ParsedDocument {
    const b = new DocumentBuilder('docx');
    b.addBlock('heading', 'Price list', 1);
    b.addBlock('paragraph', 'Our prices for the season, taxes included.');
    b.addTable(priceTable('Lantern', 60));
    b.addBlock('paragraph', 'Prices may change without notice.');
    b.addTable(priceTable('Kettle', 40));
    return b.build();
  }

  it('repeats the header row in the heading path of every chunk that holds rows but not the header', () => {
    const doc = tableDoc();
    const chunks = chunkDocument(doc, { targetTokens: 120, overlapTokens: 20 });
    checkInvariants(doc, chunks, 120);
    const rowChunks = chunks.filter((c) => /(Lantern|Kettle) \d/.test(c.text));
    expect(rowChunks.length).toBeGreaterThan(4);
    for (const c of rowChunks) {
      const header = 'Product | Price | Stock';
      // One source of the header: the chunk's text, or its heading path (said once for both tables).
      const inText = c.text.startsWith(header) || c.text.includes(`\n\n${header}`);
      expect(c.headingPath).toEqual(inText ? ['Price list'] : ['Price list', header]);
    }
  });

  it('does not add headers to chunks without table rows, nor to a table without a detected header', () => {
    const b = new DocumentBuilder('html');
    b.addBlock('paragraph', paragraph(rng(3), 20));
    // Figures only in the first row: not a header.
    b.addTable(Array.from({ length: 80 }, (_, i) => [cell(`${i}`), cell(`${i * 2}`)]));
    const chunks = chunkDocument(b.build(), { targetTokens: 60, overlapTokens: 10 });
    expect(chunks.length).toBeGreaterThan(3);
    for (const c of chunks) expect(c.headingPath).toEqual([]);
  });

  it('carries both headers when a chunk holds the end of one table and rows of the next one', () => {
    const b = new DocumentBuilder('html');
    b.addTable(priceTable('Lantern', 30));
    b.addTable([
      [cell('Town'), cell('Departure')],
      ...Array.from({ length: 30 }, (_, i) => [cell(`Town ${i}`), cell(`${i}:15`)]),
    ]);
    const doc = b.build();
    // A chunk that starts after the first header and reaches past the second.
    const start = doc.text.indexOf('Lantern 29');
    const chunks = chunkDocument(doc, { targetTokens: 2000, overlapTokens: 0 });
    expect(chunks).toHaveLength(1);
    const [one] = chunks;
    expect(one.headingPath).toEqual([]);
    // Some chunk size puts the last Lantern rows, the second table's header and its first rows in one chunk.
    const sizes = [60, 80, 100, 120, 140, 160];
    const across = sizes
      .flatMap((targetTokens) => chunkDocument(doc, { targetTokens, overlapTokens: 0 }))
      .find((c) => c.charStart > 0 && c.charStart <= start && c.text.includes('Town 0'));
    expect(across).toBeDefined();
    expect(across?.headingPath).toEqual(['Product | Price | Stock']);
    const small = chunkDocument(doc, { targetTokens: 60, overlapTokens: 0 });
    const later = small.filter((c) => c.text.includes('Town 2'));
    for (const c of later) expect(c.headingPath).toContain('Town | Departure');
  });
});
