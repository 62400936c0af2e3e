// Deterministic stand-ins for Gemini embeddings: feature-hashed bag of words (so texts sharing words are
// close, which retrieval tests rely on) plus a little per-text noise (so different texts never collide).
// Like gemini-embedding-001's truncated dimensions, the result is deliberately NOT unit length.

export function fnv1a(text: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function fakeWords(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** The vector the fake server returns for `text` at `dim` dimensions. */
export function fakeEmbedding(text: string, dim: number): number[] {
  const v = new Array<number>(dim).fill(0);
  for (const word of fakeWords(text)) {
    for (let k = 0; k < 3; k++) {
      const h = fnv1a(`${word}#${k}`);
      v[h % dim] += h & 0x80000000 ? -1 : 1;
    }
  }
  const noise = mulberry32(fnv1a(text));
  for (let d = 0; d < dim; d++) v[d] += (noise() - 0.5) * 0.1;
  let norm = 0;
  for (const x of v) norm += x * x;
  norm = Math.sqrt(norm) || 1;
  // A length between 0.5 and 1.5 that depends on the text: callers must normalise themselves.
  const length = 0.5 + (fnv1a(text, 7) % 1000) / 1000;
  return v.map((x) => (x / norm) * length);
}
