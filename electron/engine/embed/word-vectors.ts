// The offline GloVe table (resources/vectors/glove-100d-int8.bin, written by scripts/build-offline-vectors.mjs):
// int8 vectors with one f32 scale per word, words in corpus-frequency order. Kept quantised in memory
// (20 MB instead of 80 MB as f32); callers accumulate scaled rows directly.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fnv1aHash } from './hash';
import { resolveResourcesDir } from './resources-dir';

export const VECTORS_FILE = join('vectors', 'glove-100d-int8.bin');
const MAGIC = 'LUCVEC1\n';

export interface WordVectorsOptions {
  /** Folder holding vectors/glove-100d-int8.bin (default: see resolveResourcesDir). */
  resourcesDir?: string;
  /** Full path to the table; overrides resourcesDir. */
  path?: string;
}

/**
 * Open-addressing hash from word to row. Building a Map of 200k strings costs ~100 ms; this costs ~15 ms,
 * and load time is what the user waits for on the first search.
 */
class WordIndex {
  private readonly slots: Int32Array;
  private readonly mask: number;

  constructor(private readonly words: string[]) {
    let size = 1;
    while (size < words.length * 2) size <<= 1;
    this.slots = new Int32Array(size).fill(-1);
    this.mask = size - 1;
    for (let i = 0; i < words.length; i++) {
      let h = fnv1aHash(words[i]) & this.mask;
      // First occurrence wins, like the frequency order (a duplicate word would be the rarer one).
      while (this.slots[h] !== -1) {
        if (words[this.slots[h]] === words[i]) break;
        h = (h + 1) & this.mask;
      }
      if (this.slots[h] === -1) this.slots[h] = i;
    }
  }

  get(word: string): number {
    let h = fnv1aHash(word) & this.mask;
    for (;;) {
      const row = this.slots[h];
      if (row === -1) return -1;
      if (this.words[row] === word) return row;
      h = (h + 1) & this.mask;
    }
  }
}

export class WordVectors {
  private readonly index: WordIndex;
  /** Milliseconds spent reading and indexing the table. */
  readonly loadMs: number;

  constructor(
    readonly path: string,
    readonly dim: number,
    readonly source: string,
    readonly words: string[],
    /** Per-word dequantisation factor: vector[d] = q[row*dim + d] * scales[row]. */
    readonly scales: Float32Array,
    readonly q: Int8Array,
    started: number,
  ) {
    this.index = new WordIndex(words);
    this.loadMs = performance.now() - started;
  }

  get count(): number {
    return this.words.length;
  }

  /** Frequency rank (0 = most frequent) or -1 when the word is not in the table. */
  rankOf(word: string): number {
    return this.index.get(word);
  }

  /** out += weight · vector(row) */
  addTo(out: Float32Array, row: number, weight: number): void {
    const dim = this.dim;
    const s = this.scales[row] * weight;
    const base = row * dim;
    const q = this.q;
    for (let d = 0; d < dim; d++) out[d] += q[base + d] * s;
  }

  vector(row: number): Float32Array {
    const out = new Float32Array(this.dim);
    this.addTo(out, row, 1);
    return out;
  }

  /** The vector of `word`, or null when it is unknown. */
  lookup(word: string): Float32Array | null {
    const row = this.rankOf(word);
    return row < 0 ? null : this.vector(row);
  }
}

export function parseWordVectors(buf: Buffer, path: string, started = performance.now()): WordVectors {
  if (buf.subarray(0, MAGIC.length).toString('latin1') !== MAGIC)
    throw new Error(`${path} is not a Lucarne vector table`);
  let o = MAGIC.length;
  const headerLen = buf.readUInt32LE(o);
  o += 4;
  const header = JSON.parse(buf.subarray(o, o + headerLen).toString('utf8')) as {
    dim: number;
    count: number;
    source?: string;
  };
  o += headerLen;
  const wordsLen = buf.readUInt32LE(o);
  o += 4;
  const words = buf
    .subarray(o, o + wordsLen)
    .toString('utf8')
    .split('\n');
  o += wordsLen;
  o += (4 - (o % 4)) % 4;
  const { dim, count } = header;
  if (words.length !== count || buf.length < o + count * 4 + count * dim)
    throw new Error(`${path} is truncated or inconsistent (rebuild it with npm run setup:vectors)`);
  // View the file's memory directly when aligned (a large readFileSync Buffer owns its ArrayBuffer at
  // offset 0); copy otherwise, since a Float32Array needs a 4-byte-aligned offset.
  let scales: Float32Array;
  if ((buf.byteOffset + o) % 4 === 0) scales = new Float32Array(buf.buffer, buf.byteOffset + o, count);
  else {
    scales = new Float32Array(count);
    new Uint8Array(scales.buffer).set(buf.subarray(o, o + count * 4));
  }
  o += count * 4;
  const q = new Int8Array(buf.buffer, buf.byteOffset + o, count * dim);
  return new WordVectors(path, dim, header.source ?? 'unknown', words, scales, q, started);
}

const cache = new Map<string, WordVectors>();

/** Loads (once per file) the offline word-vector table. Throws a message that says how to build it if missing. */
export function loadWordVectors(opts: WordVectorsOptions = {}): WordVectors {
  const path = opts.path ?? join(resolveResourcesDir(opts.resourcesDir), VECTORS_FILE);
  const hit = cache.get(path);
  if (hit) return hit;
  if (!existsSync(path))
    throw new Error(`Offline word vectors not found at ${path}. Build them once with: npm run setup:vectors`);
  const started = performance.now();
  const vectors = parseWordVectors(readFileSync(path), path, started);
  cache.set(path, vectors);
  return vectors;
}
