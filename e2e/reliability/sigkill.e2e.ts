// SIGKILL at random points of indexing. The shipped engine (out/main/host.js, with its bundled parse
// worker) indexes a folder of generated PDF, DOCX and Markdown files and is killed with SIGKILL at a random
// moment, over and over, while files keep changing between runs. After every kill the data folder must
// reopen consistent (SQLite integrity, FTS5 against chunks, the FAISS index against the store's vectors);
// at every restart the queue resumes; at the end everything is indexed and searchable.
import { renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { libraryCounts, waitIdle } from '../../bench/children/wait-idle';
import { checkDataDir } from './support/consistency';
import { extensionOf, generateCorpus, writeDocument } from './support/corpus';
import { FULL, requireBuild, rng, sleep, tempDir } from './support/env';
import { connectApi } from './support/host-api';
import { spawnHost } from './support/host-process';

const RUNS = Number(process.env.LUCARNE_KILL_RUNS ?? (FULL ? 60 : 20));
const FILES = FULL ? 120 : 40;
const SEED = Number(process.env.LUCARNE_KILL_SEED ?? 20_240_611);

let work: { path: string; cleanup(): void };
beforeAll(() => {
  requireBuild();
  work = tempDir('lucarne-kill-');
});
afterAll(() => work?.cleanup());

describe('SIGKILL during indexing', () => {
  it(`reopens consistent after each of ${RUNS} kills and resumes the queue (seed ${SEED})`, async () => {
    const rand = rng(SEED);
    const folder = join(work.path, 'docs');
    const data = join(work.path, 'data');
    const corpus = await generateCorpus(folder, { files: FILES, seed: SEED % 1000, lengthScale: 0.6 });
    const files = corpus.files.map((f) => join(folder, f.relPath));
    const kinds = new Map(corpus.files.map((f) => [join(folder, f.relPath), f.kind]));
    const log: string[] = [];
    let killedWhileBusy = 0;
    let extra = 0;
    let setAside = 0;

    for (let run = 0; run < RUNS; run++) {
      const host = spawnHost(data);
      let delay: number;
      if (run === 0) {
        const origin = await host.ready();
        const api = await connectApi(origin, host.token);
        await api.call('library.addFolder', { path: folder });
        api.close();
        delay = 200 + rand() * 2500;
        await Promise.race([sleep(delay), host.exited]);
      } else if (rand() < 0.25) {
        // While the engine opens: store, FAISS file, recovery of the queue.
        delay = 200 + rand() * 1300;
        await Promise.race([sleep(delay), host.exited]);
      } else {
        // While it works through what the catch-up scan queued.
        await host.ready().catch(() => undefined);
        delay = rand() * 2000;
        await Promise.race([sleep(delay), host.exited]);
      }
      host.kill('SIGKILL');
      const { signal } = await host.exited;
      const state = await checkDataDir(data);
      const busy = state.pendingJobs > 0 || (state.byStatus.queued ?? 0) + (state.byStatus.indexing ?? 0) > 0;
      if (signal === 'SIGKILL' && busy) killedWhileBusy++;
      log.push(
        `run ${run}: killed ${Math.round(delay)} ms in (${signal ?? 'exited'}), ${JSON.stringify(state.byStatus)}, ` +
          `${state.chunks} chunks, ${state.vectors} vectors, ${state.pendingJobs} jobs, faiss ${state.faiss?.source ?? '-'}`,
      );
      expect(state.problems, `${log.join('\n')}\n${host.output().slice(-3000)}`).toEqual([]);

      // Churn, so every restart has work queued by its catch-up scan: edit, add, rename, delete.
      const pick = () => files[Math.floor(rand() * files.length)];
      for (const [j, path] of [pick(), pick()].entries()) {
        await writeDocument(path, kinds.get(path)!, SEED + 2 * run + j, 500 + 400 * j, `Edited in run ${run}.`);
      }
      for (const [j, kind] of [kinds.get(pick())!, 'pdf' as const].entries()) {
        const added = join(folder, 'added', `new ${run}-${j}.${extensionOf(kind)}`);
        // The second one is a long PDF: enough work that the next kill lands in the middle of it.
        await writeDocument(added, kind, SEED + 1000 + 2 * run + j, j === 1 ? 12_000 : 400);
        files.push(added);
        kinds.set(added, kind);
        extra++;
      }
      if (run % 3 === 2) {
        const from = pick();
        const to = `${from}.moved-${run}.${from.split('.').pop()}`;
        renameSync(from, to);
        files[files.indexOf(from)] = to;
        kinds.set(to, kinds.get(from)!);
      }
      if (run % 4 === 3) {
        const gone = pick();
        rmSync(gone);
        files.splice(files.indexOf(gone), 1);
      }
    }

    // The last run goes to the end: the queue resumes and drains; everything present is indexed.
    const host = spawnHost(data);
    try {
      const origin = await host.ready();
      const api = await connectApi(origin, host.token);
      const call = (name: string, args: unknown) => api.call(name, args);
      await waitIdle(call, { timeoutMs: 170_000 });
      // A file that was being indexed at several kills in a row is set aside as "stopped unexpectedly N
      // times" (the engine's guard against files that crash it): legitimate here, and Retry must bring it back.
      const failed = await api.call<{ items: { id: number; path: string; message: string | null }[] }>(
        'library.listDocuments',
        { statuses: ['failed'], limit: 1000 },
      );
      for (const d of failed.items) expect(d.message ?? '', d.path).toMatch(/stopped unexpectedly \d+ times/);
      setAside = failed.items.length;
      for (const d of failed.items) await api.call('library.retry', { documentId: d.id });
      await waitIdle(call, { timeoutMs: 120_000 });
      const counts = await libraryCounts(call);
      expect(counts.documents, log.join('\n')).toBe(files.length);
      expect(counts.byStatus.indexed, JSON.stringify(counts.byStatus)).toBe(files.length);
      const hits = await api.call<{ chunk: { path: string; text: string } }[]>('search.query', {
        query: `Edited in run ${RUNS - 1}`,
        k: 5,
        mode: 'bm25',
      });
      expect(hits.some((h) => h.chunk.text.includes(`Edited in run ${RUNS - 1}`))).toBe(true);
      api.close();
    } finally {
      await host.stop();
    }
    const final = await checkDataDir(data);
    expect(final.problems).toEqual([]);
    expect(final.pendingJobs).toBe(0);
    expect(final.vectors).toBe(final.chunks);
    // Most kills must have hit real work, or the test proves little.
    expect(killedWhileBusy, log.join('\n')).toBeGreaterThanOrEqual(Math.floor(RUNS / 2));
    console.log(
      `SIGKILL: ${RUNS} kills, ${killedWhileBusy} while indexing, ${extra} files added, ${setAside} set aside then retried\n${log.join('\n')}`,
    );
  });
});
