import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeGemini } from '../../../test-support/fake-gemini/server';
import { OfflineEmbedder } from '../embed/offline';
import { type OpenLibrary, openLibrary } from '../library/open-library';
import { parseInProcess } from '../parse/index';
import { countTokens } from '../tokens/index';
import type { Embedder, Generator } from '../types';
import { answerQuestion } from './answer';
import { ExtractiveGenerator } from './extractive';
import { GeminiGenerator } from './gemini';
import { LocalOnlyError } from './local-only';
import { DEFAULT_TEMPLATE } from './prompt';

// Every outgoing TCP connection of this process goes through net.Socket#connect (net.connect, tls.connect
// and the fetch client behind @google/genai all end there), so recording its arguments shows where this
// process tried to connect. Parsing runs in-process here so that it is observed too.
interface Attempt {
  host: string;
  port: number | null;
}
const attempts: Attempt[] = [];
const originalConnect = net.Socket.prototype.connect;

function recordConnect(args: unknown[]): void {
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  if (first && typeof first === 'object') {
    const o = first as { host?: string; port?: number | string; path?: string };
    if (o.path) attempts.push({ host: 'unix-socket', port: null });
    else attempts.push({ host: o.host ?? 'localhost', port: o.port === undefined ? null : Number(o.port) });
  } else if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
    attempts.push({ host: typeof args[1] === 'string' ? args[1] : 'localhost', port: Number(first) });
  } else if (typeof first === 'string') {
    attempts.push({ host: 'unix-socket', port: null });
  }
}

let root: string;
let lib: OpenLibrary;
const embedder = new OfflineEmbedder();

beforeAll(async () => {
  net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
    recordConnect(args);
    return (originalConnect as (...a: unknown[]) => net.Socket).apply(this, args);
  } as typeof net.Socket.prototype.connect;

  root = mkdtempSync(join(tmpdir(), 'lucarne-local-only-'));
  const folder = join(root, 'docs');
  mkdirSync(folder);
  writeFileSync(
    join(folder, 'manual.md'),
    '# Dishwasher DW-300\n\nThe dishwasher comes with a two-year warranty covering parts and labour.\n\nClean the filter every month.\n',
  );
  writeFileSync(join(folder, 'notes.txt'), 'Bread needs flour, water, salt and a long rest before baking.\n');
  lib = await openLibrary(join(root, 'data'), { embedder, library: { parse: parseInProcess, watch: false } });
  await lib.library.addFolder(folder);
  await lib.library.start({ watch: false });
  await lib.library.whenIdle();
});

afterAll(async () => {
  net.Socket.prototype.connect = originalConnect;
  await lib?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

const settings = { topK: 4, promptTemplate: DEFAULT_TEMPLATE, localOnly: true };

function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === 'unix-socket' || h === '::1' || /^(::ffff:)?127\./.test(h);
}

describe('local-only mode', () => {
  it('indexes and answers with the offline provider without any non-loopback connection', async () => {
    expect(lib.store.chunkCount()).toBeGreaterThan(0);
    const result = await answerQuestion(
      {
        store: lib.store,
        vectors: lib.vectors,
        embedder: lib.embedder,
        countTokens,
        makeGenerator: () => new ExtractiveGenerator({ embedder }),
      },
      { question: 'How long is the dishwasher warranty?', history: [], provider: 'offline', settings },
    );
    expect(result.text).toContain('two-year warranty');
    expect(result.citations[0].path.endsWith('manual.md')).toBe(true);
    expect(attempts.filter((a) => !isLoopback(a.host))).toEqual([]);
  });

  it('refuses the gemini provider before constructing it or opening any connection', async () => {
    const before = attempts.length;
    let constructed = 0;
    const makeGenerator = (): Generator => {
      constructed++;
      return new GeminiGenerator({ apiKey: 'k', baseUrl: 'https://generativelanguage.googleapis.com' });
    };
    await expect(
      answerQuestion(
        { store: lib.store, vectors: lib.vectors, embedder: lib.embedder, countTokens, makeGenerator },
        { question: 'How long is the warranty?', history: [], provider: 'gemini', settings },
      ),
    ).rejects.toBeInstanceOf(LocalOnlyError);
    expect(constructed).toBe(0);
    expect(attempts.length).toBe(before);
  });

  it('refuses a non-local generator or embedder even under the offline provider name', async () => {
    const before = attempts.length;
    const remoteGenerator = new GeminiGenerator({ apiKey: 'k', baseUrl: 'https://generativelanguage.googleapis.com' });
    await expect(
      answerQuestion(
        {
          store: lib.store,
          vectors: lib.vectors,
          embedder: lib.embedder,
          countTokens,
          makeGenerator: () => remoteGenerator,
        },
        { question: 'warranty?', history: [], provider: 'offline', settings },
      ),
    ).rejects.toThrow(/Local-only mode is on/);
    const remoteEmbedder: Embedder = {
      ...embedder,
      id: lib.embedder.id,
      dim: 100,
      local: false,
      embedDocuments: embedder.embedDocuments.bind(embedder),
      embedQuery: embedder.embedQuery.bind(embedder),
    };
    await expect(
      answerQuestion(
        {
          store: lib.store,
          vectors: lib.vectors,
          embedder: remoteEmbedder,
          countTokens,
          makeGenerator: () => new ExtractiveGenerator(),
        },
        { question: 'warranty?', history: [], provider: 'offline', settings },
      ),
    ).rejects.toBeInstanceOf(LocalOnlyError);
    expect(attempts.length).toBe(before);
  });

  it('control: the observer does see the Gemini client connect when local-only is off', async () => {
    const fake = await startFakeGemini({ apiKey: 'test-key' });
    try {
      const port = Number(new URL(fake.url).port);
      const before = attempts.length;
      await answerQuestion(
        {
          store: lib.store,
          vectors: lib.vectors,
          embedder: lib.embedder,
          countTokens,
          makeGenerator: () =>
            new GeminiGenerator({ apiKey: 'test-key', baseUrl: fake.url, retry: { maxAttempts: 1 } }),
        },
        {
          question: 'How long is the dishwasher warranty?',
          history: [],
          provider: 'gemini',
          settings: { ...settings, localOnly: false },
        },
      );
      const seen = attempts.slice(before);
      expect(seen.some((a) => a.port === port && isLoopback(a.host))).toBe(true);
      expect(isLoopback('generativelanguage.googleapis.com')).toBe(false);
      expect(isLoopback('8.8.8.8')).toBe(false);
    } finally {
      await fake.close();
    }
  });
});
