// Changing the embedding model re-embeds the library in the background: search keeps the old model until an
// atomic switch, progress reaches done = total, switching back cancels, files indexed meanwhile end with vectors
// for both models, a failure leaves the old model in place, and a library without a way to rebuild the old
// model switches at once. Real parts only: the offline embedder, Gemini's client against the local fake Gemini
// server (slowed down so the re-embed takes a while), real SQLite and FAISS, the real Markdown parser.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { type FakeGemini, startFakeGemini } from '../../../test-support/fake-gemini/server';
import { OFFLINE_EMBEDDER_ID } from '../embed/offline';
import { parseInProcess } from '../parse/index';
import { searchAnyBackend } from '../search';
import { saveSettings } from '../settings';
import { ACTIVE_EMBEDDER_KEY, readActiveEmbedder } from './active-embedder';
import { type OpenLibrary, openLibrary, type ReembedStatus } from './open-library';
import { markdownDoc, paragraph, tempDir } from './test-support/helpers';
import {
  embeddedTexts,
  embedderFromSpec,
  FAKE_KEY,
  GEMINI_DIM,
  geminiEmbedder,
  offlineEmbedder,
  writeDocs,
} from './test-support/reembed-fixtures';

const GEMINI_ID = `gemini:gemini-embedding-001@${GEMINI_DIM}`;

let fake: FakeGemini;
beforeAll(async () => {
  // Every embedding request waits a little: the re-embed spans many event-loop turns, as with a real model.
  fake = await startFakeGemini({ apiKey: FAKE_KEY, responseDelayMs: 40 });
});
afterAll(() => fake.close());

describe('background re-embed', () => {
  let data: ReturnType<typeof tempDir>;
  let docs: ReturnType<typeof tempDir>;
  let lib: OpenLibrary | null = null;
  let statuses: ReembedStatus[];

  beforeEach(() => {
    fake.reset();
    data = tempDir('lucarne-reembed-data-');
    docs = tempDir('lucarne-reembed-docs-');
    statuses = [];
  });
  afterEach(async () => {
    await lib?.close();
    lib = null;
    data.cleanup();
    docs.cleanup();
  });

  /** A library indexed with the offline model: `files` documents of 6 sections (one chunk each). */
  async function indexedLibrary(files = 6): Promise<OpenLibrary> {
    writeDocs(docs.path, files, 6);
    const opened = await openLibrary(data.path, {
      embedder: offlineEmbedder(),
      embedderFromSpec,
      reembedBatchSize: 4,
      onReembed: (s) => statuses.push(s),
      library: { watch: false, parse: parseInProcess, flushIntervalMs: 100 },
    });
    saveSettings(opened.store, { chunkTokens: 120, chunkOverlap: 0 });
    await opened.library.addFolder(docs.path);
    await opened.library.start({ watch: false });
    await opened.library.whenIdle();
    lib = opened;
    return opened;
  }

  const distinctTexts = (l: OpenLibrary) => {
    const all = l.store.listDocuments({ limit: 1000 }).items.flatMap((d) => l.store.documentChunks(d.id));
    return new Map(all.map((c) => [c.sha256, c.text]));
  };

  const vectorSearch = (l: OpenLibrary, query: string) => {
    const { store, vectors, embedder } = l;
    return searchAnyBackend({ store, vectors, embedder }, { query, k: 5, mode: 'vector' });
  };

  it('keeps searching with the old model, then switches atomically to the new one', async () => {
    const l = await indexedLibrary();
    const chunks = l.store.chunkCount();
    const texts = distinctTexts(l);
    expect(chunks).toBeGreaterThan(30);
    const query = [...texts.values()][7];
    const before = await vectorSearch(l, query);
    expect(before.length).toBe(5);
    // What a search that began just before the switch holds on to.
    const oldDeps = { store: l.store, vectors: l.vectors, embedder: l.embedder };

    await l.changeEmbedder(geminiEmbedder(fake.url));
    expect(l.reembedStatus()).toMatchObject({ state: 'running', targetId: GEMINI_ID, activeId: OFFLINE_EMBEDDER_ID });

    // Search as fast as possible while the re-embed runs: each search sees one model's complete index.
    const seen = new Set<string>();
    let searches = 0;
    let settled = false;
    const done = l.whenReembedSettled().finally(() => {
      settled = true;
    });
    while (!settled) {
      const { vectors, embedder } = l;
      expect(vectors.model).toBe(embedder.id);
      expect(await vectors.count()).toBe(chunks);
      const hits = await vectorSearch(l, query);
      expect(hits.length).toBe(5);
      if (vectors.model === OFFLINE_EMBEDDER_ID) expect(hits).toEqual(before);
      seen.add(vectors.model);
      searches++;
      await new Promise((r) => setTimeout(r, 2));
    }
    const last = await done;
    expect(searches).toBeGreaterThan(10);
    expect(seen.has(OFFLINE_EMBEDDER_ID)).toBe(true);

    // Switched: the new model's index is complete and the store says which model is active.
    expect(last).toMatchObject({ state: 'done', targetId: GEMINI_ID });
    expect(l.embedder.id).toBe(GEMINI_ID);
    expect(l.vectors.model).toBe(GEMINI_ID);
    expect(await l.vectors.count()).toBe(chunks);
    expect(readActiveEmbedder(l.store)).toMatchObject({ id: GEMINI_ID, dim: GEMINI_DIM, spec: { kind: 'gemini' } });
    // A search that began with the old model still finishes with it (the old index closes a little later).
    expect(await searchAnyBackend(oldDeps, { query, k: 5, mode: 'vector' })).toEqual(before);
    const after = await vectorSearch(l, query);
    expect(after.map((h) => h.chunk.id)).not.toEqual(before.map((h) => h.chunk.id));
    // The fake's vectors are a bag of words: the chunk whose text is the query comes first.
    expect(texts.get(l.store.getChunks([after[0].chunk.id])[0].sha256)).toBe(query);

    // Each distinct text was sent once, none twice.
    const sent = embeddedTexts(fake.requests);
    expect(new Set(sent).size).toBe(sent.length);
    expect(new Set(sent)).toEqual(new Set(texts.values()));

    // Progress: running with a rate and an ETA, then switching, then done with done = total.
    const running = statuses.filter((s) => s.state === 'running');
    expect(running.some((s) => s.etaSeconds !== null && s.etaSeconds > 0 && s.rate > 0)).toBe(true);
    for (let i = 1; i < running.length; i++) expect(running[i].done).toBeGreaterThanOrEqual(running[i - 1].done);
    const states = statuses.map((s) => s.state).filter((s, i, all) => s !== all[i - 1]);
    expect(states).toEqual(['running', 'switching', 'done']);
    const final = statuses.at(-1)!;
    expect(final.done).toBe(chunks);
    expect(final.total).toBe(chunks);
    // The library was restarted over the new model.
    expect(l.library.isStarted).toBe(true);
  });

  it('switching back cancels; choosing the target again resumes from the vectors already made', async () => {
    const l = await indexedLibrary();
    const texts = distinctTexts(l);
    await l.changeEmbedder(geminiEmbedder(fake.url));
    await fake.waitFor((reqs) => reqs.filter((r) => r.kind === 'embed' && r.completed).length >= 3, 10_000);
    await l.changeEmbedder(offlineEmbedder());
    expect(l.reembedStatus()?.state).toBe('cancelled');
    expect(l.embedder.id).toBe(OFFLINE_EMBEDDER_ID);
    expect(readActiveEmbedder(l.store)?.id).toBe(OFFLINE_EMBEDDER_ID);
    const cancelledAt = Date.now();
    const cached = l.store.getVectors([...texts.keys()], GEMINI_ID);
    expect(cached.size).toBeGreaterThanOrEqual(8);
    expect(cached.size).toBeLessThan(texts.size);
    // Nothing more is sent once cancelled (a request already on its way may still be recorded just after).
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.requests.filter((r) => r.receivedAt > cancelledAt + 100)).toEqual([]);
    const requests = fake.requests.length;
    const firstRun = embeddedTexts(fake.requests);

    await l.changeEmbedder(geminiEmbedder(fake.url));
    const status = await l.whenReembedSettled();
    expect(status).toMatchObject({ state: 'done' });
    expect(l.embedder.id).toBe(GEMINI_ID);
    // Only what the first run had not stored was sent again, each text once (a batch the cancel cut short
    // was not stored, so it is among them).
    const secondRun = embeddedTexts(fake.requests.slice(requests));
    const missing = [...texts].filter(([sha]) => !cached.has(sha)).map(([, text]) => text);
    expect(secondRun.sort()).toEqual(missing.sort());
    expect(new Set([...firstRun, ...secondRun])).toEqual(new Set(texts.values()));
    expect(status!.total).toBe(missing.length);
    expect(status!.done).toBe(missing.length);
  });

  it('a file indexed during the re-embed ends with vectors for both models', async () => {
    const l = await indexedLibrary(4);
    await l.changeEmbedder(geminiEmbedder(fake.url));
    const extra = tempDir('lucarne-reembed-late-');
    onTestFinished(() => extra.cleanup());
    writeFileSync(join(extra.path, 'late.md'), markdownDoc('Late arrival', 5, 900));
    await l.library.addFolder(extra.path);
    await l.library.whenIdle();
    // The premise: the file was indexed (with the active model) while the re-embed still ran.
    expect(l.reembedStatus()?.state).toBe('running');
    const late = l.store.getDocumentByPath(join(extra.path, 'late.md'))!;
    expect(late.status).toBe('indexed');
    const ids = l.store.documentChunks(late.id).map((c) => c.id);
    expect(l.store.vectorsForChunks(ids, OFFLINE_EMBEDDER_ID).size).toBe(ids.length);

    expect(await l.whenReembedSettled()).toMatchObject({ state: 'done' });
    expect(l.store.vectorsForChunks(ids, OFFLINE_EMBEDDER_ID).size).toBe(ids.length);
    expect(l.store.vectorsForChunks(ids, GEMINI_ID).size).toBe(ids.length);
    expect(await l.vectors.count()).toBe(l.store.chunkCount());
    const sent = new Set(embeddedTexts(fake.requests));
    for (const c of l.store.documentChunks(late.id)) expect(sent.has(c.text)).toBe(true);
    expect(statuses.at(-1)).toMatchObject({ state: 'done', done: l.store.chunkCount() });
  });

  it('a failing model leaves the old one in place, says why, and the next change retries', async () => {
    const l = await indexedLibrary(3);
    fake.script([
      {
        type: 'http',
        status: 403,
        body: { error: { code: 403, message: 'nope', status: 'PERMISSION_DENIED' } },
        only: 'embed',
      },
    ]);
    await l.changeEmbedder(geminiEmbedder(fake.url));
    const failed = await l.whenReembedSettled();
    expect(failed?.state).toBe('failed');
    expect(failed?.error).toMatch(/Re-embedding the library with gemini.*Search keeps using offline/s);
    expect(l.embedder.id).toBe(OFFLINE_EMBEDDER_ID);
    expect((await vectorSearch(l, paragraph(1))).length).toBe(5);

    await l.changeEmbedder(geminiEmbedder(fake.url));
    expect(await l.whenReembedSettled()).toMatchObject({ state: 'done' });
    expect(l.embedder.id).toBe(GEMINI_ID);
  });

  it('a paused library is still paused after the switch', async () => {
    const l = await indexedLibrary(2);
    l.library.pause();
    await l.changeEmbedder(geminiEmbedder(fake.url));
    expect(await l.whenReembedSettled()).toMatchObject({ state: 'done' });
    expect(l.embedder.id).toBe(GEMINI_ID);
    expect(l.library.isStarted).toBe(true);
    expect(l.library.progress().state).toBe('paused');
  });

  it('switchEmbedder still switches at once (the library catch-up embeds everything)', async () => {
    const l = await indexedLibrary(2);
    await l.switchEmbedder(geminiEmbedder(fake.url));
    expect(l.embedder.id).toBe(GEMINI_ID);
    expect(readActiveEmbedder(l.store)?.id).toBe(GEMINI_ID);
    await l.library.whenIdle();
    expect(await l.vectors.count()).toBe(l.store.chunkCount());
    expect(l.reembedStatus()).toBeNull();
  });
});

describe('the active model at open', () => {
  let data: ReturnType<typeof tempDir>;
  let docs: ReturnType<typeof tempDir>;
  beforeEach(() => {
    fake.reset();
    data = tempDir('lucarne-reembed-open-');
    docs = tempDir('lucarne-reembed-open-docs-');
    writeDocs(docs.path, 2, 4);
  });
  afterEach(() => {
    data.cleanup();
    docs.cleanup();
  });

  async function indexOffline(): Promise<number> {
    const l = await openLibrary(data.path, {
      embedder: offlineEmbedder(),
      library: { watch: false, parse: parseInProcess },
    });
    saveSettings(l.store, { chunkTokens: 120, chunkOverlap: 0 });
    await l.library.addFolder(docs.path);
    await l.library.start({ watch: false });
    await l.library.whenIdle();
    const n = l.store.chunkCount();
    await l.close();
    return n;
  }

  it('without a way to rebuild the old model, the target is active at once', async () => {
    const chunks = await indexOffline();
    const l = await openLibrary(data.path, {
      embedder: geminiEmbedder(fake.url),
      embedderFromSpec: () => null, // e.g. its model file is gone
      library: { watch: false, parse: parseInProcess },
    });
    try {
      expect(l.embedder.id).toBe(GEMINI_ID);
      expect(readActiveEmbedder(l.store)?.id).toBe(GEMINI_ID);
      expect(l.reembedStatus()).toBeNull();
      await l.library.start({ watch: false });
      await l.library.whenIdle();
      expect(await l.vectors.count()).toBe(chunks);
    } finally {
      await l.close();
    }
  });

  it('a rebuilder that throws, or a data folder without the record, also opens with the target', async () => {
    await indexOffline();
    const l = await openLibrary(data.path, {
      embedder: geminiEmbedder(fake.url),
      embedderFromSpec: () => {
        throw new Error('no key');
      },
      library: { watch: false, parse: parseInProcess },
    });
    expect(l.embedder.id).toBe(GEMINI_ID);
    // A folder from before the record: no meta, so no resume either.
    l.store.setMeta(ACTIVE_EMBEDDER_KEY, null);
    await l.close();
    const again = await openLibrary(data.path, {
      embedder: offlineEmbedder(),
      embedderFromSpec,
      library: { watch: false, parse: parseInProcess },
    });
    try {
      expect(again.embedder.id).toBe(OFFLINE_EMBEDDER_ID);
      expect(again.reembedStatus()).toBeNull();
      expect(readActiveEmbedder(again.store)).toMatchObject({ id: OFFLINE_EMBEDDER_ID, spec: { kind: 'offline' } });
    } finally {
      await again.close();
    }
  });

  it('an unreadable record is ignored', async () => {
    await indexOffline();
    const l = await openLibrary(data.path, { embedder: offlineEmbedder(), library: { watch: false } });
    try {
      l.store.setMeta(ACTIVE_EMBEDDER_KEY, '{not json');
      expect(readActiveEmbedder(l.store)).toBeNull();
      l.store.setMeta(ACTIVE_EMBEDDER_KEY, JSON.stringify({ id: 'x', dim: -1 }));
      expect(readActiveEmbedder(l.store)).toBeNull();
    } finally {
      await l.close();
    }
  });
});
