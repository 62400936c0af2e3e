// The Engine's side of a change of embedding model, through the contract: choosing Gemini (the local fake
// server) in the settings re-embeds in the background while search keeps answering, the 'library.reembed'
// events and the 'library.reembedStatus' method report it (checked against their schemas by dispatch), and
// choosing the offline model again either cancels the re-embed or, once switched, switches back from the
// embedding cache without embedding anything again.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EventPayload, events as eventSchemas } from '../../shared/api';
import { type FakeGemini, startFakeGemini } from '../../test-support/fake-gemini/server';
import { Engine } from './index';
import { writeDocs } from './library/test-support/reembed-fixtures';
import { dispatch } from './rpc';

type Status = EventPayload<'library.reembed'>;

const KEY = 'engine-reembed-key';
const GEMINI_ID = 'gemini:gemini-embedding-001@64';
const OFFLINE_ID = 'offline:glove100-sif-v1';

let fake: FakeGemini;
let engine: Engine;
let root: string;
const reembeds: Status[] = [];

const call = async (method: string, args: unknown = {}) => {
  const r = await dispatch(method, args, { engine: engine.handle });
  if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
  return r.value as never;
};

async function until<T>(what: string, check: () => Promise<T | undefined> | T | undefined, ms = 30_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() - started > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

beforeAll(async () => {
  fake = await startFakeGemini({ apiKey: KEY, responseDelayMs: 150 });
  root = mkdtempSync(join(tmpdir(), 'lucarne-engine-reembed-'));
  const docs = join(root, 'docs');
  mkdirSync(docs);
  // 12 × 12 sections: three batches of 64 texts (the default batch) to re-embed.
  writeDocs(docs, 12, 12);
  engine = await Engine.open({ dataDir: join(root, 'data'), env: { GEMINI_BASE_URL: fake.url }, geminiKey: KEY });
  engine.onEvent((name, payload) => {
    if (name === 'library.reembed') reembeds.push(eventSchemas['library.reembed'].parse(payload));
  });
  await call('settings.set', { chunkTokens: 120, chunkOverlap: 0, geminiDimensions: 64 });
  await call('library.addFolder', { path: docs });
  await until('indexing', async () => {
    const { total } = (await call('library.listDocuments', { statuses: ['indexed'] })) as { total: number };
    return total === 12 ? true : undefined;
  });
  await engine.whenIdle();
});
afterAll(async () => {
  await engine?.close();
  await fake?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('Engine: changing the embedding model', () => {
  it('reports no re-embed before any change', async () => {
    expect(await call('library.reembedStatus')).toBeNull();
  });

  it('choosing the offline model again before the end cancels the re-embed', async () => {
    await call('settings.set', { provider: 'gemini' });
    await until('a first batch stored', async () =>
      ((await call('library.reembedStatus')) as Status).done > 0 ? true : undefined,
    );
    await call('settings.set', { provider: 'offline' });
    expect(await call('library.reembedStatus')).toMatchObject({ state: 'cancelled', targetId: GEMINI_ID });
    expect(reembeds.at(-1)).toMatchObject({ state: 'cancelled' });
  });

  it('choosing Gemini re-embeds in the background while search answers, then switches', async () => {
    reembeds.length = 0;
    await call('settings.set', { provider: 'gemini' });
    const running = (await call('library.reembedStatus')) as Status;
    expect(running).toMatchObject({ state: 'running', targetId: GEMINI_ID, activeId: OFFLINE_ID });
    // Part of it was done by the cancelled run: only the rest is to do.
    const chunks = (await call('library.listFolders')) as { chunks: number }[];
    expect(running.total).toBeLessThan(chunks[0].chunks);
    const hits = (await call('search.query', { query: 'river mountain lantern', k: 3, mode: 'vector' })) as unknown[];
    expect(hits).toHaveLength(3);

    const done = await until('the switch', () => reembeds.find((s) => s.state === 'done'));
    expect(done).toMatchObject({ targetId: GEMINI_ID, total: running.total, done: running.total });
    expect(reembeds.some((s) => s.state === 'switching')).toBe(true);
    expect(await call('library.reembedStatus')).toMatchObject({ state: 'done' });
    // Vector search now embeds the query with Gemini.
    const before = fake.requests.length;
    const after = (await call('search.query', { query: 'river mountain lantern', k: 3, mode: 'vector' })) as unknown[];
    expect(after).toHaveLength(3);
    expect(fake.requests.length).toBe(before + 1);
  });

  it('switching back to the offline model reuses its cached vectors: nothing is embedded again', async () => {
    reembeds.length = 0;
    await call('settings.set', { provider: 'offline' });
    const done = await until('the switch back', () => reembeds.find((s) => s.state === 'done'));
    expect(done).toMatchObject({ targetId: OFFLINE_ID, activeId: GEMINI_ID, done: 0, total: 0 });
    const before = fake.requests.length;
    const hits = (await call('search.query', { query: 'river mountain lantern', k: 3, mode: 'vector' })) as unknown[];
    expect(hits).toHaveLength(3);
    expect(fake.requests.length).toBe(before);
  });
});
