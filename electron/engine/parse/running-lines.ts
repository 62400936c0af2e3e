// Running headers and footers: lines repeated at the top or bottom of the pages (a title, an author, a
// chapter name, "Page 3 of 12", "- 3 -"), found on per-page line lists so that PDF text, OCR'd PDF pages and
// scanned images share one rule. Language-neutral: only repetition, position and page numbers count.
//
// A line in a page's top or bottom band (its first or last BAND lines) is running when
//  1. it repeats, digits and roman numerals aside and with small variations (OCR misreads), in the same band
//     of more than half of the odd or of the even pages (a book title on the left-hand pages), or
//  2. it holds a number that follows the physical page number ("MD&A 23" on page 25, "37" on page 39) on at
//     least MIN_PAGES pages, or a short line with such a number at one end once that offset is established, or
//  3. it repeats at the same place on MIN_PAGES pages in a row of one parity (a chapter title on the
//     right-hand pages) while the pages between have a running line there (the book title on the left).
// Only lines from the page's edge inwards are removed (a running line below body text is body text), so a
// heading repeated in the body, or twice at the top of a page, stays.

export interface PageLines {
  /** Physical page number, 1-based. */
  number: number;
  /** The page's lines in reading order; null is a line that is never furniture (a table row). */
  lines: (string | null)[];
}

export interface RunningVerdict {
  /** How many lines to drop from the top and from the bottom of the page. */
  top: number;
  bottom: number;
  /** The printed page number, read from a removed line whose number follows the physical page number. */
  label?: string;
}

type Position = 'top' | 'bottom';

/** Lines examined at each edge of a page. */
const BAND = 3;
/** Longer lines are text, not furniture. */
const MAX_LINE = 150;
/** A line seen on fewer pages than this is never running; shorter documents are left alone. */
const MIN_PAGES = 3;
/** Character-bigram similarity at which two lines are the same line read twice (OCR, small edits). */
const SIMILAR = 0.8;
/** Keys shorter than this must match exactly ("#", "page#"). */
const MIN_FUZZY = 5;
/** A line ending in a page number that follows an established offset: at most this long (rule 2b). */
const MAX_NUMBERED = 60;

interface NumberAt {
  value: number;
  raw: string;
  slot: number;
  /** First or last word of the line (where page numbers sit). */
  edge: boolean;
}

interface Candidate {
  page: number; // index into the pages array
  index: number; // line index on the page
  position: Position;
  key: string;
  numbers: NumberAt[];
  shortLine: boolean;
  running: boolean;
  label?: string;
}

const ROMAN = /^(?=[mdclxvi])m{0,3}(cm|cd|d?c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$/;
const ROMAN_VALUES: Record<string, number> = { i: 1, v: 5, x: 10, l: 50, c: 100, d: 500, m: 1000 };

function romanValue(word: string): number {
  let total = 0;
  for (let k = 0; k < word.length; k++) {
    const v = ROMAN_VALUES[word[k]];
    const next = ROMAN_VALUES[word[k + 1]] ?? 0;
    total += v < next ? -v : v;
  }
  return total;
}

/** The words of a line, lower-cased, each stripped of the punctuation around it. */
function words(text: string): string[] {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .split(/\s+/)
    .map((w) => w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''))
    .filter((w) => w.length > 0);
}

/** A word's numbers as '#': all of a number ("12", "3.5", "iv"), those of a code ("Q3", "1A", "10-Q"). */
function maskNumbers(word: string): string {
  if (ROMAN.test(word) || /^\p{N}[\p{N}.,]*$/u.test(word)) return '#';
  const digits = word.replace(/\P{N}/gu, '').length;
  const letters = word.replace(/\P{L}/gu, '').length;
  // Digits inside a word stay (an OCR "Mode1" for "Model"): similarity matching absorbs them.
  return digits > 0 && digits >= letters ? word.replace(/\p{N}+/gu, '#') : word;
}

/**
 * The line's key: numbers become '#' (maskNumbers) and only letters, digits and '#' are kept, so "- 12 -",
 * "12." and "12" are one key, "Page 3 of 9" is "page#of#" and "Item 1A" is "item#a".
 */
export function lineKey(text: string): string {
  return words(text)
    .map(maskNumbers)
    .join('')
    .replace(/[^\p{L}\p{N}#]/gu, '');
}

/** The words of a line that may be a page number: digits alone ("12", "-12-") or a roman numeral ("iv"). */
function numbersOf(text: string): NumberAt[] {
  const ws = words(text);
  const out: NumberAt[] = [];
  ws.forEach((w, k) => {
    const edge = k === 0 || k === ws.length - 1;
    if (ROMAN.test(w)) out.push({ value: romanValue(w), raw: w, slot: out.length, edge });
    else if (/^[0-9]{1,5}$/.test(w)) out.push({ value: Number(w), raw: w, slot: out.length, edge });
  });
  return out;
}

function bigrams(s: string): Map<string, number> {
  const out = new Map<string, number>();
  for (let k = 0; k < s.length - 1; k++) {
    const b = s.slice(k, k + 2);
    out.set(b, (out.get(b) ?? 0) + 1);
  }
  return out;
}

function dice(a: Map<string, number>, an: number, b: Map<string, number>, bn: number): number {
  let shared = 0;
  for (const [g, n] of a) shared += Math.min(n, b.get(g) ?? 0);
  return (2 * shared) / (an + bn);
}

interface Cluster {
  key: string;
  grams: Map<string, number>;
  members: Candidate[];
}

/** Groups one band's candidates into clusters of the same line (exact key, else similar enough). */
function clusterLines(candidates: Candidate[]): Cluster[] {
  const clusters: Cluster[] = [];
  const byKey = new Map<string, Cluster>();
  for (const c of candidates) {
    let target = byKey.get(c.key);
    if (!target && c.key.length >= MIN_FUZZY) {
      const grams = bigrams(c.key);
      let best = SIMILAR;
      const numbers = c.key.split('#').length;
      for (const cluster of clusters) {
        const ratio = cluster.key.length / c.key.length;
        if (cluster.key.length < MIN_FUZZY || ratio < 0.66 || ratio > 1.5) continue;
        // "FREE CULTURE" on a title page is not "36 FREE CULTURE", the running header.
        if (cluster.key.split('#').length !== numbers) continue;
        const sim = dice(grams, c.key.length - 1, cluster.grams, cluster.key.length - 1);
        if (sim >= best) {
          best = sim;
          target = cluster;
        }
      }
    }
    if (!target) {
      target = { key: c.key, grams: bigrams(c.key), members: [] };
      clusters.push(target);
    }
    byKey.set(c.key, target);
    target.members.push(c);
  }
  return clusters;
}

function distinctPages(members: Candidate[]): number[] {
  return [...new Set(members.map((m) => m.page))].sort((a, b) => a - b);
}

/** Rule 1: on more than half the odd pages or more than half the even pages (with text), MIN_PAGES at least. */
function markRepeated(clusters: Cluster[], pages: PageLines[], withText: number[]): void {
  const odd = withText.filter((i) => pages[i].number % 2 === 1).length;
  const even = withText.length - odd;
  for (const cluster of clusters) {
    // A bare number ("12", "2022.") is running only as a page number (rule 2): the last line of a paragraph
    // can be a year.
    if (!/\p{L}/u.test(cluster.key)) continue;
    const on = distinctPages(cluster.members);
    if (on.length < MIN_PAGES) continue;
    const onOdd = on.filter((i) => pages[i].number % 2 === 1).length;
    const onEven = on.length - onOdd;
    if (onOdd > odd / 2 || onEven > even / 2) for (const m of cluster.members) m.running = true;
  }
}

/** Rule 2: numbers that follow the page number. Returns the offsets (printed − physical) established. */
function markPageNumbers(candidates: Candidate[], pages: PageLines[]): Set<number> {
  const groups = new Map<string, { members: { c: Candidate; n: NumberAt }[]; offset: number }>();
  for (const c of candidates) {
    for (const n of c.numbers) {
      const offset = n.value - pages[c.page].number;
      const id = `${c.position}|${c.key}|${n.slot}|${offset}`;
      const group = groups.get(id) ?? { members: [], offset };
      group.members.push({ c, n });
      groups.set(id, group);
    }
  }
  const offsets = new Set<number>();
  for (const group of groups.values()) {
    if (new Set(group.members.map((m) => m.c.page)).size < MIN_PAGES) continue;
    offsets.add(group.offset);
    for (const { c, n } of group.members) {
      c.running = true;
      c.label ??= n.raw;
    }
  }
  // 2b: a short line with an established page number at one end ("“PIRACY” 37" in a two-page chapter).
  for (const c of candidates) {
    if (!c.shortLine) continue;
    const n = c.numbers.find((x) => x.edge && offsets.has(x.value - pages[c.page].number));
    if (!n) continue;
    c.running = true;
    c.label ??= n.raw;
  }
  return offsets;
}

/**
 * Rule 3: a line on the pages of one parity, MIN_PAGES of them in a row (a chapter title on the right-hand
 * pages), while the pages between them have a running line (rules 1–2) at the same place (the book's title
 * on the left-hand pages). Counted only at the page's edge or behind its page number (`depthOf` gives the
 * depth, or null); `runningAt(page, depth)` says whether a page's line at that depth from the edge is running.
 */
function markAlternating(
  clusters: Cluster[],
  pages: PageLines[],
  depthOf: (c: Candidate) => number | null,
  runningAt: (page: number, depth: number) => boolean,
): void {
  const indexOf = new Map(pages.map((p, i) => [p.number, i]));
  for (const cluster of clusters) {
    const depth = new Map<number, number>(); // page number → depth of the member there
    for (const m of cluster.members) {
      const d = m.running ? null : depthOf(m);
      if (d !== null) depth.set(pages[m.page].number, d);
    }
    const on = [...depth.keys()].sort((a, b) => a - b);
    const between = (a: number, b: number) => {
      const i = indexOf.get((a + b) / 2);
      return i !== undefined && runningAt(i, depth.get(a) ?? 0) && runningAt(i, depth.get(b) ?? 0);
    };
    let runStart = 0;
    for (let k = 1; k <= on.length; k++) {
      if (k < on.length && on[k] - on[k - 1] === 2 && between(on[k - 1], on[k])) continue;
      if (k - runStart >= MIN_PAGES) {
        const inRun = new Set(on.slice(runStart, k));
        for (const m of cluster.members) {
          if (inRun.has(pages[m.page].number) && depthOf(m) !== null) m.running = true;
        }
      }
      runStart = k;
    }
  }
}

/** The band lines of a page, top or bottom, each once per band. */
function bandIndexes(length: number, position: Position): number[] {
  const n = Math.min(BAND, length);
  return Array.from({ length: n }, (_, k) => (position === 'top' ? k : length - 1 - k));
}

/** For each page (same order), the running lines to drop from its top and bottom, and its printed number. */
export function findRunningLines(pages: PageLines[]): RunningVerdict[] {
  const verdicts: RunningVerdict[] = pages.map(() => ({ top: 0, bottom: 0 }));
  const withText = pages.flatMap((p, i) => (p.lines.some((l) => l !== null && /\S/.test(l)) ? [i] : []));
  if (withText.length < MIN_PAGES) return verdicts;

  const bands = new Map<Position, Candidate[]>();
  for (const position of ['top', 'bottom'] as const) {
    const candidates: Candidate[] = [];
    for (const i of withText) {
      for (const index of bandIndexes(pages[i].lines.length, position)) {
        const text = pages[i].lines[index];
        if (text === null || text.length > MAX_LINE) continue;
        const key = lineKey(text);
        if (!/[\p{L}\p{N}#]/u.test(key)) continue;
        const shortLine = text.length <= MAX_NUMBERED;
        candidates.push({ page: i, index, position, key, numbers: numbersOf(text), shortLine, running: false });
      }
    }
    bands.set(position, candidates);
  }
  const all = [...bands.values()].flat();
  const clustersOf = new Map<Position, Cluster[]>();
  for (const [position, candidates] of bands) {
    const clusters = clusterLines(candidates);
    clustersOf.set(position, clusters);
    markRepeated(clusters, pages, withText);
  }
  markPageNumbers(all, pages);
  const at = new Map<string, Candidate>();
  for (const c of all) at.set(`${c.position}|${c.page}|${c.index}`, c);
  const indexAt = (position: Position, page: number, depth: number) =>
    position === 'top' ? depth : pages[page].lines.length - 1 - depth;
  // Depth from the edge when only page numbers stand between the line and the edge, else null.
  const depthOf = (c: Candidate): number | null => {
    const depth = c.position === 'top' ? c.index : pages[c.page].lines.length - 1 - c.index;
    for (let d = 0; d < depth; d++) {
      const outer = at.get(`${c.position}|${c.page}|${indexAt(c.position, c.page, d)}`);
      if (!outer?.running || outer.label === undefined) return null;
    }
    return depth;
  };
  for (const [position, clusters] of clustersOf) {
    const runningAt = (page: number, depth: number) =>
      at.get(`${position}|${page}|${indexAt(position, page, depth)}`)?.running === true;
    markAlternating(clusters, pages, depthOf, runningAt);
  }
  for (const i of withText) {
    const length = pages[i].lines.length;
    const verdict = verdicts[i];
    const running = (position: Position, index: number) => at.get(`${position}|${i}|${index}`);
    // Peel from each edge inwards, and stop at the first line that is not running.
    while (verdict.top < Math.min(BAND, length) && running('top', verdict.top)?.running) {
      verdict.label ??= running('top', verdict.top)?.label;
      verdict.top++;
    }
    while (verdict.bottom < Math.min(BAND, length - verdict.top)) {
      const c = running('bottom', length - 1 - verdict.bottom);
      if (!c?.running) break;
      verdict.label ??= c.label;
      verdict.bottom++;
    }
    if (verdict.label === undefined) delete verdict.label;
  }
  return verdicts;
}
