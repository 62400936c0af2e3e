// `lucarne index`, `status` and `search` run in-process against a temp data dir and a temp copy of a few
// fixture documents: exit codes, the JSON shapes docs/cli.md promises, and the per-file password flow.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedFixture } from '../../../test-support/fixture-paths';
import { parseArgs } from '../args';
import type { CommandIo } from '../command';
import { run as runIndex } from './index-folder';
import { run as runSearch } from './search';
import { run as runStatus } from './status';

const FIXTURES = sharedFixture('docs');

function capture(isTTY = false): { io: CommandIo; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  const sink = (append: (s: string) => void) =>
    new Writable({
      write(chunk, _enc, cb) {
        append(String(chunk));
        cb();
      },
    });
  return {
    io: { stdout: sink((s) => (out += s)), stderr: sink((s) => (err += s)), isTTY },
    out: () => out,
    err: () => err,
  };
}

describe('lucarne index / status / search', () => {
  let root: string;
  let data: string;
  let docs: string;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'lucarne-cli-'));
    data = join(root, 'data');
    docs = join(root, 'docs');
    mkdirSync(docs);
    for (const f of [
      'pdfminer__simple1.pdf',
      'pdfjs__french_diacritics.pdf',
      'unstr__password.pdf',
      'mammoth__tables.docx',
    ]) {
      copyFileSync(join(FIXTURES, f), join(docs, f));
    }
    writeFileSync(
      join(docs, 'lighthouse.md'),
      '# Lighthouse keeping\n\nThe keeper climbs the spiral staircase every evening to light the lamp.\n',
    );
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('indexes a folder and prints a JSON summary', async () => {
    const c = capture();
    const code = await runIndex(parseArgs([docs, '--data', data, '--json']), c.io);
    expect(code, c.err()).toBe(0);
    const summary = JSON.parse(c.out());
    expect(summary).toMatchObject({ version: 1, dataDir: data, totals: { documents: 5 } });
    expect(summary.statuses).toMatchObject({ indexed: 4, 'needs-password': 1 });
    expect(summary.processed.chunks).toBeGreaterThan(0);
    expect(summary.processed.pages).toBeGreaterThan(0);
    expect(typeof summary.pagesPerSecond).toBe('number');
  });

  it('a second run has nothing to do; --password with --file unlocks one file', async () => {
    const again = capture();
    expect(await runIndex(parseArgs([docs, '--data', data, '--json']), again.io)).toBe(0);
    expect(JSON.parse(again.out()).processed.jobs).toBe(0);

    const pw = capture();
    const code = await runIndex(
      parseArgs([docs, '--data', data, '--password', 'password', '--file', join(docs, 'unstr__password.pdf')]),
      pw.io,
    );
    expect(code, pw.err()).toBe(0);
    expect(pw.out()).toMatch(/5 indexed/);

    const bad = capture();
    expect(await runIndex(parseArgs([docs, '--data', data, '--password', 'x']), bad.io)).toBe(2);
    expect(bad.err()).toMatch(/--file/);
    const missing = capture();
    expect(await runIndex(parseArgs([join(root, 'nope'), '--data', data]), missing.io)).toBe(1);
    expect(missing.err()).toMatch(/not found/);
  });

  it('status --json has the documented shape', async () => {
    const c = capture();
    expect(await runStatus(parseArgs(['--data', data, '--json']), c.io)).toBe(0);
    const report = JSON.parse(c.out());
    expect(report.version).toBe(1);
    expect(report.folders).toHaveLength(1);
    expect(report.documents).toHaveLength(5);
    for (const d of report.documents) {
      expect(Object.keys(d).sort()).toEqual(['chunks', 'flags', 'message', 'pages', 'path', 'status']);
      expect(d.status).toBe('indexed');
    }
    const text = capture();
    expect(await runStatus(parseArgs(['--data', data]), text.io)).toBe(0);
    expect(text.out()).toMatch(/lighthouse\.md/);
  });

  it('search --json returns hits with path, page, score and snippet in every mode', async () => {
    for (const mode of ['bm25', 'hybrid', 'vector']) {
      const c = capture();
      expect(
        await runSearch(parseArgs(['spiral staircase', '--data', data, '-k', '3', '--mode', mode, '--json']), c.io),
      ).toBe(0);
      const result = JSON.parse(c.out());
      expect(result).toMatchObject({ version: 1, query: 'spiral staircase', mode });
      expect(result.hits.length).toBeGreaterThan(0);
      expect(result.hits.length).toBeLessThanOrEqual(3);
      const top = result.hits[0];
      expect(Object.keys(top).sort()).toEqual(['chunkId', 'page', 'pageLabel', 'path', 'score', 'snippet']);
      expect(top.path).toBe(join(docs, 'lighthouse.md'));
    }
    const pdf = capture();
    expect(await runSearch(parseArgs(['File with password', '--data', data, '--mode', 'bm25', '--json']), pdf.io)).toBe(
      0,
    );
    const hit = JSON.parse(pdf.out()).hits[0];
    expect(hit).toMatchObject({ path: join(docs, 'unstr__password.pdf'), page: 1 });
    expect(hit.snippet).toMatch(/«/);
    const bad = capture();
    expect(await runSearch(parseArgs(['x', '--data', data, '-k', '0']), bad.io)).toBe(2);
  });

  it('status and search on an empty data dir say so without creating a library', async () => {
    const empty = join(root, 'empty');
    const s = capture();
    expect(await runStatus(parseArgs(['--data', empty, '--json']), s.io)).toBe(0);
    expect(JSON.parse(s.out())).toEqual({ version: 1, folders: [], documents: [] });
    const q = capture();
    expect(await runSearch(parseArgs(['anything', '--data', empty, '--json']), q.io)).toBe(0);
    expect(JSON.parse(q.out()).hits).toEqual([]);
  });
});
