// The queue's order without reading every job: with 100,000 queued files, working out the next position
// by scanning the table made each enqueue O(n) and queueing a big folder quadratic (the engine stopped
// answering for minutes). The plan is checked, not the time: every lookup of the next position must be an
// index seek on one state.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NEXT_SEQ } from './jobs';
import { openDatabase } from './open-database';
import { SqliteStore } from './sqlite';

describe('job queue order', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'lucarne-jobs-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('finds the next position with one index seek per state, never a scan of all jobs', () => {
    const db = openDatabase(dir);
    try {
      const plan = db
        .prepare(`EXPLAIN QUERY PLAN SELECT ${NEXT_SEQ}`)
        .all()
        .map((r) => (r as { detail: string }).detail);
      const onJobs = plan.filter((d) => /\bjobs\b/.test(d));
      expect(onJobs.length).toBeGreaterThan(0);
      for (const d of onJobs) expect(d).toMatch(/^SEARCH jobs USING (COVERING )?INDEX jobs_state_seq \(state=\?\)$/);
    } finally {
      db.close();
    }
  });

  it('queues at the back, behind running jobs too; a retried job goes to the back', () => {
    const store = SqliteStore.open(dir);
    try {
      const folder = store.addFolder(dir, { include: [], exclude: [] });
      for (const p of ['a', 'b', 'c']) store.enqueueJob('index', folder.id, join(dir, p));
      const a = store.claimNextJob()!;
      const b = store.claimNextJob()!;
      expect([a.path, b.path]).toEqual([join(dir, 'a'), join(dir, 'b')]);
      store.finishJob(b.id);
      store.failJob(a.id, 'try again', true); // a (running) moves behind c
      store.enqueueJob('index', folder.id, join(dir, 'd')); // d behind a
      const order = [store.claimNextJob(), store.claimNextJob(), store.claimNextJob(), store.claimNextJob()];
      expect(order.map((j) => j?.path ?? null)).toEqual([join(dir, 'c'), join(dir, 'a'), join(dir, 'd'), null]);
      // Only running jobs left: a new one still goes behind them.
      store.enqueueJob('index', folder.id, join(dir, 'e'));
      expect(store.claimNextJob()?.path).toBe(join(dir, 'e'));
    } finally {
      store.close();
    }
  });
});
