// The persistent job queue. A pending job is unique per (path, kind): a file saved ten times while the
// queue is busy is indexed once. `attempts` counts claims, so a file that crashes the engine every time
// it is parsed shows up as a job with many attempts even though failJob() was never reached.
import type { Job, JobKind } from './types';
import type { Sql } from './open-database';

interface JobRow {
  id: number;
  kind: JobKind;
  folder_id: number;
  path: string;
  new_path: string | null;
  attempts: number;
}

/**
 * The next queue position. `max(seq)` over the whole table cannot use the (state, seq) index and reads every
 * job: queueing a 100,000-file folder was quadratic (minutes with the engine unable to answer). Per state it
 * is one index seek each.
 */
export const NEXT_SEQ = `(SELECT coalesce(max(s), 0) + 1 FROM (
  SELECT max(seq) AS s FROM jobs WHERE state = 'pending' UNION ALL SELECT max(seq) FROM jobs WHERE state = 'running'))`;

const toJob = (r: JobRow): Job => ({
  id: r.id,
  kind: r.kind,
  folderId: r.folder_id,
  path: r.path,
  newPath: r.new_path,
  attempts: r.attempts,
});

export class JobQueue {
  constructor(private readonly sql: Sql) {}

  enqueue(kind: JobKind, folderId: number, path: string, newPath: string | null = null): void {
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
  }

  claimNext(): Job | null {
    return this.sql.db
      .transaction(() => {
        const row = this.sql.get<JobRow>(
          `SELECT id, kind, folder_id, path, new_path, attempts FROM jobs WHERE state = 'pending' ORDER BY seq LIMIT 1`,
        );
        if (!row) return null;
        this.sql.run(`UPDATE jobs SET state = 'running', attempts = attempts + 1 WHERE id = ?`, row.id);
        return toJob({ ...row, attempts: row.attempts + 1 });
      })
      .immediate();
  }

  /** The next pending jobs in claim order, left pending (the indexing loop parses ahead from it). */
  peekPending(limit: number): Job[] {
    return this.sql
      .all<JobRow>(
        `SELECT id, kind, folder_id, path, new_path, attempts FROM jobs WHERE state = 'pending' ORDER BY seq LIMIT ?`,
        limit,
      )
      .map(toJob);
  }

  finish(id: number): void {
    this.sql.run('DELETE FROM jobs WHERE id = ?', id);
  }

  /** retry: back to pending (at the end of the queue); otherwise the job is dropped (the document carries the error). */
  fail(id: number, error: string, retry: boolean): void {
    this.sql.db.transaction(() => {
      if (!retry) {
        this.sql.run('DELETE FROM jobs WHERE id = ?', id);
        return;
      }
      if (this.hasPendingTwin(id)) {
        // A newer request for the same file is already waiting; it supersedes this one.
        this.sql.run('DELETE FROM jobs WHERE id = ?', id);
        return;
      }
      this.sql.run(`UPDATE jobs SET state = 'pending', last_error = ?, seq = ${NEXT_SEQ} WHERE id = ?`, error, id);
    })();
  }

  /** At start-up: jobs left running by a crash go back to pending. Returns how many. */
  resetRunning(): number {
    return this.sql.db.transaction(() => {
      const ids = this.sql.column<number>(`SELECT id FROM jobs WHERE state = 'running' ORDER BY id`);
      for (const id of ids) {
        if (this.hasPendingTwin(id)) this.sql.run('DELETE FROM jobs WHERE id = ?', id);
        else this.sql.run(`UPDATE jobs SET state = 'pending' WHERE id = ?`, id);
      }
      return ids.length;
    })();
  }

  pendingCount(): number {
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
