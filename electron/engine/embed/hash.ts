/** 32-bit FNV-1a over UTF-16 code units: a fast, stable seed for deterministic pseudo-random vectors. */
export function fnv1aHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}
