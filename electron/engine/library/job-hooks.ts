// What the worker loop does for the library around each job: runs it through the pipeline and counts it,
// keeps the document's status in step when a job fails, gives up or is interrupted, writes the vector
// index (debounced) and shows the state in the progress. The hooks that touch the store or the vector
// index run under the library's lock (see worker-loop.ts). Crash story: before the first job, chunks a
// crash left without a vector are embedded; a file the process kept dying on (store/jobs.ts) is set aside
// and its document says so; an interrupted job goes back to the queue and its document to 'queued'.
import { errorMessage } from '../../../shared/errors';
import type { DocStatus } from '../../../shared/types';
import { warmParsers } from '../parse/index';
import type { JobQueue } from '../store/jobs';
import type { SqliteStore } from '../store/sqlite';
import type { Job } from '../store/types';
import {
  embedMissingVectors,
  type JobOutcome,
  type PipelineContext,
  runIndexJob,
  runRemoveJob,
  runRenameJob,
  setAsideDocument,
} from './pipeline';
import type { ProgressTracker } from './progress';
import type { RunStats } from './run-stats';
import { unexpectedErrorVerdict } from './status-messages';
import type { LibraryLog } from './types';
import type { VectorFlush } from './vector-flush';
import type { WorkerLoopHooks } from './worker-loop';

export interface JobHooksOptions {
  store: SqliteStore;
  queue: JobQueue;
  tracker: ProgressTracker;
  ctx: PipelineContext;
  stats: RunStats;
  vectors: VectorFlush;
  log: LibraryLog;
  /** The embedder whose vectors the index holds. */
  embedderId: string;
  /** The parsers are the real ones (not a test's seam), so warming them up is worth it. */
  realParsers: boolean;
  isPaused(): boolean;
  /** Catch-up scans are running. */
  scanning(): boolean;
  /** The library watches its folders (so an edit may come any time). */
  watching(): boolean;
  notifyChanged(folderId: number | null): void;
  /** A write failed for lack of space. */
  diskFull(error: unknown): void;
  /** A write went through (ends a disk-full episode, if there is one). */
  spaceBack(): void;
  retryMs?: { first: number; max: number };
}

export function jobHooks(o: JobHooksOptions): WorkerLoopHooks {
  const { store, queue, tracker, log } = o;

  const markDocument = (job: Job, verdict: { status: DocStatus; message: string | null }): void => {
    const doc = store.getDocumentByPath(job.kind === 'rename' ? (job.newPath ?? job.path) : job.path);
    if (doc) store.setDocumentStatus(doc.id, verdict.status, verdict.message);
  };

  const runJob = async (job: Job, signal: AbortSignal): Promise<void> => {
    tracker.startFile(job.newPath ?? job.path);
    let outcome: JobOutcome;
    if (job.kind === 'remove') outcome = await runRemoveJob(o.ctx, job, signal);
    else if (job.kind === 'rename') outcome = await runRenameJob(o.ctx, job, signal);
    else outcome = await runIndexJob(o.ctx, job, signal);
    o.stats.record(outcome);
    tracker.finishFile();
    o.notifyChanged(job.folderId);
  };

  return {
    prepare: async (signal) => {
      // Cached vectors of text no chunk uses any more (older versions of edited files) go once per start.
      store.pruneOrphanVectors(o.embedderId);
      // After a crash, or with a newly chosen embedding model, stored chunks may lack vectors: that is
      // indexing work the progress shows.
      const missing = store.chunksMissingVectors(o.embedderId, 1).length > 0;
      if (missing && !o.isPaused()) tracker.setState('indexing');
      try {
        const n = await embedMissingVectors(o.ctx, signal);
        if (n > 0) log.info?.(`embedded ${n} chunk texts that had no vector for ${o.embedderId}`);
        await o.vectors.flush(true);
      } finally {
        if (missing && !o.isPaused()) tracker.setState(o.scanning() ? 'scanning' : 'idle');
      }
    },
    run: (job, signal) => runJob(job, signal),
    giveUp: async (job, deaths) => {
      log.warn(`${job.path}: set aside, Lucarne stopped ${deaths} times while indexing it`);
      await setAsideDocument(o.ctx, job, deaths);
      tracker.finishFile();
      o.notifyChanged(job.folderId);
    },
    failed: (job, error, willRetry) => {
      log.warn(`indexing ${job.path} failed${willRetry ? ' (will retry)' : ''}: ${errorMessage(error)}`);
      if (willRetry) markDocument(job, { status: 'queued', message: null });
      else {
        markDocument(job, unexpectedErrorVerdict(error, queue.runNumber(job)));
        tracker.finishFile();
      }
      o.notifyChanged(job.folderId);
    },
    interrupted: (job) => markDocument(job, { status: 'queued', message: null }),
    afterJob: () => o.vectors.flush(false),
    idle: () => {
      // The next edit a watched folder sees should not wait for a parser to start and load pdf.js.
      if (o.watching() && o.realParsers) void warmParsers().catch(() => undefined);
      return o.vectors.flush(true);
    },
    busyChanged: (busy) => {
      if (o.isPaused()) return;
      tracker.setState(busy ? 'indexing' : o.scanning() ? 'scanning' : 'idle');
    },
    log: (m) => log.warn(m),
    diskFull: (_job, error) => o.diskFull(error),
    spaceBack: () => o.spaceBack(),
    retryMs: o.retryMs,
  };
}
