// What the library did since it was created, counted job by job; the CLI prints it as its summary.
import type { DocStatus } from '../../../shared/types';
import type { JobOutcome } from './pipeline';

/** What happened since the library was created; the CLI prints it as its summary. */
export interface LibraryRunStats {
  startedAt: number;
  jobs: number;
  byResult: Partial<Record<DocStatus | 'removed' | 'renamed' | 'skipped', number>>;
  chunks: number;
  embedded: number;
  pages: number;
  /** Files whose parse ran ahead, during the previous file's job, and was used. */
  parsedAhead: number;
}

export class RunStats {
  /** parsedAhead is not kept here: the parse-ahead counts it, and snapshot() is given it. */
  private readonly counts: Omit<LibraryRunStats, 'parsedAhead'> = {
    startedAt: Date.now(),
    jobs: 0,
    byResult: {},
    chunks: 0,
    embedded: 0,
    pages: 0,
  };

  /** Counts a job that ran to its end (whatever its result). */
  record(outcome: JobOutcome): void {
    const s = this.counts;
    s.jobs++;
    s.byResult[outcome.result] = (s.byResult[outcome.result] ?? 0) + 1;
    s.embedded += outcome.embedded;
    if (outcome.result === 'indexed') {
      s.chunks += outcome.chunks;
      s.pages += outcome.pages ?? 0;
    }
  }

  snapshot(parsedAhead: number): LibraryRunStats {
    return { ...this.counts, byResult: { ...this.counts.byResult }, parsedAhead };
  }
}
