// SIGKILLs a process that is busy writing the store and the FAISS index, at random moments, and checks
// after each kill that everything reopens consistent: SQLite, FTS, and the vector index against both.
import { spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { FaissIndex } from './faiss';
import { SqliteStore } from './sqlite';
import { pseudoVector, rng, tempDir } from './test-support/fixtures';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../../..');
const CHILD = join(here, 'test-support', 'crash-child.ts');
const MODEL = 'crash-test@64';
const DIM = 64;
const RUNS = 24;

const { dir, cleanup } = tempDir('lucarne-crash-');
afterAll(cleanup);

/** Starts the child, waits until it is in its loop, lets it run `delayMs`, then SIGKILLs it. */
function runAndKill(seed: number, delayMs: number): Promise<{ iterations: number; stderr: string; killed: boolean }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dir, String(seed)], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let stderr = '';
    let timer: NodeJS.Timeout | null = null;
    const startup = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (timer === null && out.includes('ready\n')) {
        clearTimeout(startup);
        timer = setTimeout(() => child.kill('SIGKILL'), delayMs);
      }
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      clearTimeout(startup);
      if (timer) clearTimeout(timer);
      const lines = out.trim().split('\n');
      const last = Number(lines[lines.length - 1]);
      resolvePromise({
        iterations: Number.isFinite(last) ? last : 0,
        stderr,
        killed: signal === 'SIGKILL' && timer !== null,
      });
    });
  });
}

describe('crash consistency (store + FAISS)', () => {
  it(`stays consistent across ${RUNS} SIGKILLs at random moments`, { timeout: 300_000 }, async () => {
    const seed = Date.now() % 1_000_000;
    const rand = rng(seed);
    const sources: string[] = [];
    let totalIterations = 0;
    for (let run = 0; run < RUNS; run++) {
      const delay = 20 + Math.floor(rand() * 380);
      const ctx = `seed ${seed}, run ${run}, killed after ${delay} ms`;
      const result = await runAndKill(seed + run, delay);
      expect(result.stderr, ctx).toBe('');
      expect(result.killed, ctx).toBe(true);
      totalIterations += result.iterations;

      const store = SqliteStore.open(dir);
      try {
        expect(store.verifyIntegrity(), ctx).toEqual([]);
        const db = (sql: string) => (store as unknown as { sql: { value<T>(s: string): T } }).sql.value<number>(sql);
        expect(db('SELECT count(*) FROM chunks WHERE document_id NOT IN (SELECT id FROM documents)'), ctx).toBe(0);
        expect(db('SELECT count(*) FROM chunks_fts_docsize WHERE id NOT IN (SELECT id FROM chunks)'), ctx).toBe(0);
        expect(db('SELECT count(*) FROM chunks WHERE id NOT IN (SELECT id FROM chunks_fts_docsize)'), ctx).toBe(0);

        const index = await FaissIndex.open({ dir, model: MODEL, dim: DIM, store });
        sources.push(index.openReport.source);
        try {
          expect(await index.count(), ctx).toBe(store.countChunkVectors(MODEL));
          const positions = index.positionMap();
          expect(new Set(positions).size, ctx).toBe(positions.length);
          expect(
            [...positions].sort((a, b) => a - b),
            ctx,
          ).toEqual(store.chunkIdsWithVectors(MODEL));
          const hits = await index.search(pseudoVector(`query ${run}`, DIM), 25);
          expect(hits.length, ctx).toBe(Math.min(25, positions.length));
          expect(store.getChunks(hits.map((h) => h.chunkId)).length, ctx).toBe(hits.length);
          const keyword = store.keywordSearch('paragraph topic', 25);
          expect(store.getChunks(keyword.map((h) => h.chunkId)).length, ctx).toBe(keyword.length);
        } finally {
          await index.close();
        }
      } finally {
        store.close();
      }
    }
    // The kills must have landed while the child was working, not before or after.
    expect(totalIterations).toBeGreaterThan(RUNS);
    const tally: Record<string, number> = {};
    for (const s of sources) tally[s] = (tally[s] ?? 0) + 1;
    console.log(`crash test: seed ${seed}, ${totalIterations} iterations over ${RUNS} kills, reopen sources`, tally);
  });
});
