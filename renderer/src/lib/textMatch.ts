// Finding a cited passage in a PDF page's text layer. The engine's extracted text and pdf.js's text runs
// differ in whitespace, hyphenation, ligatures and accents, so both sides are reduced to lowercase letters
// and digits, with a map back to the original positions, and the passage is located by anchors.

export interface Normalized {
  text: string;
  /** For each character of `text`, the index of the source character it came from. */
  map: number[];
}

export function normalizeWithMap(source: string): Normalized {
  let text = '';
  const map: number[] = [];
  for (let i = 0; i < source.length; i++) {
    const folded = source[i].normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
    for (const c of folded) {
      if (/[\p{L}\p{N}]/u.test(c)) {
        text += c;
        map.push(i);
      }
    }
  }
  return { text, map };
}

export function normalize(source: string): string {
  return normalizeWithMap(source).text;
}

/** Where the longest of needle's prefixes (or suffixes) of at least `min` characters occurs in haystack. */
function anchor(haystack: string, needle: string, from: number, side: 'head' | 'tail', max: number, min: number) {
  for (let len = Math.min(max, needle.length); len >= min; len -= 3) {
    const part = side === 'head' ? needle.slice(0, len) : needle.slice(-len);
    const at = haystack.indexOf(part, from);
    if (at >= 0) return { at, len };
  }
  return null;
}

/**
 * [start, end) of `needle` in `haystack` (both normalized): exact, else from the longest prefix and suffix
 * found (a passage may start or end on another page), else from a window in its middle; null if absent.
 */
export function findPassage(haystack: string, needle: string): [number, number] | null {
  if (!needle || !haystack) return null;
  const exact = haystack.indexOf(needle);
  if (exact >= 0) return [exact, exact + needle.length];
  const min = Math.min(12, needle.length);
  const max = Math.max(min, Math.min(60, Math.floor(needle.length / 2)));
  const head = anchor(haystack, needle, 0, 'head', max, min);
  let tail = anchor(haystack, needle, head ? head.at : 0, 'tail', max, min);
  // A short suffix found far away is a coincidence, not the passage's end.
  if (head && tail && tail.at + tail.len - head.at > needle.length * 1.5 + 20) tail = null;
  if (head && tail) return [head.at, tail.at + tail.len];
  if (head) return [head.at, Math.min(haystack.length, head.at + needle.length)];
  if (tail) return [Math.max(0, tail.at + tail.len - needle.length), tail.at + tail.len];
  // Neither end is here as is (the page's text differs at both ends): try windows through the middle.
  const w = Math.max(min, 24);
  for (let off = w; off + w < needle.length; off += w) {
    const at = haystack.indexOf(needle.slice(off, off + w));
    if (at >= 0) return [Math.max(0, at - off), Math.min(haystack.length, at - off + needle.length)];
  }
  return null;
}
