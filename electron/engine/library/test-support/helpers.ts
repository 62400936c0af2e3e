// Test-only helpers: temp folders, a deterministic embedder that counts its calls, a simple kindOf.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import type { FileKind } from '../../../../shared/types';
import type { FaissIndex } from '../../store/faiss';
import type { SqliteStore } from '../../store/sqlite';
import type { Embedder, EmbedOptions } from '../../types';

export function tempDir(prefix = 'lucarne-lib-'): { path: string; cleanup(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, cleanup: () => rmSync(path, { recursive: true, force: true }) };
}

const KINDS: Record<string, FileKind> = {
  '.pdf': 'pdf',
  '.docx': 'docx',
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.txt': 'text',
  '.html': 'html',
  '.htm': 'html',
};

export function extKindOf(path: string): FileKind | null {
  return KINDS[extname(path).toLowerCase()] ?? null;
}

/**
 * Deterministic unit vectors from the text's hash. `texts` counts every text embedded, `calls` the
 * batches: what the tests assert to prove that renames and unchanged chunks cost nothing.
 */
export class CountingEmbedder implements Embedder {
  readonly id: string;
  readonly local = true;
  texts = 0;
  calls = 0;
  embedded: string[] = [];

  constructor(
    readonly dim = 16,
    id = 'test:counting-v1',
  ) {
    this.id = id;
  }

  vectorFor(text: string): Float32Array {
    const v = new Float32Array(this.dim);
    const h = createHash('sha256').update(text).digest();
    let norm = 0;
    for (let i = 0; i < this.dim; i++) {
      v[i] = (h[i % h.length] - 127.5) / 127.5 + 0.01;
      norm += v[i] * v[i];
    }
    norm = Math.sqrt(norm);
    for (let i = 0; i < this.dim; i++) v[i] /= norm;
    return v;
  }

  reset(): void {
    this.texts = 0;
    this.calls = 0;
    this.embedded = [];
  }

  /** Simulated latency per call (a slow or remote embedder). */
  delayMs = 0;

  async embedDocuments(texts: string[], opts: EmbedOptions = {}): Promise<Float32Array[]> {
    opts.signal?.throwIfAborted();
    if (this.delayMs > 0) await new Promise((r) => setTimeout(r, this.delayMs));
    opts.signal?.throwIfAborted();
    this.calls++;
    this.texts += texts.length;
    this.embedded.push(...texts);
    return texts.map((t) => this.vectorFor(t));
  }

  async embedQuery(text: string): Promise<Float32Array> {
    return this.vectorFor(text);
  }
}

/** Polls until `check` returns true (watcher events arrive on their own schedule). */
export async function eventually(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 15_000,
  what = 'condition',
): Promise<void> {
  const start = Date.now();
  for (;;) {
    if (await check()) return;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const WORDS =
  'river mountain lantern harbor meadow copper violin orchard glacier falcon compass lighthouse canyon velvet thunder garden marble bridge willow ember quartz prairie anchor beacon cobalt desert feather granite horizon island jasmine kettle lagoon maple nectar oasis pebble quiver raven saffron tundra umbrella valley walnut yarrow zephyr'.split(
    ' ',
  );

/** A paragraph of `n` words, different for each seed (so each section is its own chunk text). */
export function paragraph(seed: number, n = 45): string {
  const out: string[] = [];
  let x = seed * 7919 + 13;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    out.push(WORDS[x % WORDS.length]);
  }
  return `${out.join(' ')} (section ${seed}).`;
}

/** A Markdown document of `sections` headed sections. */
export function markdownDoc(
  title: string,
  sections: number,
  seedBase: number,
  edit?: { section: number; text: string },
): string {
  const parts = [`# ${title}`, ''];
  for (let s = 0; s < sections; s++) {
    parts.push(`## Part ${s + 1}`, '', edit?.section === s ? edit.text : paragraph(seedBase + s), '');
  }
  return parts.join('\n');
}

/**
 * Everything that must hold between the store and the vector index after any sequence of events (crashes
 * included, once reopened): SQLite integrity, no chunk without a vector, FAISS = chunks with vectors,
 * each once. Returns the problems found (empty when consistent).
 */
export async function consistencyProblems(
  store: SqliteStore,
  faiss: FaissIndex,
  model: string,
  opts: { allowMissingVectors?: boolean } = {},
): Promise<string[]> {
  const problems = [...store.verifyIntegrity()];
  const missing = store.chunksMissingVectors(model, 5);
  if (missing.length && !opts.allowMissingVectors) problems.push(`${missing.length}+ chunk(s) without a vector`);
  const positions = faiss.positionMap();
  if (new Set(positions).size !== positions.length) problems.push('duplicate chunk ids in the vector index');
  const count = await faiss.count();
  const expected = store.countChunkVectors(model);
  if (count !== expected) problems.push(`vector index has ${count} vectors, store has ${expected} chunk vectors`);
  const ids = [...positions].sort((a, b) => a - b);
  const storeIds = store.chunkIdsWithVectors(model);
  if (ids.join(',') !== storeIds.join(',')) problems.push('vector index chunk ids differ from the store');
  if (store.chunkCount() !== expected && !opts.allowMissingVectors) {
    problems.push(`${store.chunkCount()} chunks but ${expected} with vectors`);
  }
  return problems;
}
