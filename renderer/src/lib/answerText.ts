// Answers are plain text with a little Markdown and [n] citation markers. This turns them into blocks and
// inline runs that React renders as elements: no HTML string ever reaches the DOM. Every inline keeps the
// offset of its first character in the answer, so that the citation check's sentences (offsets in the same
// text) can be laid over the rendered text.

export type Inline = (
  | { kind: 'text'; text: string }
  | { kind: 'strong'; text: string }
  | { kind: 'em'; text: string }
  | { kind: 'code'; text: string }
  | { kind: 'cite'; numbers: number[] }
) & { start: number; end: number }; // [start, end): the inline as written in the answer, marks included

export type Block =
  | { kind: 'p'; inlines: Inline[] }
  | { kind: 'h'; level: 1 | 2 | 3; inlines: Inline[] }
  | { kind: 'ul' | 'ol'; items: Inline[][] }
  | { kind: 'quote'; inlines: Inline[] }
  | { kind: 'pre'; text: string };

const INLINE =
  /(\*\*[^*\n]+\*\*|`[^`\n]+`|\[\d{1,3}(?:\s*[,;]\s*\d{1,3})*\]|(?<![\w*])\*[^*\s][^*\n]*\*(?!\w)|(?<!\w)_[^_\s][^_\n]*_(?!\w))/g;

/** Where character i of the parsed string is in the answer: a base offset, or a map (joined list lines). */
type Offsets = number | ((i: number) => number);

export function parseInline(text: string, offsets: Offsets = 0): Inline[] {
  const at = typeof offsets === 'number' ? (i: number) => offsets + i : offsets;
  const out: Inline[] = [];
  const pushText = (from: number, to: number) => {
    // A run that spans a join (a wrapped list item) is cut there, so each run is contiguous in the answer.
    let s = from;
    for (let i = from + 1; i < to; i++)
      if (at(i) !== at(i - 1) + 1) {
        out.push({ kind: 'text', text: text.slice(s, i), start: at(s), end: at(i - 1) + 1 });
        s = i;
      }
    out.push({ kind: 'text', text: text.slice(s, to), start: at(s), end: at(to - 1) + 1 });
  };
  let last = 0;
  for (const m of text.matchAll(INLINE)) {
    const token = m[0];
    const i = m.index ?? 0;
    if (i > last) pushText(last, i);
    const start = at(i);
    const end = at(i + token.length - 1) + 1;
    if (token.startsWith('**')) out.push({ kind: 'strong', text: token.slice(2, -2), start, end });
    else if (token.startsWith('`')) out.push({ kind: 'code', text: token.slice(1, -1), start, end });
    else if (token.startsWith('['))
      out.push({
        kind: 'cite',
        numbers: token
          .slice(1, -1)
          .split(/[,;]/)
          .map((s) => Number(s.trim())),
        start,
        end,
      });
    else out.push({ kind: 'em', text: token.slice(1, -1), start, end });
    last = i + token.length;
  }
  if (last < text.length) pushText(last, text.length);
  return out;
}

interface Piece {
  text: string;
  start: number;
}

/** A list item's lines joined with spaces, parsed with each character's place in the answer. */
function parseItem(pieces: Piece[]): Inline[] {
  const text = pieces.map((p) => p.text).join(' ');
  const map: number[] = [];
  for (const [k, p] of pieces.entries()) {
    if (k > 0) map.push(p.start - 1); // the joining space stands for the line break before the piece
    for (let i = 0; i < p.text.length; i++) map.push(p.start + i);
  }
  return parseInline(text, (i) => map[i] ?? (map.at(-1) ?? 0) + 1);
}

export function parseAnswer(text: string): Block[] {
  const blocks: Block[] = [];
  // Same length as the answer, so offsets hold: "\r\n" becomes " \n" (a space at a line end shows nothing).
  const lines = text.replace(/\r\n/g, ' \n').replace(/\r/g, '\n').split('\n');
  const lineStart: number[] = [];
  for (let i = 0, at = 0; i < lines.length; at += lines[i].length + 1, i++) lineStart.push(at);
  /** Offset of `tail`, the end of line i. */
  const endOf = (i: number, tail: string) => lineStart[i] + lines[i].length - tail.length;
  let para: string[] = [];
  let paraStart = 0;
  let list: { kind: 'ul' | 'ol'; items: Piece[][] } | null = null;
  const flushPara = () => {
    if (para.length) blocks.push({ kind: 'p', inlines: parseInline(para.join('\n'), paraStart) });
    para = [];
  };
  const flushList = () => {
    if (list) blocks.push({ kind: list.kind, items: list.items.map(parseItem) });
    list = null;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.trimStart().startsWith('```')) {
      flushPara();
      flushList();
      const body: string[] = [];
      for (i++; i < lines.length && !lines[i].trimStart().startsWith('```'); i++) body.push(lines[i]);
      blocks.push({ kind: 'pre', text: body.join('\n') });
      continue;
    }
    const heading = /^(#{1,3})\s+(.*)$/.exec(line);
    const bullet = /^\s*[-*•]\s+(.*)$/.exec(line);
    const numbered = /^\s*\d{1,3}[.)]\s+(.*)$/.exec(line);
    if (!line.trim()) {
      flushPara();
      flushList();
    } else if (heading) {
      flushPara();
      flushList();
      blocks.push({
        kind: 'h',
        level: heading[1].length as 1 | 2 | 3,
        inlines: parseInline(heading[2], endOf(i, heading[2])),
      });
    } else if (bullet || numbered) {
      flushPara();
      const kind = bullet ? 'ul' : 'ol';
      if (list && list.kind !== kind) flushList();
      list ??= { kind, items: [] };
      const item = (bullet ?? numbered)![1];
      list.items.push([{ text: item, start: endOf(i, item) }]);
    } else if (line.startsWith('>')) {
      flushPara();
      flushList();
      const quoted = line.replace(/^>\s?/, '');
      blocks.push({ kind: 'quote', inlines: parseInline(quoted, endOf(i, quoted)) });
    } else if (list) {
      // A wrapped continuation line of the last list item.
      const trimmed = line.trim();
      list.items[list.items.length - 1].push({ text: trimmed, start: lineStart[i] + line.indexOf(trimmed) });
    } else {
      if (para.length === 0) paraStart = lineStart[i];
      para.push(line);
    }
  }
  flushPara();
  flushList();
  return blocks;
}
