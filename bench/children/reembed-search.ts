// Child: hybrid search latency while a background re-embed runs, against the same searches with nothing
// else running. A copy of a chunk library (offline vectors) is opened as the engine opens it; the searches
// go through hybridSearch() over the library's active store, vector index and embedder (what search.query
// runs), in this process, as requests arrive. ROUNDS times: SECONDS of searches idle, then the library
// re-embeds toward the tiny GGUF embedding model (changeEmbedder: batches to the model process, vectors into
// the store) and SECONDS of the same searches run meanwhile, then the re-embed is cancelled (it resumes at
// the next round). A phase cycles through the queries (one pass at least) because the re-embed touches the
// engine's thread once per batch (reading the next chunks, writing the vectors), about once a second here:
// a short phase would hardly meet it. Only searches that began and ended while the re-embed ran count.
// Also reported: the re-embed's speed alone and while the searches run, and its store calls' time.
// Usage: reembed-search.ts LIBRARY_DIR WORK_DIR QUERIES SECONDS ROUNDS
import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { GgufEmbedder, LlamaClient, writeTinyModels } from '../../electron/engine/public/local-models';
import { openLibrary } from '../../electron/engine/public/pipeline';
import { hybridSearch, OfflineEmbedder } from '../../electron/engine/public/retrieval';
import { seeded } from '../corpus/rng';
import { loadTextSource } from '../corpus/text-source';
import { sendResult } from '../lib/child';
import { summarize } from '../lib/stats';

const [libraryDir, workDir, queriesArg, secondsArg, roundsArg] = process.argv.slice(2);
const queryCount = Number(queriesArg ?? 100);
/** Each phase (idle searches, re-embed alone, searches during the re-embed) lasts this long (ms). */
const PHASE_MS = Number(secondsArg ?? 10) * 1000;
const ROUNDS = Number(roundsArg ?? 2);
const WARMUP = 15;

const rand = seeded(9);
const pool = [...loadTextSource().queries];
for (let i = pool.length - 1; i > 0; i--) {
  const j = Math.floor(rand() * (i + 1));
  [pool[i], pool[j]] = [pool[j], pool[i]];
}
const warmup = pool.slice(0, WARMUP);
const queries = pool.slice(WARMUP, WARMUP + queryCount);

const dir = join(workDir, 'reembed-search');
rmSync(dir, { recursive: true, force: true });
cpSync(libraryDir, dir, { recursive: true });
const models = await writeTinyModels();
const client = new LlamaClient({ env: { LUCARNE_LLAMA_GPU: '0' } });
const target = await GgufEmbedder.open({ modelPath: models.embed, queryPrefix: '', documentPrefix: '', client });
await target.embedDocuments(['warm up the model']);
// Not started: the chunk library's folder does not exist, and a scan would remove its documents.
const lib = await openLibrary(dir, { embedder: new OfflineEmbedder(), library: { watch: false } });

// The re-embed's own work on this thread (reading the next chunks, writing a batch's vectors), timed through
// thin wrappers of the store's two calls: what it can hold a search back by, apart from sharing the CPU.
const engineThread = { ms: 0, calls: 0, maxMs: 0 };
for (const name of ['chunksMissingVectors', 'putVectors'] as const) {
  const store = lib.store as unknown as Record<string, (...args: unknown[]) => unknown>;
  const original = store[name].bind(lib.store);
  store[name] = (...args: unknown[]) => {
    const t = performance.now();
    try {
      return original(...args);
    } finally {
      const ms = performance.now() - t;
      engineThread.ms += ms;
      engineThread.calls++;
      engineThread.maxMs = Math.max(engineThread.maxMs, ms);
    }
  };
}

/** The re-embed's progress as it reported it (at most ~4 times a second): its speed over a window. */
const progress: { at: number; done: number }[] = [];
lib.onReembed = (st) => progress.push({ at: performance.now(), done: st.done });
function rateBetween(from: number, to: number): number {
  const inside = progress.filter((p) => p.at >= from && p.at <= to);
  const a = inside[0];
  const b = inside.at(-1);
  return a && b && b.at > a.at ? ((b.done - a.done) * 1000) / (b.at - a.at) : 0;
}

/** Runs the queries in order, again and again, for PHASE_MS (one pass at least); `keep` drops a sample. */
async function searchPhase(keep: () => boolean = () => true): Promise<{ times: number[]; discarded: number }> {
  const times: number[] = [];
  let discarded = 0;
  const end = performance.now() + PHASE_MS;
  for (let i = 0; (i < queries.length || performance.now() < end) && keep(); i++) {
    // A search arrives as a request does (an I/O event, after whatever the event loop has queued: a batch of
    // vectors back from the model process, say), and is timed from then. Back-to-back calls without this
    // would run in one stretch of promise callbacks, holding off the re-embed's replies altogether.
    const t = performance.now();
    await yieldToEventLoop();
    await search(queries[i % queries.length]);
    const ms = performance.now() - t;
    if (keep()) times.push(ms);
    else discarded++;
  }
  return { times, discarded };
}

const search = (query: string) =>
  hybridSearch({ store: lib.store, vectors: lib.vectors, embedder: lib.embedder }, { query, k: 10, mode: 'hybrid' });
const running = () => lib.reembedStatus()?.state === 'running';
const doneSoFar = () => (running() ? (lib.reembedStatus()?.done ?? 0) : 0);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

try {
  for (const q of warmup) await search(q);
  const idle: number[] = [];
  const during: number[] = [];
  const duringRates: number[] = [];
  const thread = { ms: 0, calls: 0 };
  let aloneRate = 0;
  let discarded = 0;
  let endedEarly = false;
  // Idle and re-embedding phases alternate, so that a change in the machine's load (it is shared) falls on
  // both rather than on one; the re-embed is cancelled after each phase and resumes where it stopped.
  for (let round = 0; round < ROUNDS; round++) {
    idle.push(...(await searchPhase()).times);
    await lib.changeEmbedder(target);
    while (doneSoFar() === 0 && running()) await sleep(10); // a first batch stored: the model is at work
    if (round === 0) {
      const from = performance.now();
      await sleep(PHASE_MS);
      aloneRate = rateBetween(from, performance.now());
    }
    const from = performance.now();
    const before = { ...engineThread };
    const phase = await searchPhase(running);
    duringRates.push(rateBetween(from, performance.now()));
    during.push(...phase.times);
    discarded += phase.discarded;
    thread.ms += engineThread.ms - before.ms;
    thread.calls += engineThread.calls - before.calls;
    endedEarly ||= !running();
    // Choosing the active model again cancels the re-embed (what a user does who changes their mind); the
    // batch the model process was computing is dropped, and given time to end before the next idle phase.
    await lib.changeEmbedder(lib.embedder);
    await lib.whenReembedSettled();
    await sleep(500);
  }
  sendResult({
    chunks: lib.store.chunkCount(),
    idle: summarize(idle),
    during: summarize(during),
    discarded,
    reembedRunningAtEnd: !endedEarly,
    reembed: {
      aloneRate,
      duringSearchRate: duringRates.reduce((x, y) => x + y, 0) / Math.max(1, duringRates.length),
      embedded: lib.store.countChunkVectors(target.id),
      // The re-embed's store calls while the searches ran: their total time and count, and the longest (ms).
      engineThreadMs: thread.ms,
      engineThreadCalls: thread.calls,
      engineThreadMaxMs: engineThread.maxMs,
    },
  });
} finally {
  await lib.close();
  await client.dispose();
  models.cleanup();
  rmSync(dir, { recursive: true, force: true });
}
process.exit(0);
