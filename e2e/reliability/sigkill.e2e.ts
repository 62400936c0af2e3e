// SIGKILL and SIGTERM at random points of indexing. The shipped engine (out/main/host.js, with its bundled
// parse worker) indexes a folder of generated PDF, DOCX and Markdown files and is killed at a random moment
// (start-up, the catch-up scan, parsing, embedding), over and over, while files keep changing between runs.
// SIGKILL is a force-quit; SIGTERM a shutdown or a closed terminal, which stops gracefully. After every kill
// the data folder must reopen consistent (SQLite integrity, FTS5 against chunks, the FAISS index against
// the store's vectors); at every restart the queue resumes. At the end, with no Retry, the library is the
// one a clean run over the same files builds: same statuses, page and chunk counts, same top-10 results.
import { renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { libraryCounts, waitIdle } from '../../bench/children/wait-idle';
import { checkDataDir } from './test-support/consistency';
import { extensionOf, generateCorpus, writeDocument } from './test-support/corpus';
import { FULL, requireBuild, rng, sleep, tempDir } from './test-support/env';
import { connectApi } from './test-support/host-api';
import { type LibraryView, libraryView } from './test-support/library-view';
import { spawnHost } from './test-support/host-process';

const RUNS = Number(process.env.LUCARNE_KILL_RUNS ?? (FULL ? 60 : 20));
const TERMS = Number(process.env.LUCARNE_TERM_RUNS ?? (FULL ? 30 : 10));
const QUERIES = ['Edited in run', 'report budget', 'the committee decided', 'annual results', 'contract'];
const FILES = FULL ? 120 : 40;
const SEED = Number(process.env.LUCARNE_KILL_SEED ?? 20_240_611);

let work: { path: string; cleanup(): void };
beforeAll(() => {
  requireBuild();
  work = tempDir('lucarne-kill-');
});
afterAll(() => work?.cleanup());

describe('SIGKILL during indexing', () => {
  it(`reopens consistent after each of ${RUNS} SIGKILLs and ${TERMS} SIGTERMs, and ends as a clean run (seed ${SEED})`, async () => {
    const rand = rng(SEED);
    const folder = join(work.path, 'docs');
    const data = join(work.path, 'data');
    const corpus = await generateCorpus(folder, { files: FILES, seed: SEED % 1000, lengthScale: 0.6 });
    const files = corpus.files.map((f) => join(folder, f.relPath));
    const kinds = new Map(corpus.files.map((f) => [join(folder, f.relPath), f.kind]));
    const log: string[] = [];
    let killedWhileBusy = 0;
    let extra = 0;
    let terms = 0;

    for (let run = 0; run < RUNS + TERMS; run++) {
      // The SIGTERMs are spread among the SIGKILLs.
      const kill: NodeJS.Signals =
        terms < TERMS && rand() < (TERMS - terms) / (RUNS + TERMS - run) ? 'SIGTERM' : 'SIGKILL';
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
      host.kill(kill);
      const { code, signal } = await host.exited;
      if (kill === 'SIGTERM') {
        terms++;
        // A graceful stop: the engine ends by itself, whatever it was doing. Only a signal that comes while
        // Node is still loading the program (nothing printed, nothing opened) ends it the default way.
        if (signal !== null) expect({ signal, output: host.output() }).toEqual({ signal: 'SIGTERM', output: '' });
        else expect(code, host.output().slice(-3000)).toBe(0);
      }
      const state = await checkDataDir(data);
      const busy = state.pendingJobs > 0 || (state.byStatus.queued ?? 0) + (state.byStatus.indexing ?? 0) > 0;
      if (busy) killedWhileBusy++;
      log.push(
        `run ${run}: ${kill} ${Math.round(delay)} ms in (${signal ?? `exit ${code}`}), ${JSON.stringify(state.byStatus)}, ` +
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

    // The last run goes to the end, with no Retry: the queue resumes and drains; everything present is indexed.
    let afterKills: LibraryView;
    const host = spawnHost(data);
    try {
      const origin = await host.ready();
      const api = await connectApi(origin, host.token);
      const call = (name: string, args: unknown) => api.call(name, args);
      await waitIdle(call, { timeoutMs: 170_000 });
      const counts = await libraryCounts(call);
      expect(counts.documents, log.join('\n')).toBe(files.length);
      expect(counts.byStatus.indexed, `${JSON.stringify(counts.byStatus)}\n${log.join('\n')}`).toBe(files.length);
      afterKills = await libraryView(api, QUERIES);
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
    expect(killedWhileBusy, log.join('\n')).toBeGreaterThanOrEqual(Math.floor((RUNS + TERMS) / 2));
    expect(terms).toBe(TERMS);

    // A clean index of the same files, from nothing, in one run.
    const clean = spawnHost(join(work.path, 'clean'));
    try {
      const api = await connectApi(await clean.ready(), clean.token);
      await api.call('library.addFolder', { path: folder });
      await waitIdle((name, args) => api.call(name, args), { timeoutMs: 170_000 });
      const expected = await libraryView(api, QUERIES);
      expect(afterKills.documents).toEqual(expected.documents);
      expect(afterKills.searches).toEqual(expected.searches);
      api.close();
    } finally {
      await clean.stop();
    }
    console.log(
      `kills: ${RUNS} SIGKILL + ${terms} SIGTERM, ${killedWhileBusy} while indexing, ${extra} files added, none set aside\n${log.join('\n')}`,
    );
  });
});
