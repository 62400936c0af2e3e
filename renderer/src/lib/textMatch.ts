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

/** [start, end) of `needle` in `haystack` (both normalized), exact or approximated from anchors; null if absent. */
export function findPassage(haystack: string, needle: string): [number, number] | null {
  if (!needle || !haystack) return null;
  const exact = haystack.indexOf(needle);
  if (exact >= 0) return [exact, exact + needle.length];
  const a = Math.max(8, Math.min(40, Math.floor(needle.length / 3)));
  if (needle.length <= a) return null;
  const head = haystack.indexOf(needle.slice(0, a));
  const tail = haystack.indexOf(needle.slice(-a), Math.max(head, 0));
  if (head >= 0 && tail >= 0 && tail >= head) return [head, tail + a];
  if (head >= 0) return [head, Math.min(haystack.length, head + needle.length)];
  if (tail >= 0) return [Math.max(0, tail + a - needle.length), tail + a];
  // Neither end is on this page as is: try windows through the middle.
  for (let off = a; off + a < needle.length; off += a) {
    const at = haystack.indexOf(needle.slice(off, off + a));
    if (at >= 0) return [Math.max(0, at - off), Math.min(haystack.length, at - off + needle.length)];
  }
  return null;
}
