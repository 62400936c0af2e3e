// The persistent job queue: what is left to do, in order, and which file to blame when the process dies.
//
// A pending job is unique per (path, kind): a file saved ten times while the queue is busy is indexed once.
// Jobs live in SQLite, so work queued before a quit or a crash is picked up at the next start.
//
// Two kinds of trouble, counted apart:
// - A run that ends in an error (a handled failure) counts against the job (`attempts`); the job goes back
//   to the queue until it has failed MAX_ATTEMPTS times.
// - A death of the whole process (a native crash, an out-of-memory kill, but also kill -9, a force-quit or a
//   laptop dying) is seen only at the next start. Most deaths are not the file's fault, so one is held
//   against a file only when the process died while that very file was being parsed, chunked or embedded
//   (the pipeline marks that work in `crash_marks` as it goes, down to the page or embedding batch), and a
//   file is set aside only after MAX_DEATHS deaths at the *same point* of its work with no other job finished
//   in between. A file that crashes the engine does so at the same page every time; kills land anywhere.
//   A death followed by a reboot (the machine went down) is blamed on nothing.
import { bootId } from './boot-id';
import type { Sql } from './open-database';
import type { Job, JobKind } from './types';

interface JobRow {
  id: number;
  kind: JobKind;
  folder_id: number;
  path: string;
  new_path: string | null;
  attempts: number;
}

/** Handled failures a job may have before its file's error becomes its status. */
export const MAX_ATTEMPTS = 3;
/** Deaths of the process at the same point of one file's work before that file is set aside. */
export const MAX_DEATHS = 3;

/**
 * The next queue position. `max(seq)` over the whole table cannot use the (state, seq) index and reads every
 * job: queueing a 100,000-file folder was quadratic (minutes with the engine unable to answer). Per state it
 * is one index seek each.
 */
export const NEXT_SEQ = `(SELECT coalesce(max(s), 0) + 1 FROM (
  SELECT max(seq) AS s FROM jobs WHERE state = 'pending' UNION ALL SELECT max(seq) FROM jobs WHERE state = 'running'))`;

const COLUMNS = 'id, kind, folder_id, path, new_path, attempts';

/** `attempts` on a Job is the number of this run: earlier handled failures + 1. */
const toJob = (r: JobRow): Job => ({
  id: r.id,
  kind: r.kind,
  folderId: r.folder_id,
  path: r.path,
  newPath: r.new_path,
  attempts: r.attempts + 1,
});

export class JobQueue {
  /** Called after anything is queued (the indexing loop wakes up). */
  onEnqueue: (() => void) | null = null;

  constructor(private readonly sql: Sql) {}

  /**
   * Queues work on a file. Nothing queues an unchanged set-aside file by itself (the catch-up scan skips
   * files whose status is final), so being queued means a user action or a change to the file: a set-aside
   * file gets its one more try (see retryOnce).
   */
  enqueue(kind: JobKind, folderId: number, path: string, newPath: string | null = null): void {
    if (kind !== 'remove') this.retryOnce(newPath ?? path);
    // The partial unique index makes a second pending (path, kind) an update of the first.
    this.sql.run(
      `INSERT INTO jobs(kind, folder_id, path, new_path, state, attempts, created_at, seq)
       VALUES (?, ?, ?, ?, 'pending', 0, ?, ${NEXT_SEQ})
       ON CONFLICT(path, kind) WHERE state = 'pending' DO UPDATE SET folder_id = excluded.folder_id, new_path = excluded.new_path`,
      kind,
      folderId,
      path,
      newPath,
      new Date().toISOString(),
    );
    this.onEnqueue?.();
  }

  /** The oldest pending job becomes running. Claiming alone never counts against the file. */
  claim(): Job | null {
    return this.sql.db
      .transaction(() => {
        const row = this.sql.get<JobRow>(`SELECT ${COLUMNS} FROM jobs WHERE state = 'pending' ORDER BY seq LIMIT 1`);
        if (!row) return null;
        this.sql.run(`UPDATE jobs SET state = 'running' WHERE id = ?`, row.id);
        return toJob(row);
      })
      .immediate();
  }

  /** The next jobs claim() would return, left pending (the indexing loop parses ahead from it). */
  upcoming(limit: number): Job[] {
    return this.sql
      .all<JobRow>(`SELECT ${COLUMNS} FROM jobs WHERE state = 'pending' ORDER BY seq LIMIT ?`, limit)
      .map(toJob);
  }

  /** The job went through: it leaves the queue, its file's deaths are forgiven, and so are every other
   * file's, since the process made progress since they died. */
  finish(job: Job): void {
    this.sql.db.transaction(() => {
      this.sql.run('DELETE FROM jobs WHERE id = ?', job.id);
      this.sql.run('DELETE FROM crash_marks WHERE path = ?', job.path);
      // Set-aside files keep their record: it is what gives them exactly one more try when the user asks.
      this.sql.run('UPDATE crash_marks SET deaths = 0, death_point = NULL WHERE deaths > 0 AND deaths < ?', MAX_DEATHS);
    })();
  }

  /** Records a handled failure; returns true when the job goes back to the queue for another try. */
  fail(job: Job, error: string): boolean {
    const retry = job.attempts < MAX_ATTEMPTS;
    this.sql.db.transaction(() => {
      this.sql.run('UPDATE crash_marks SET armed = NULL WHERE path = ?', job.path);
      if (!retry || this.hasPendingTwin(job.id)) {
        // Given up (the document carries the error), or a newer request for the same file supersedes this one.
        this.sql.run('DELETE FROM jobs WHERE id = ?', job.id);
        return;
      }
      this.sql.run(
        `UPDATE jobs SET state = 'pending', attempts = attempts + 1, last_error = ?, seq = ${NEXT_SEQ} WHERE id = ?`,
        error,
        job.id,
      );
    })();
    if (retry) this.onEnqueue?.();
    return retry;
  }

  /** The job was interrupted (stop): it runs again later from scratch, and nothing counts against it. */
  requeue(job: Job): void {
    this.sql.db.transaction(() => {
      this.sql.run('DELETE FROM jobs WHERE id = ?', job.id);
      this.sql.run('UPDATE crash_marks SET armed = NULL WHERE path = ?', job.path);
      this.enqueue(job.kind, job.folderId, job.path, job.newPath);
    })();
  }

  /**
   * At start-up, before anything runs: the work a previous process was doing when it died is held against
   * the files concerned (see the header), then jobs it left running go back to pending, in their place.
   * Returns how many jobs were resumed.
   */
  recover(): number {
    return this.sql.db.transaction(() => {
      this.sql.run(
        `UPDATE crash_marks SET
           deaths = CASE WHEN death_point = armed THEN deaths + 1 ELSE 1 END,
           death_point = armed
         WHERE armed IS NOT NULL AND armed_boot = ?`,
        bootId(),
      );
      this.sql.run('UPDATE crash_marks SET armed = NULL, armed_boot = NULL WHERE armed IS NOT NULL');
      this.sql.run('DELETE FROM crash_marks WHERE deaths = 0');
      const ids = this.sql.column<number>(`SELECT id FROM jobs WHERE state = 'running' ORDER BY id`);
      for (const id of ids) {
        if (this.hasPendingTwin(id)) this.sql.run('DELETE FROM jobs WHERE id = ?', id);
        else this.sql.run(`UPDATE jobs SET state = 'pending' WHERE id = ?`, id);
      }
      return ids.length;
    })();
  }

  /**
   * The process is about to work on `path` at `point` ("parse:12" = page 12 read, "embed:3" = 4th batch):
   * if it dies before at(path, null), the death is held against this file at this point. Cheap (one small
   * write, no fsync under WAL + synchronous=NORMAL), so it is called per page.
   */
  at(path: string, point: string | null): void {
    if (point === null) {
      this.sql.run('UPDATE crash_marks SET armed = NULL WHERE path = ?', path);
      this.sql.run('DELETE FROM crash_marks WHERE path = ? AND deaths = 0', path);
      return;
    }
    this.sql.run(
      `INSERT INTO crash_marks(path, armed, armed_boot) VALUES (?, ?, ?)
       ON CONFLICT(path) DO UPDATE SET armed = excluded.armed, armed_boot = excluded.armed_boot`,
      path,
      point,
      bootId(),
    );
  }

  /** A graceful stop: whatever is being worked on now is not to blame for this exit. */
  disarmAll(): void {
    this.sql.run('UPDATE crash_marks SET armed = NULL WHERE armed IS NOT NULL');
  }

  /** Deaths of the process held against `path` (see the header). */
  deaths(path: string): number {
    return this.sql.value<number>('SELECT deaths FROM crash_marks WHERE path = ?', path) ?? 0;
  }

  /** True when a file still in the running has a death on record: the loop then works on one file at a
   * time (no parse-ahead), so that the next death, if any, is attributed exactly. */
  anyDeaths(): boolean {
    return (
      this.sql.value<number>('SELECT 1 FROM crash_marks WHERE deaths > 0 AND deaths < ? LIMIT 1', MAX_DEATHS) !==
      undefined
    );
  }

  /** The number of this run of the job: earlier handled failures + 1. */
  runNumber(job: Job): number {
    return job.attempts;
  }

  /** True when the process died MAX_DEATHS times at the same point of this job's file: set it aside. */
  exhausted(job: Job): boolean {
    return this.deaths(job.path) >= MAX_DEATHS;
  }

  /** The job's file is set aside: the job leaves the queue; the file's record stays (see retryOnce). */
  setAside(job: Job): void {
    this.sql.db.transaction(() => {
      this.sql.run('DELETE FROM jobs WHERE id = ?', job.id);
      this.sql.run('UPDATE crash_marks SET armed = NULL WHERE path = ?', job.path);
    })();
  }

  /**
   * A set-aside file is asked for again (Retry, an explicit index, a change to the file): it gets one more
   * try; one more death at the same point sets it aside again.
   */
  private retryOnce(path: string): void {
    this.sql.run('UPDATE crash_marks SET deaths = ? WHERE path = ? AND deaths >= ?', MAX_DEATHS - 1, path, MAX_DEATHS);
  }

  pending(): number {
    return this.sql.value<number>(`SELECT count(*) FROM jobs WHERE state = 'pending'`) ?? 0;
  }

  lastError(id: number): string | null {
    return this.sql.value<string | null>('SELECT last_error FROM jobs WHERE id = ?', id) ?? null;
  }

  private hasPendingTwin(id: number): boolean {
    return (
      this.sql.value<number>(
        `SELECT count(*) FROM jobs p JOIN jobs r ON r.id = ? AND p.path = r.path AND p.kind = r.kind
         WHERE p.state = 'pending' AND p.id <> r.id`,
        id,
      ) !== 0
    );
  }
}
