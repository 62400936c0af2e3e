import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type FakeGemini, startFakeGemini } from '../../../test-support/fake-gemini/server';
import { openLibrary, parseInProcess } from '../../engine/public/pipeline';
import { saveSettings } from '../../engine/public/data-folder';
import { parseArgs } from '../args';
import { type AskJson, run } from './ask';

function capture() {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const chunks: string[] = [];
  let err = '';
  stdout.on('data', (d) => chunks.push(String(d)));
  stderr.on('data', (d) => {
    err += d;
  });
  return {
    io: { stdout, stderr, isTTY: false },
    out: () => chunks.join(''),
    writes: () => chunks.length,
    err: () => err,
  };
}

let root: string;
let data: string;
let fake: FakeGemini;
const savedEnv = { key: process.env.GEMINI_API_KEY, url: process.env.GEMINI_BASE_URL };

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'lucarne-ask-cli-'));
  const docs = join(root, 'docs');
  mkdirSync(docs);
  writeFileSync(
    join(docs, 'manual.md'),
    '# Dishwasher DW-300\n\nThe dishwasher comes with a two-year warranty covering parts and labour.\n\nClean the filter every month.\n',
  );
  writeFileSync(join(docs, 'bread.txt'), 'Bread needs flour, water, salt and a long rest before baking.\n');
  data = join(root, 'data');
  const lib = await openLibrary(data, { library: { parse: parseInProcess, watch: false } });
  await lib.library.addFolder(docs);
  await lib.library.start({ watch: false });
  await lib.library.whenIdle();
  await lib.close();
  fake = await startFakeGemini({ apiKey: 'test-key', wordsPerChunk: 2 });
});

afterEach(() => {
  for (const [name, value] of [
    ['GEMINI_API_KEY', savedEnv.key],
    ['GEMINI_BASE_URL', savedEnv.url],
  ] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

afterAll(async () => {
  await fake?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('lucarne ask', () => {
  it('answers offline without a key, says so, and lists the cited sources', async () => {
    delete process.env.GEMINI_API_KEY;
    const c = capture();
    const code = await run(
      parseArgs(['How long is the dishwasher warranty?', '--data', data, '--provider', 'gemini']),
      c.io,
    );
    expect(code).toBe(0);
    expect(c.err()).toContain('No Gemini API key');
    expect(c.err()).toContain('Offline answer');
    expect(c.out()).toContain('From your documents:');
    expect(c.out()).toContain('The dishwasher comes with a two-year warranty covering parts and labour. [1]');
    expect(c.out()).toMatch(/Sources:\n {2}\[1\] .*manual\.md\n/);
  });

  it('streams a Gemini answer through GEMINI_BASE_URL and prints its sources', async () => {
    process.env.GEMINI_API_KEY = 'test-key';
    process.env.GEMINI_BASE_URL = fake.url;
    fake.reset();
    const c = capture();
    const code = await run(
      parseArgs(['How long is the dishwasher warranty?', '--data', data, '--provider', 'gemini', '-k', '3']),
      c.io,
    );
    expect(code).toBe(0);
    // The fake copies a sentence of passage [1]: the check finds it there.
    expect(c.err()).toBe('Check: 1 of 1 sentence supported.\n');
    // Streamed: several writes before the sources.
    expect(c.writes()).toBeGreaterThan(3);
    expect(c.out()).toMatch(/\[1\]\.?\n\nSources:\n {2}\[1\] .*manual\.md\n$/);
    expect(fake.requests.some((r) => r.rpc === 'streamGenerateContent')).toBe(true);
  });

  it('prints JSON with the sources and the prompt report', async () => {
    delete process.env.GEMINI_API_KEY;
    const c = capture();
    expect(await run(parseArgs(['Quelle est la garantie du lave-vaisselle ?', '--data', data, '--json']), c.io)).toBe(
      0,
    );
    const out = JSON.parse(c.out()) as AskJson;
    expect(out.provider).toBe('offline');
    expect(out.offline).toBe(true);
    expect(out.language).toBe('fr');
    expect(out.prompt.usedChunks).toBeGreaterThan(0);
    for (const s of out.sources) expect(out.text).toContain(`[${s.n}]`);
  });

  it('refuses --provider gemini in local-only mode', async () => {
    process.env.GEMINI_API_KEY = 'test-key';
    process.env.GEMINI_BASE_URL = fake.url;
    const lib = await openLibrary(data, { library: { watch: false } });
    saveSettings(lib.store, { localOnly: true });
    await lib.close();
    fake.reset();
    try {
      const c = capture();
      expect(await run(parseArgs(['warranty?', '--data', data, '--provider', 'gemini']), c.io)).toBe(1);
      expect(c.err()).toMatch(/Local-only mode is on/);
      expect(fake.requests).toEqual([]);
    } finally {
      const again = await openLibrary(data, { library: { watch: false } });
      saveSettings(again.store, { localOnly: false });
      await again.close();
    }
  });

  it('explains usage errors and a missing library', async () => {
    const c = capture();
    expect(await run(parseArgs([]), c.io)).toBe(2);
    expect(await run(parseArgs(['q', '--provider', 'openai']), c.io)).toBe(2);
    expect(await run(parseArgs(['q', '--data', join(root, 'empty')]), c.io)).toBe(1);
    expect(c.err()).toMatch(/No library in/);
  });
});
