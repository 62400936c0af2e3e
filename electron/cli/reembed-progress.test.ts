// `lucarne index`'s wait for a pending re-embed, fed by a real library moving from the offline model to Gemini
// (the local fake server, slowed down): the progress line on a terminal and in a log, the end message, an
// interrupted wait, a failure, and nothing at all when no re-embed is pending.
import { Writable } from 'node:stream';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeGemini, startFakeGemini } from '../../test-support/fake-gemini/server';
import { tempDir } from '../engine/library/test-support/helpers';
import {
  embedderFromSpec,
  FAKE_KEY,
  geminiEmbedder,
  offlineEmbedder,
  writeDocs,
} from '../engine/library/test-support/reembed-fixtures';
import { openLibrary, parseInProcess } from '../engine/public/pipeline';
import type { CommandIo } from './command';
import { formatReembedLine, type ReembedSource, type ReembedStatus, runPendingReembed } from './reembed-progress';

type OpenLibrary = Awaited<ReturnType<typeof openLibrary>>;

function capture(isTTY: boolean): { io: CommandIo; err: () => string } {
  let err = '';
  const sink = (append: (s: string) => void) =>
    new Writable({
      write(chunk, _enc, cb) {
        append(String(chunk));
        cb();
      },
    });
  // A wide terminal: the whole line fits.
  const stderr = Object.assign(
    sink((s) => (err += s)),
    { columns: 200 },
  );
  return { io: { stdout: sink(() => {}), stderr, isTTY }, err: () => err };
}

const sourceOf = (lib: OpenLibrary): ReembedSource => ({
  status: async () => lib.reembedStatus(),
  onStatus: (listener) => {
    lib.onReembed = listener;
    return () => {
      lib.onReembed = undefined;
    };
  },
});

let fake: FakeGemini;
beforeAll(async () => {
  fake = await startFakeGemini({ apiKey: FAKE_KEY, responseDelayMs: 30 });
});
afterAll(() => fake.close());

describe('lucarne index: a pending re-embed', () => {
  let data: ReturnType<typeof tempDir>;
  let docs: ReturnType<typeof tempDir>;
  let lib: OpenLibrary;

  beforeEach(async () => {
    fake.reset();
    data = tempDir('lucarne-cli-reembed-');
    docs = tempDir('lucarne-cli-reembed-docs-');
    writeDocs(docs.path, 8, 6);
    lib = await openLibrary(data.path, {
      embedder: offlineEmbedder(),
      embedderFromSpec,
      reembedBatchSize: 4,
      library: { watch: false, parse: parseInProcess },
    });
    lib.store.setSetting('chunkTokens', 120);
    lib.store.setSetting('chunkOverlap', 0);
    await lib.library.addFolder(docs.path);
    await lib.library.start({ watch: false });
    await lib.library.whenIdle();
  });
  afterEach(async () => {
    await lib.close();
    data.cleanup();
    docs.cleanup();
  });

  it('draws done/total and an ETA on a terminal, then says which model search uses', async () => {
    await lib.changeEmbedder(geminiEmbedder(fake.url));
    const c = capture(true);
    const last = await runPendingReembed(sourceOf(lib), c.io, { progress: true });
    const chunks = lib.store.chunkCount();
    expect(last).toMatchObject({ state: 'done', done: chunks, total: chunks });
    expect(lib.embedder.id).toBe(last?.targetId);
    const lines = c.err().split('\r\x1b[2K').filter(Boolean);
    expect(
      lines.some((l) => /re-embedding for gemini:\S+: \d+\/\d+ chunks · [\d.]+ chunks\/s · ETA \d+:\d\d$/.test(l)),
    ).toBe(true);
    expect(c.err()).toContain(`Re-embedded ${chunks} chunks: search now uses ${last?.targetId}.`);
  });

  it('writes plain lines in a log, and stops waiting when interrupted', async () => {
    await lib.changeEmbedder(geminiEmbedder(fake.url));
    const c = capture(false);
    const stop = new AbortController();
    setTimeout(() => stop.abort(), 150);
    const last = await runPendingReembed(sourceOf(lib), c.io, { progress: true, signal: stop.signal });
    expect(last?.state).toBe('running');
    expect(c.err()).toMatch(/^re-embedding for gemini:\S+: \d+\/\d+ chunks · /);
    expect(c.err()).not.toContain('\r');
  });

  it('reports a failure', async () => {
    fake.script([{ type: 'http', status: 403, body: { error: { code: 403, message: 'denied' } }, only: 'embed' }]);
    await lib.changeEmbedder(geminiEmbedder(fake.url));
    const c = capture(false);
    const last = await runPendingReembed(sourceOf(lib), c.io, { progress: false });
    expect(last?.state).toBe('failed');
    expect(c.err()).toMatch(/^lucarne index: Re-embedding the library with gemini.* stopped: /);
  });

  it('does nothing when no re-embed is pending', async () => {
    const c = capture(true);
    expect(await runPendingReembed(sourceOf(lib), c.io, { progress: true })).toBeNull();
    expect(c.err()).toBe('');
  });
});

describe('formatReembedLine', () => {
  const status: ReembedStatus = {
    targetId: 'local:bge-small',
    activeId: 'offline',
    done: 30,
    total: 120,
    etaSeconds: 75,
    rate: 1.2,
    state: 'running',
  };

  it('shows the share done, the speed and the ETA, cut to the width', () => {
    expect(formatReembedLine(status)).toBe(
      '[#####...............] re-embedding for local:bge-small: 30/120 chunks · 1.2 chunks/s · ETA 1:15',
    );
    expect(formatReembedLine(status, 100, false)).toBe(
      're-embedding for local:bge-small: 30/120 chunks · 1.2 chunks/s · ETA 1:15',
    );
    expect(formatReembedLine(status, 30)).toHaveLength(30);
    expect(formatReembedLine({ ...status, state: 'switching', done: 120 })).toBe(
      '[####################] re-embedding for local:bge-small: 120/120 chunks · switching',
    );
  });
});
