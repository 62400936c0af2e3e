import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTinyBeir } from '../../engine/eval/test-support/tiny-beir';
import { parseArgs } from '../args';
import { type EvalJson, run } from './eval';

function capture(isTTY = false) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => {
    out += d;
  });
  stderr.on('data', (d) => {
    err += d;
  });
  return { io: { stdout, stderr, isTTY }, out: () => out, err: () => err };
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lucarne-eval-cli-'));
  writeTinyBeir(dir, 'train');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('lucarne eval', () => {
  it('measures all modes and prints JSON (the only split present is used)', async () => {
    const c = capture();
    const code = await run(parseArgs(['--beir', dir, '--mode', 'all', '--json']), c.io);
    expect(code).toBe(0);
    const out = JSON.parse(c.out()) as EvalJson;
    expect(out.results.map((r) => r.mode)).toEqual(['bm25', 'vector', 'hybrid']);
    for (const r of out.results) {
      expect(r.split).toBe('train');
      expect(r.queries).toBe(3);
      expect(r.msPerQuery).toBeGreaterThan(0);
    }
    expect(out.results[0].ndcg10).toBeCloseTo(1, 10);
    // A progress line while indexing (plain lines when stderr is not a terminal).
    expect(c.err()).toContain('Indexing corpus: 6/6 (100 %)');
  });

  it('prints a table by default and honours --limit', async () => {
    const c = capture(true);
    const code = await run(parseArgs(['--beir', dir, '--split', 'train', '--mode', 'bm25', '--limit', '2']), c.io);
    expect(code, c.err()).toBe(0);
    expect(c.out()).toMatch(/train: 2 queries, 6 documents/);
    expect(c.out()).toMatch(/^bm25\s+1\.0000\s+1\.0000\s+1\.0000\s+1\.0000/m);
    expect(c.err()).toContain('\r');
  });

  it('explains usage errors', async () => {
    const c = capture();
    expect(await run(parseArgs([]), c.io)).toBe(2);
    expect(await run(parseArgs(['--beir', dir, '--mode', 'fuzzy']), c.io)).toBe(2);
    expect(await run(parseArgs(['--beir', dir, '--split', 'test']), c.io)).toBe(1);
    expect(c.err()).toMatch(/--mode is bm25, vector, hybrid or all/);
    expect(c.err()).toMatch(/test\.tsv is missing/);
  });
});
