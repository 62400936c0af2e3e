// The worker pool and the checks around parsing: limits, failures, recovery.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ParseError } from '../types';
import { closeParsers, kindOf, parseFile, parseInProcess, parserWorkerCount, warmParsers } from './index';
import { ParserPool } from './pool';
import { expectWellFormed, fixture } from './test-support/helpers';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'lucarne-pool-'));
});
afterAll(async () => {
  await closeParsers();
  await rm(dir, { recursive: true, force: true });
});

async function failure(promise: Promise<unknown>): Promise<ParseError> {
  const result = await promise.then(
    () => null,
    (err: unknown) => err,
  );
  expect(result).toBeInstanceOf(ParseError);
  return result as ParseError;
}

describe('kindOf', () => {
  it('maps extensions to kinds, case-insensitively', () => {
    expect(kindOf('/a/b/Report.PDF')).toBe('pdf');
    expect(kindOf('x.docx')).toBe('docx');
    expect(kindOf('x.md')).toBe('markdown');
    expect(kindOf('x.markdown')).toBe('markdown');
    expect(kindOf('x.txt')).toBe('text');
    expect(kindOf('x.text')).toBe('text');
    expect(kindOf('x.log')).toBe('text');
    expect(kindOf('x.csv')).toBe('csv');
    expect(kindOf('x.htm')).toBe('html');
    expect(kindOf('x.html')).toBe('html');
    expect(kindOf('x.doc')).toBeNull();
    expect(kindOf('README')).toBeNull();
  });
});

describe('progress inside a file', () => {
  it('restarts the time limit each time the worker reports a step, and passes the steps on', async () => {
    // Six steps 150 ms apart: 900 ms in all, against a 400 ms limit that each step restarts.
    const pool = new ParserPool(
      1,
      () =>
        new Worker(
          `const { parentPort } = require('node:worker_threads');
         parentPort.on('message', async (m) => {
           const steps = m.path === 'steps.txt' ? 6 : 0;
           for (let done = 0; done <= steps; done++) {
             await new Promise((r) => setTimeout(r, 150));
             if (steps) parentPort.postMessage({ id: m.id, progress: { stage: 'ocr', done, total: steps } });
           }
           if (!steps) await new Promise((r) => setTimeout(r, 900));
           parentPort.postMessage({ id: m.id, ok: true, doc: { kind: 'text', text: m.path, blocks: [], pages: [],
             pageCount: null, flags: [], verdict: 'ok' } });
         });`,
          { eval: true },
        ),
    );
    try {
      const seen: number[] = [];
      const doc = await pool.run({
        path: 'steps.txt',
        opts: {},
        timeoutMs: 400,
        memoryMb: 64,
        onProgress: (p) => seen.push(p.done),
      });
      expect(doc.text).toBe('steps.txt');
      expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6]);
      // The same work without steps overruns the limit.
      const err = await failure(pool.run({ path: 'silent.txt', opts: {}, timeoutMs: 400, memoryMb: 64 }));
      expect(err.code).toBe('timeout');
    } finally {
      await pool.close();
    }
  });
});

describe('limits and unreadable files', () => {
  it('refuses files above maxBytes', async () => {
    const err = await failure(parseFile(fixture('pdfjs__tracemonkey.pdf'), { maxBytes: 100_000 }));
    expect(err.code).toBe('too-large');
    expect(err.message).toMatch(/above the .* size limit/);
  });

  it('reports missing files, folders and unknown types', async () => {
    expect((await failure(parseFile(path.join(dir, 'missing.pdf')))).code).toBe('unreadable');
    const folder = path.join(dir, 'folder.pdf');
    await mkdir(folder);
    expect((await failure(parseFile(folder))).code).toBe('unreadable');
    const other = path.join(dir, 'archive.zip');
    await writeFile(other, 'PK');
    expect((await failure(parseFile(other))).code).toBe('unsupported');
  });

  it('reports empty files as empty documents, and garbage as corrupt', async () => {
    for (const name of ['empty.pdf', 'empty.docx', 'empty.md', 'empty.html']) {
      await writeFile(path.join(dir, name), '');
      const doc = await parseFile(path.join(dir, name));
      expectWellFormed(doc);
      expect(doc.verdict).toBe('empty');
    }
    await writeFile(path.join(dir, 'noise.pdf'), 'this is not a PDF at all, just some words');
    expect((await failure(parseFile(path.join(dir, 'noise.pdf')))).code).toBe('corrupt');
  });
});

describe('worker pool', () => {
  it('times out a long parse, replaces the worker, and parses the next file', async () => {
    // Warm a worker first, so that the limit hits while pdfjs is reading pages, not while it loads.
    await parseFile(fixture('pdfjs__french_diacritics.pdf'));
    const err = await failure(parseFile(fixture('pdfjs__freeculture.pdf'), { timeoutMs: 1000 }));
    expect(err.code).toBe('timeout');
    expect(err.message).toMatch(/took longer than 1 s/);
    const doc = await parseFile(fixture('pdfminer__simple1.pdf'));
    expect(doc.text).toContain('Hello World');
    expect(parserWorkerCount()).toBeGreaterThanOrEqual(1);
    expect(parserWorkerCount()).toBeLessThanOrEqual(2);
  });

  it('stops a parse that exceeds the memory limit', async () => {
    const err = await failure(parseFile(fixture('pdfjs__freeculture.pdf'), { memoryMb: 16 }));
    expect(err.code).toBe('out-of-memory');
    expect(err.message).toMatch(/more than 16 MB/);
    expect((await parseFile(fixture('pdfjs__french_diacritics.pdf'))).verdict).toBe('ok');
  });

  it('runs several files at once and gives each its own result', async () => {
    const names = ['pdfminer__simple1.pdf', 'mammoth__tables.docx', 'pdfjs__helloworld-bad.pdf', 'unstr__password.pdf'];
    const results = await Promise.allSettled(names.map((n) => parseFile(fixture(n))));
    expect(results[0].status === 'fulfilled' && results[0].value.text).toContain('Hello World');
    expect(results[1].status === 'fulfilled' && results[1].value.kind).toBe('docx');
    expect(results[2].status === 'fulfilled' && results[2].value.text).toBe('Hello, world!');
    expect(results[3].status === 'rejected' && (results[3].reason as ParseError).code).toBe('needs-password');
    expect(parserWorkerCount()).toBeLessThanOrEqual(2);
  });

  it('closes, then starts again on demand', async () => {
    await closeParsers();
    expect(parserWorkerCount()).toBe(0);
    expect((await parseFile(fixture('pdfminer__simple1.pdf'))).verdict).toBe('ok');
  });

  it('warms a worker ahead of the next file, only when nothing is being parsed', async () => {
    // A stand-in worker that records what it is asked.
    const seen: string[] = [];
    let spawned = 0;
    const pool = new ParserPool(1, () => {
      spawned++;
      const worker = new Worker(
        `const { parentPort } = require('node:worker_threads');
         parentPort.on('message', (m) => {
           parentPort.postMessage({ kind: 'seen', what: m.warm ? 'warm' : m.path });
           if (m.warm) parentPort.postMessage({ id: m.id, ok: true, warmed: true });
           else parentPort.postMessage({ id: m.id, ok: true, doc: { kind: 'text', text: m.path, blocks: [], pages: [],
             pageCount: null, flags: [], verdict: 'ok' } });
         });`,
        { eval: true },
      );
      worker.on('message', (m: { kind?: string; what?: string }) => {
        if (m.kind === 'seen') seen.push(m.what ?? '');
      });
      return worker;
    });
    try {
      await pool.warm(64);
      expect(spawned).toBe(1);
      const doc = await pool.run({ path: 'a.txt', opts: {}, timeoutMs: 10_000, memoryMb: 64 });
      expect(doc.text).toBe('a.txt');
      expect(spawned).toBe(1); // the warmed worker took the file
      await pool.warm(64); // a worker exists: nothing to do
      const busy = pool.run({ path: 'b.txt', opts: {}, timeoutMs: 10_000, memoryMb: 64 });
      await pool.warm(64); // a file is being parsed: nothing to do either
      await busy;
      expect(seen).toEqual(['warm', 'a.txt', 'b.txt']);
    } finally {
      await pool.close();
    }
  });

  it('warms the real parser worker, which then parses a PDF', async () => {
    await closeParsers();
    await warmParsers();
    expect(parserWorkerCount()).toBe(1);
    expect((await parseFile(fixture('pdfminer__simple1.pdf'))).text).toContain('Hello World');
    expect(parserWorkerCount()).toBe(1);
  });

  it('survives a worker that dies mid-file', async () => {
    // A stand-in worker: the first one dies on its first file, the next ones answer.
    let spawned = 0;
    const pool = new ParserPool(1, () => {
      spawned++;
      const dies = spawned === 1;
      return new Worker(
        `const { parentPort } = require('node:worker_threads');
         parentPort.on('message', (m) => {
           if (${dies}) process.exit(3);
           parentPort.postMessage({ id: m.id, ok: true, doc: { kind: 'text', text: m.path, blocks: [], pages: [],
             pageCount: null, flags: [], verdict: 'ok' } });
         });`,
        { eval: true },
      );
    });
    try {
      const err = await failure(pool.run({ path: 'a.txt', opts: {}, timeoutMs: 10_000, memoryMb: 64 }));
      expect(err.code).toBe('corrupt');
      expect(err.message).toMatch(/stopped unexpectedly/);
      const doc = await pool.run({ path: 'b.txt', opts: {}, timeoutMs: 10_000, memoryMb: 64 });
      expect(doc.text).toBe('b.txt');
      expect(spawned).toBe(2);
    } finally {
      await pool.close();
    }
  });

  it('replaces a worker whose heap grew past the bar, after its file, and keeps parsing', async () => {
    // Stand-in workers that report a heap growing by 100 MB per file.
    let spawned = 0;
    const pool = new ParserPool(
      1,
      () => {
        spawned++;
        return new Worker(
          `const { parentPort } = require('node:worker_threads');
           let heap = 0;
           parentPort.on('message', (m) => {
             heap += 100;
             parentPort.postMessage({ id: m.id, ok: true, heapMb: heap, doc: { kind: 'text', text: m.path, blocks: [],
               pages: [], pageCount: null, flags: [], verdict: 'ok' } });
           });`,
          { eval: true },
        );
      },
      { recycleHeapMb: 250 },
    );
    try {
      const texts: string[] = [];
      for (const name of ['a', 'b', 'c', 'd', 'e', 'f']) {
        texts.push((await pool.run({ path: name, opts: {}, timeoutMs: 10_000, memoryMb: 64 })).text);
      }
      expect(texts).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
      // 100, 200, 300 MB: replaced after the third file, then again after the sixth.
      expect(pool.recycled).toBe(2);
      expect(spawned).toBe(2);
      expect(pool.workerCount).toBe(0);
    } finally {
      await pool.close();
    }
  });

  it('fails a file cleanly when no worker can start', async () => {
    const pool = new ParserPool(1, () => {
      throw new Error('no such file: parse-worker.js');
    });
    const err = await failure(pool.run({ path: 'a.txt', opts: {}, timeoutMs: 1000, memoryMb: 64 }));
    expect(err.message).toMatch(/could not start: no such file/);
    await pool.close();
  });
});

describe('parseInProcess', () => {
  it('gives the same document as the worker', async () => {
    const inProcess = await parseInProcess(fixture('pdfjs__french_diacritics.pdf'));
    const viaWorker = await parseFile(fixture('pdfjs__french_diacritics.pdf'));
    expect(inProcess).toEqual(viaWorker);
  });
});
