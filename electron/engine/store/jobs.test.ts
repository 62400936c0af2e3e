// The queue's order without reading every job: with 100,000 queued files, working out the next position
// by scanning the table made each enqueue O(n) and queueing a big folder quadratic (the engine stopped
// answering for minutes). The plan is checked, not the time: every lookup of the next position must be an
// index seek on one state.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_ATTEMPTS, MAX_DEATHS, NEXT_SEQ } from './jobs';
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
      for (const p of ['a', 'b', 'c']) store.jobs.enqueue('index', folder.id, join(dir, p));
      const a = store.jobs.claim()!;
      const b = store.jobs.claim()!;
      expect([a.path, b.path]).toEqual([join(dir, 'a'), join(dir, 'b')]);
      store.jobs.finish(b);
      store.jobs.fail(a, 'try again'); // a (running) moves behind c
      store.jobs.enqueue('index', folder.id, join(dir, 'd')); // d behind a
      const order = [store.jobs.claim(), store.jobs.claim(), store.jobs.claim(), store.jobs.claim()];
      expect(order.map((j) => j?.path ?? null)).toEqual([join(dir, 'c'), join(dir, 'a'), join(dir, 'd'), null]);
      // Only running jobs left: a new one still goes behind them.
      store.jobs.enqueue('index', folder.id, join(dir, 'e'));
      expect(store.jobs.claim()?.path).toBe(join(dir, 'e'));
    } finally {
      store.close();
    }
  });
});

describe('blame for deaths of the process (crash marks)', () => {
  let dir: string;
  let store: SqliteStore;
  let folderId: number;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'lucarne-blame-'));
    store = SqliteStore.open(dir);
    folderId = store.addFolder(dir, { include: [], exclude: [] }).id;
  });
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The process dies (nothing finishes, nothing is cleaned up) and starts again. */
  const die = () => {
    store.close();
    store = SqliteStore.open(dir);
    store.jobs.recover();
  };
  const file = (name: string) => join(dir, name);

  it('a claimed job the process died holding, without working on its file, is not to blame', () => {
    for (let i = 0; i < MAX_DEATHS + 2; i++) {
      store.jobs.enqueue('index', folderId, file('a.pdf'));
      store.jobs.claim(); // claimed, then killed while e.g. the catch-up scan still runs
      die();
    }
    const job = store.jobs.claim()!;
    expect(store.jobs.deaths(job.path)).toBe(0);
    expect(store.jobs.exhausted(job)).toBe(false);
  });

  it('deaths at the same point of one file, with no progress between them, set it aside', () => {
    for (let i = 1; i <= MAX_DEATHS; i++) {
      store.jobs.enqueue('index', folderId, file('crash.pdf'));
      const job = store.jobs.claim()!;
      expect(store.jobs.exhausted(job)).toBe(false);
      store.jobs.at(job.path, 'parse:read:3');
      die();
      expect(store.jobs.deaths(file('crash.pdf'))).toBe(i);
    }
    const job = store.jobs.claim()!;
    expect(job.path).toBe(file('crash.pdf'));
    expect(store.jobs.exhausted(job)).toBe(true);
    store.jobs.setAside(job);
    expect(store.jobs.pending()).toBe(0);
  });

  it('kills at different points are not a crash loop: the count starts over', () => {
    const points = ['parse:read:1', 'parse:read:7', 'embed:0', 'embed:0', 'store', 'parse:read:2'];
    const counts: number[] = [];
    for (const point of points) {
      store.jobs.enqueue('index', folderId, file('big.pdf'));
      const job = store.jobs.claim()!;
      store.jobs.at(job.path, point);
      die();
      counts.push(store.jobs.deaths(file('big.pdf')));
    }
    expect(counts).toEqual([1, 1, 1, 2, 1, 1]);
  });

  it('another file finishing in between forgives earlier deaths; finishing the file clears its record', () => {
    store.jobs.enqueue('index', folderId, file('a.pdf'));
    store.jobs.at(file('a.pdf'), 'parse:start');
    die();
    store.jobs.at(file('a.pdf'), 'parse:start');
    die();
    expect(store.jobs.deaths(file('a.pdf'))).toBe(2);
    store.jobs.enqueue('index', folderId, file('b.md'));
    const a = store.jobs.claim()!;
    const b = store.jobs.claim()!;
    store.jobs.finish(b);
    expect(store.jobs.deaths(file('a.pdf'))).toBe(0);
    store.jobs.at(a.path, 'parse:start');
    die();
    expect(store.jobs.deaths(file('a.pdf'))).toBe(1);
    store.jobs.finish(store.jobs.claim()!);
    expect(store.jobs.deaths(file('a.pdf'))).toBe(0);
    expect(store.jobs.anyDeaths()).toBe(false);
  });

  it('a file parsed ahead (marked while still pending) is blamed too; one never started is not', () => {
    store.jobs.enqueue('index', folderId, file('current.pdf'));
    store.jobs.enqueue('index', folderId, file('ahead.pdf'));
    store.jobs.enqueue('index', folderId, file('later.pdf'));
    store.jobs.claim();
    store.jobs.at(file('ahead.pdf'), 'parse:start');
    die();
    expect(store.jobs.deaths(file('ahead.pdf'))).toBe(1);
    expect(store.jobs.deaths(file('current.pdf'))).toBe(0);
    expect(store.jobs.deaths(file('later.pdf'))).toBe(0);
    expect(store.jobs.anyDeaths()).toBe(true); // the loop now works one file at a time
  });

  it('a graceful stop (disarmAll) or an interrupted job (requeue) blames nothing', () => {
    store.jobs.enqueue('index', folderId, file('a.pdf'));
    let job = store.jobs.claim()!;
    store.jobs.at(job.path, 'embed:2');
    store.jobs.disarmAll();
    die();
    expect(store.jobs.deaths(job.path)).toBe(0);
    job = store.jobs.claim()!;
    store.jobs.at(job.path, 'embed:2');
    store.jobs.requeue(job);
    die();
    expect(store.jobs.deaths(job.path)).toBe(0);
    expect(store.jobs.pending()).toBe(1);
  });

  it('a set-aside file queued again (a user action or a change) gets exactly one more try', () => {
    const path = file('crash.pdf');
    for (let i = 0; i < MAX_DEATHS; i++) {
      store.jobs.enqueue('index', folderId, path);
      store.jobs.at(path, 'parse:start');
      die();
    }
    const job = store.jobs.claim()!;
    expect(store.jobs.exhausted(job)).toBe(true);
    store.jobs.setAside(job);
    // Other files finishing do not wipe a set-aside file's record...
    store.jobs.enqueue('index', folderId, file('ok.md'));
    store.jobs.finish(store.jobs.claim()!);
    expect(store.jobs.deaths(path)).toBe(MAX_DEATHS);
    // ...queueing it again gives one try,
    store.jobs.enqueue('index', folderId, path);
    const retry = store.jobs.claim()!;
    expect(store.jobs.exhausted(retry)).toBe(false);
    // and one more death at the same point sets it aside again.
    store.jobs.at(path, 'parse:start');
    die();
    expect(store.jobs.exhausted(store.jobs.claim()!)).toBe(true);
  });

  it('handled failures count apart, up to MAX_ATTEMPTS', () => {
    store.jobs.enqueue('index', folderId, file('bad.pdf'));
    const runs: boolean[] = [];
    for (;;) {
      const job = store.jobs.claim();
      if (!job) break;
      runs.push(store.jobs.fail(job, 'unexpected'));
    }
    expect(runs).toEqual([...Array(MAX_ATTEMPTS - 1).fill(true), false]);
    expect(store.jobs.deaths(file('bad.pdf'))).toBe(0);
  });
});

describe('a death followed by a reboot', () => {
  it('is blamed on nothing: the machine went down, not the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lucarne-boot-'));
    try {
      let store = SqliteStore.open(dir);
      const { id } = store.addFolder(dir, { include: [], exclude: [] });
      const path = join(dir, 'a.pdf');
      store.jobs.enqueue('index', id, path);
      store.jobs.at(path, 'parse:read:4');
      store.close();
      // As if written in an earlier boot of the machine.
      const db = openDatabase(dir);
      db.prepare(`UPDATE crash_marks SET armed_boot = 'an-earlier-boot'`).run();
      db.close();
      store = SqliteStore.open(dir);
      store.jobs.recover();
      expect(store.jobs.deaths(path)).toBe(0);
      store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
