// A re-embed interrupted by a kill (SIGKILL) or a graceful stop (SIGTERM) in the middle: the child process
// (test-support/reembed-child.ts) changes the embedder from the offline model to Gemini (the local fake server,
// slowed down) and is stopped after a few batches. Reopened, the store is consistent, the old model is still
// the active one and answers searches, and the re-embed resumes, sends only the texts that have no vector for
// the new model yet, each once, and then switches.
import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeGemini, startFakeGemini } from '../../../test-support/fake-gemini/server';
import { OFFLINE_EMBEDDER_ID } from '../embed/offline';
import { parseInProcess } from '../parse/index';
import { searchAnyBackend } from '../search';
import { faissFileFor } from '../store/faiss';
import { readFaissFile } from '../store/faiss/file';
import { SqliteStore } from '../store/sqlite';
import { readActiveEmbedder } from './active-embedder';
import { openLibrary, type ReembedStatus } from './open-library';
import { tempDir } from './test-support/helpers';
import {
  embeddedTexts,
  embedderFromSpec,
  FAKE_KEY,
  GEMINI_DIM,
  geminiEmbedder,
  writeDocs,
} from './test-support/reembed-fixtures';

const here = dirname(fileURLToPath(import.meta.url));
const CHILD = join(here, 'test-support', 'reembed-child.ts');
const REPO = join(here, '..', '..', '..');
const GEMINI_ID = `gemini:gemini-embedding-001@${GEMINI_DIM}`;

interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

let fake: FakeGemini;
beforeAll(async () => {
  fake = await startFakeGemini({ apiKey: FAKE_KEY, responseDelayMs: 60 });
});
afterAll(() => fake.close());

const completedEmbeds = () => fake.requests.filter((r) => r.kind === 'embed' && r.completed).length;

/** Runs the child; with `stop`, sends that signal once `when()` holds (checked every 10 ms). */
function runChild(args: string[], stop?: { signal: NodeJS.Signals; when: () => boolean }): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], {
      cwd: REPO,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const guard = setTimeout(() => child.kill('SIGKILL'), 60_000);
    const poll = stop
      ? setInterval(() => {
          if (stop.when()) {
            clearInterval(poll);
            child.kill(stop.signal);
          }
        }, 10)
      : undefined;
    child.stdout!.on('data', (b: Buffer) => {
      stdout += b.toString();
    });
    child.stderr!.on('data', (b: Buffer) => {
      stderr += b.toString();
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(guard);
      clearInterval(poll);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

function statusLines(stdout: string): ReembedStatus[] {
  return stdout
    .split('\n')
    .filter((l) => l.startsWith('status '))
    .map((l) => JSON.parse(l.slice('status '.length)) as ReembedStatus);
}

describe('re-embed interrupted in the middle', () => {
  let data: ReturnType<typeof tempDir>;
  let docs: ReturnType<typeof tempDir>;

  beforeEach(async () => {
    data = tempDir('lucarne-reembed-crash-');
    docs = tempDir('lucarne-reembed-crash-docs-');
    writeDocs(docs.path, 6, 6);
    const indexed = await runChild([data.path, fake.url, 'index', docs.path]);
    expect(indexed.stdout, indexed.stderr).toContain('done');
    fake.reset();
  });
  afterEach(() => {
    data.cleanup();
    docs.cleanup();
  });

  /**
   * After the stop: the store opens and is consistent, the offline model is still the active one (its index
   * file intact and complete), some but not all texts have a Gemini vector. Returns the texts still missing.
   */
  function checkInterrupted(): { missing: string[]; chunks: number } {
    const store = SqliteStore.open(data.path);
    try {
      expect(store.verifyIntegrity()).toEqual([]);
      expect(readActiveEmbedder(store)).toMatchObject({ id: OFFLINE_EMBEDDER_ID, spec: { kind: 'offline' } });
      const chunks = store.listDocuments({ limit: 1000 }).items.flatMap((d) => store.documentChunks(d.id));
      const { header, positions } = readFaissFile(faissFileFor(data.path, OFFLINE_EMBEDDER_ID));
      expect(header.count).toBe(chunks.length);
      expect(new Set(positions).size).toBe(chunks.length);
      const texts = new Map(chunks.map((c) => [c.sha256, c.text]));
      const cached = store.getVectors([...texts.keys()], GEMINI_ID);
      expect(cached.size).toBeGreaterThan(0);
      expect(cached.size).toBeLessThan(texts.size);
      return { missing: [...texts].filter(([sha]) => !cached.has(sha)).map(([, t]) => t), chunks: chunks.length };
    } finally {
      store.close();
    }
  }

  it('SIGKILL: the old model still answers, the re-embed resumes with only what is missing then switches', async () => {
    const killed = await runChild([data.path, fake.url, 'change'], {
      signal: 'SIGKILL',
      when: () => completedEmbeds() >= 3,
    });
    expect(killed.signal, killed.stderr).toBe('SIGKILL');
    expect(killed.stdout).toContain(`started ${OFFLINE_EMBEDDER_ID}`);
    expect(killed.stdout).not.toContain('settled');
    expect(statusLines(killed.stdout)[0]).toMatchObject({ state: 'running', targetId: GEMINI_ID });
    const { missing, chunks } = checkInterrupted();
    fake.reset();

    // Reopened with Gemini as the chosen model (the saved settings say so): the offline model stays active.
    const statuses: ReembedStatus[] = [];
    const lib = await openLibrary(data.path, {
      embedder: geminiEmbedder(fake.url),
      embedderFromSpec,
      reembedBatchSize: 4,
      onReembed: (s) => statuses.push(s),
      library: { watch: false, parse: parseInProcess },
    });
    try {
      expect(lib.embedder.id).toBe(OFFLINE_EMBEDDER_ID);
      expect(lib.vectors.model).toBe(OFFLINE_EMBEDDER_ID);
      expect(await lib.vectors.count()).toBe(chunks);
      expect(lib.reembedStatus()).toMatchObject({ state: 'running', targetId: GEMINI_ID, total: missing.length });
      const { store, vectors, embedder } = lib;
      const hits = await searchAnyBackend({ store, vectors, embedder }, { query: missing[0], k: 3, mode: 'vector' });
      expect(hits.length).toBe(3);

      const last = await lib.whenReembedSettled();
      expect(last).toMatchObject({ state: 'done', done: missing.length, total: missing.length });
      expect(lib.embedder.id).toBe(GEMINI_ID);
      expect(await lib.vectors.count()).toBe(chunks);
      expect(readActiveEmbedder(lib.store)?.id).toBe(GEMINI_ID);
      expect(embeddedTexts(fake.requests).sort()).toEqual([...missing].sort());
      expect(statuses.at(-1)?.state).toBe('done');
    } finally {
      await lib.close();
    }
  });

  it('SIGTERM (a graceful restart): the next process resumes with only what was missing, then switches', async () => {
    const stopped = await runChild([data.path, fake.url, 'change'], {
      signal: 'SIGTERM',
      when: () => completedEmbeds() >= 3,
    });
    // A graceful stop: the process ends by itself, without dying of the signal.
    expect(stopped.signal, stopped.stderr).toBeNull();
    expect(stopped.code, stopped.stderr).toBe(0);
    expect(statusLines(stopped.stdout).at(-1)?.state).toBe('cancelled');
    const { missing, chunks } = checkInterrupted();
    fake.reset();

    const resumed = await runChild([data.path, fake.url, 'resume']);
    expect(resumed.stdout, resumed.stderr).toContain('done');
    expect(resumed.stdout).toContain(`started ${OFFLINE_EMBEDDER_ID}`);
    const statuses = statusLines(resumed.stdout);
    expect(statuses[0]).toMatchObject({ state: 'running', total: missing.length, done: 0 });
    expect(statuses.at(-1)).toMatchObject({ state: 'done', done: missing.length, total: missing.length });
    expect(embeddedTexts(fake.requests).sort()).toEqual([...missing].sort());

    const store = SqliteStore.open(data.path);
    try {
      expect(store.verifyIntegrity()).toEqual([]);
      expect(readActiveEmbedder(store)).toMatchObject({ id: GEMINI_ID, dim: GEMINI_DIM });
      expect(store.countChunkVectors(GEMINI_ID)).toBe(chunks);
      const { header } = readFaissFile(faissFileFor(data.path, GEMINI_ID));
      expect(header.count).toBe(chunks);
    } finally {
      store.close();
    }
  });
});
