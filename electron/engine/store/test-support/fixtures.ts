// Helpers shared by the store's tests, the crash-consistency child process and the benchmark.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChunkDraft } from '../../types';

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export function tempDir(prefix = 'lucarne-store-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Drafts laid end to end in one text, as a chunker would produce them. */
export function draftsFor(texts: string[], headingPath: string[] = []): { drafts: ChunkDraft[]; text: string } {
  let offset = 0;
  const drafts = texts.map((t, ordinal) => {
    const d: ChunkDraft = {
      ordinal,
      text: t,
      headingPath,
      pageStart: null,
      pageEnd: null,
      pageLabel: null,
      charStart: offset,
      charEnd: offset + t.length,
      tokens: t.split(/\s+/).filter(Boolean).length,
      sha256: sha256(t),
    };
    offset += t.length + 2;
    return d;
  });
  return { drafts, text: texts.join('\n\n') };
}

/** A deterministic pseudo-random generator (mulberry32), so failures can be replayed from a seed. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A deterministic unit-ish vector derived from a text hash: stands in for an embedder in store tests. */
export function pseudoVector(key: string, dim: number): Float32Array {
  const next = rng(Number.parseInt(sha256(key).slice(0, 8), 16));
  const v = new Float32Array(dim);
  for (let i = 0; i < dim; i++) v[i] = next() * 2 - 1;
  return v;
}
