// Where the generated documents get their words. Real prose gives realistic term statistics for BM25, the
// embedder and the chunker: the BEIR SciFact abstracts when they are on this machine (../shared/fixtures or
// LUCARNE_SCIFACT_DIR), else sentences drawn from the offline GloVe vocabulary with a Zipf law (its words
// are in corpus-frequency order), which keeps the frequency profile if not the meaning.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sharedFixture } from '../../test-support/fixture-paths';
import { intBetween, type Rand, seeded } from './rng';

export interface TextSource {
  name: 'scifact' | 'glove-zipf';
  /** Sentences in corpus order (consecutive ones belong together). */
  sentences: string[];
  /** Short lines usable as titles and headings. */
  titles: string[];
  /** Natural-language questions for query benchmarks. */
  queries: string[];
}

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export function scifactDir(): string | null {
  const candidates = [process.env.LUCARNE_SCIFACT_DIR, sharedFixture('scifact')];
  for (const c of candidates) if (c && existsSync(join(c, 'corpus.jsonl'))) return c;
  return null;
}

function readJsonl<T>(file: string): T[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as T);
}

function fromScifact(dir: string): TextSource {
  const docs = readJsonl<{ title: string; text: string }>(join(dir, 'corpus.jsonl'));
  const sentences: string[] = [];
  const titles: string[] = [];
  for (const d of docs) {
    if (d.title) titles.push(d.title.replace(/\.$/, ''));
    for (const s of d.text.split(/(?<=[.!?])\s+(?=[A-Z(])/)) if (s.length >= 20) sentences.push(s.trim());
  }
  const queries = readJsonl<{ text: string }>(join(dir, 'queries.jsonl')).map((q) => q.text);
  return { name: 'scifact', sentences, titles, queries };
}

function gloveWords(max: number): string[] {
  const file = join(repoRoot, 'resources', 'vectors', 'glove-100d-int8.bin');
  if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run setup:vectors\` first.`);
  const buf = readFileSync(file);
  const headerLen = buf.readUInt32LE(8);
  const wordsLen = buf.readUInt32LE(12 + headerLen);
  const words = buf.toString('utf8', 16 + headerLen, 16 + headerLen + wordsLen).split('\n');
  return words.filter((w) => /^[a-z]+$/.test(w)).slice(0, max);
}

function fromGlove(seed: number): TextSource {
  const words = gloveWords(30_000);
  const rand = seeded(seed);
  // Zipf with exponent ~1: rank r has weight 1/r; sample by inverting the harmonic CDF approximately.
  const zipf = (r: Rand) => Math.min(words.length - 1, Math.floor(Math.exp(r() * Math.log(words.length)) - 1));
  const sentence = (min: number, max: number) => {
    const n = intBetween(rand, min, max);
    const ws = Array.from({ length: n }, () => words[zipf(rand)]);
    ws[0] = ws[0][0].toUpperCase() + ws[0].slice(1);
    return `${ws.join(' ')}.`;
  };
  const sentences = Array.from({ length: 40_000 }, () => sentence(8, 30));
  const titles = Array.from({ length: 5_000 }, () => sentence(3, 9).slice(0, -1));
  const queries = Array.from({ length: 1_000 }, () => sentence(4, 12).slice(0, -1));
  return { name: 'glove-zipf', sentences, titles, queries };
}

let cached: TextSource | null = null;

export function loadTextSource(): TextSource {
  if (cached) return cached;
  const dir = scifactDir();
  cached = dir ? fromScifact(dir) : fromGlove(7);
  return cached;
}
