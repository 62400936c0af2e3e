// Disk full while writing. The data folder sits on a small tmpfs (or, where mounting is not possible, behind
// a fault-injecting LD_PRELOAD layer): once indexed, the disk is filled and new files arrive. The engine must
// keep serving what it has, say clearly what went wrong, corrupt nothing, and index the rest once space
// returns, without a restart.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDataDir } from './support/consistency';
import { writeDocument } from './support/corpus';
import { makeDiskFull } from './support/disk-full';
import { requireBuild, sleep, tempDir, until } from './support/env';
import { handOver, openSession } from './support/session';

let work: { path: string; cleanup(): void };
beforeAll(() => {
  requireBuild();
  work = tempDir('lucarne-enospc-');
});
afterAll(() => work?.cleanup());

interface Hit {
  chunk: { text: string };
}

for (const prefer of ['tmpfs', 'preload'] as const) {
  describe(`disk full (${prefer})`, () => {
    it('serves, reports, does not corrupt, and resumes when space returns', async () => {
      const folder = join(work.path, `docs-${prefer}`);
      const data = join(work.path, `data-${prefer}`);
      const disk = makeDiskFull(data, work.path, { prefer, sizeMb: 48 });
      if (disk.kind !== prefer) {
        console.log(`disk full: ${prefer} is not available here, ${disk.kind} used instead`);
      }
      for (let i = 0; i < 8; i++) {
        await writeDocument(join(folder, `before ${i}.${i % 2 ? 'pdf' : 'md'}`), i % 2 ? 'pdf' : 'markdown', 100 + i, 800, `Before marker beforefull${i}.`);
      }
      handOver(folder);
      const s = await openSession(data, { env: disk.env });
      try {
        await s.call('library.addFolder', { path: folder });
        await s.idle();
        expect((await s.counts()).byStatus.indexed).toBe(8);

        disk.fill();
        for (let i = 0; i < 6; i++) {
          await writeDocument(join(folder, 'during', `during ${i}.${i % 2 ? 'docx' : 'md'}`), i % 2 ? 'docx' : 'markdown', 200 + i, 800, `During marker duringfull${i}.`);
        }
        handOver(folder);
        // Give the watcher and the queue time to try (and fail) to write.
        await until(
          'the new files to be seen',
          async () => (await s.documents()).filter((d) => d.path.includes('/during/')).length > 0 || null,
          30_000,
          250,
        ).catch(() => null);
        await sleep(8_000);
        // Still serving what is indexed.
        const before = await s.call<Hit[]>('search.query', { query: 'beforefull3', k: 3, mode: 'hybrid' });
        expect(before[0]?.chunk.text).toContain('beforefull3');
        const during = (await s.documents()).filter((d) => d.path.includes('/during/'));
        const said = [...during.map((d) => `${d.status}: ${d.message ?? ''}`), s.host.output()].join('\n');
        console.log(`while full (${disk.kind}):\n${during.map((d) => `${d.path.split('/').pop()}: ${d.status} ${d.message ?? ''}`).join('\n')}`);
        // A clear error: the user (document list) or at least the log says the disk is full.
        expect(said).toMatch(/disk is full|no space|ENOSPC|disk full|database or disk is full/i);

        disk.free();
        // Space is back: the rest gets indexed without a restart (the watcher or a retry path picks it up).
        await until(
          'the files written while the disk was full to be indexed',
          async () => {
            const docs = await s.documents();
            return docs.length === 14 && docs.every((d) => d.status === 'indexed');
          },
          120_000,
          500,
        );
        const hits = await s.call<Hit[]>('search.query', { query: 'duringfull4', k: 3, mode: 'hybrid' });
        expect(hits[0]?.chunk.text).toContain('duringfull4');
      } finally {
        await s.stop();
        const state = await checkDataDir(data);
        disk.dispose();
        expect(state.problems).toEqual([]);
      }
    });
  });
}
