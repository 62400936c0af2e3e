// Smooth inverse frequency (Arora, Liang & Ma 2017, "A simple but tough-to-beat baseline for sentence
// embeddings"): weight each word by a/(a + p(w)), average, then remove the projection on the corpus'
// first singular vector (the "common discourse" direction every average shares).
//
// p(w) comes from the word's rank, not from counts: the table is in corpus-frequency order and word
// frequencies follow Zipf's law, p(rank r) ≈ 1 / ((r+1) · H_N) with H_N the harmonic number over GloVe 6B's
// 400k-word vocabulary.
//
// The common component is computed once at load, deterministically, from 1000 synthetic "sentences" of
// 8–30 words drawn from that Zipf distribution with a seeded PRNG. The paper takes the component from the
// corpus being embedded; a fixed one keeps vectors independent of what else is indexed (no re-embedding
// when documents come and go), and it is dominated by the same frequent-word direction anyway.
import type { WordVectors } from './word-vectors';

const GLOVE_VOCABULARY = 400_000;
const EULER_GAMMA = 0.5772156649;
const SAMPLE_SENTENCES = 1000;
const SEED = 0x5eed1e55;

export function zipfProbability(rank: number): number {
  return 1 / ((rank + 1) * (Math.log(GLOVE_VOCABULARY) + EULER_GAMMA));
}

export function sifWeights(count: number, a: number): Float32Array {
  const w = new Float32Array(count);
  for (let r = 0; r < count; r++) w[r] = a / (a + zipfProbability(r));
  return w;
}

export function mulberry32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// A small hot function gets optimised after a few calls; the same loop inlined would run unoptimised
// until on-stack replacement kicks in, which measured 3–5× slower for this one-shot computation.
function addOuterProduct(gram: Float64Array, v: Float32Array, dim: number): void {
  for (let i = 0; i < dim; i++) {
    const vi = v[i];
    const row = i * dim;
    for (let j = i; j < dim; j++) gram[row + j] += vi * v[j];
  }
}

/** Unit vector of the first singular direction of SIF averages of Zipf-sampled sentences. */
export function commonComponent(vectors: WordVectors, weights: Float32Array): Float32Array {
  const dim = vectors.dim;
  const n = vectors.count;
  const isWord = (row: number) => /[\p{L}\p{N}]/u.test(vectors.words[row]);
  const rand = mulberry32(SEED);
  const logN = Math.log(n + 1);
  const gram = new Float64Array(dim * dim);
  const sentence = new Float32Array(dim);
  for (let s = 0; s < SAMPLE_SENTENCES; s++) {
    sentence.fill(0);
    const length = 8 + Math.floor(rand() * 23);
    for (let k = 0; k < length; k++) {
      // Inverse CDF of a Zipf(1) law over ranks: P(rank ≤ r) ≈ ln(r+1)/ln(n+1).
      let row = -1;
      while (row < 0 || row >= n || !isWord(row)) row = Math.floor(Math.exp(rand() * logN)) - 1;
      vectors.addTo(sentence, row, weights[row] / length);
    }
    addOuterProduct(gram, sentence, dim);
  }
  for (let i = 0; i < dim; i++) for (let j = 0; j < i; j++) gram[i * dim + j] = gram[j * dim + i];
  // Power iteration from a fixed start: deterministic, converges fast (the top eigenvalue dominates).
  let u = new Float64Array(dim).fill(1 / Math.sqrt(dim));
  for (let it = 0; it < 200; it++) {
    const next = new Float64Array(dim);
    for (let i = 0; i < dim; i++) {
      let acc = 0;
      for (let j = 0; j < dim; j++) acc += gram[i * dim + j] * u[j];
      next[i] = acc;
    }
    let norm = 0;
    for (const x of next) norm += x * x;
    norm = Math.sqrt(norm);
    for (let i = 0; i < dim; i++) next[i] /= norm;
    u = next;
  }
  return Float32Array.from(u);
}
