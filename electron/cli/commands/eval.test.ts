import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTinyBeir } from '../../engine/eval/test-support/tiny-beir';
import { parseArgs } from '../args';
import { type EvalJson, run } from './eval';
import type { EvalQaJson } from './eval-qa';

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

describe('lucarne eval --qa', () => {
  it('indexes the folder through the app, runs each question through search and the offline answer, and scores them', async () => {
    const set = mkdtempSync(join(tmpdir(), 'lucarne-eval-qa-'));
    try {
      mkdirSync(join(set, 'docs'));
      writeFileSync(
        join(set, 'docs', '2023 Q2 Acme.md'),
        '# Acme quarterly report\n\nAcme net sales for the quarter were 4,321 million dollars, up from the prior year.\n',
      );
      writeFileSync(
        join(set, 'docs', '2023 Q2 Globex.md'),
        '# Globex quarterly report\n\nGlobex opened a research centre near the river this quarter.\n',
      );
      writeFileSync(
        join(set, 'questions.csv'),
        'Question,Source Docs,Answer\n' +
          'What were Acme net sales for the quarter?,*Acme*,"Acme net sales were $4,321 million."\n' +
          'Where did Globex open a research centre?,*Globex*,Near the river.\n',
      );
      const c = capture();
      const code = await run(parseArgs(['--qa', set, '--json', '--quiet']), c.io);
      expect(code, c.err()).toBe(0);
      const out = JSON.parse(c.out()) as EvalQaJson;
      expect(out.report.questions).toBe(2);
      expect(out.report.singleDocument).toEqual({ questions: 2, inTop: 2 });
      expect(out.report.numeric).toMatchObject({ questions: 1, evidenceInTop: 1, answered: 1 });
      const [acme, globex] = out.questions;
      expect(acme.top[0]).toBe('2023 Q2 Acme.md');
      expect(acme.answer).toContain('4,321');
      expect(acme.answerHasNumber).toBe(true);
      expect(globex.answer).toBeNull(); // not numeric: no answer is run by default

      const plain = capture();
      expect(await run(parseArgs(['--qa', set, '--answers', 'none', '--quiet']), plain.io)).toBe(0);
      expect(plain.out()).toMatch(/needed document in top 5 \(questions needing one\)\s+100\.0 % \(2\/2\)/);
      expect(await run(parseArgs(['--qa', set, '--answers', 'maybe']), plain.io)).toBe(2);
      expect(await run(parseArgs(['--qa', join(set, 'docs')]), plain.io)).toBe(1);
      expect(plain.err()).toMatch(/--answers is numeric, all or none/);
      expect(plain.err()).toMatch(/has no questions file/);
    } finally {
      rmSync(set, { recursive: true, force: true });
    }
  });
});
