// Parse-ahead: while the indexing loop chunks, embeds and stores one file on the main thread, the parser
// worker already reads the next queued file. Only parsing runs ahead: it is a pure read (no store write, no
// vector index change, no progress event), so the queue, the lock and crash consistency are exactly those of
// one file at a time. A result is handed out only if the file still has the size and mtime it had before
// the early parse began and the options (password, size limit, time limit) are the same; otherwise the file
// is parsed again, as if nothing had run ahead. An early failure to *open* the file is never handed out:
// permissions and locks change without touching size or mtime (a chmod, a sync client releasing the file),
// so only the file's own job may say it cannot be read.
import type { Stats } from 'node:fs';
import { stat } from 'node:fs/promises';
import { ParseError, type ParsedDocument } from '../types';
import type { ParseFn } from './types';

type ParseOptions = Parameters<ParseFn>[1];

export interface ParseAheadSource {
  /** Paths of the next index jobs, in the order the loop takes them (the running job excluded). */
  upcoming(limit: number): string[];
  /** The options the pipeline will parse `path` with, or null when it will not parse it (too large...). */
  optionsFor(path: string, stats: Stats): ParseOptions | null;
}

interface Entry {
  stamp: string;
  opts: ParseOptions;
  result: Promise<ParsedDocument>;
}

/** What identifies the file's content for reuse: the same test incremental sync relies on. */
function stampOf(stats: Pick<Stats, 'size' | 'mtimeMs' | 'ino'>): string {
  return `${stats.size}:${stats.mtimeMs}:${stats.ino}`;
}

function sameOptions(a: ParseOptions, b: ParseOptions): boolean {
  return (
    a.password === b.password &&
    a.maxBytes === b.maxBytes &&
    a.timeoutMs === b.timeoutMs &&
    JSON.stringify(a.ocr ?? null) === JSON.stringify(b.ocr ?? null)
  );
}

/** The file could not be opened or read, as opposed to a verdict on its content (damaged, encrypted…). */
function couldNotOpen(error: unknown): boolean {
  return error instanceof ParseError && error.code === 'unreadable';
}

export class ParseAhead {
  private readonly entries = new Map<string, Entry>();
  private filling: Promise<void> | null = null;
  private refill = false;
  private generation = 0;
  /** Files parsed ahead and handed out, and those parsed ahead in vain (for tests and benchmarks). */
  readonly stats = { used: 0, wasted: 0 };

  constructor(
    private readonly parse: ParseFn,
    private readonly source: ParseAheadSource,
    /** How many files may be parsed ahead of the running one (0 turns parse-ahead off). */
    private readonly depth = 1,
  ) {}

  /**
   * Parses `path` for the running job, taking the early result when it is still valid; `stats` are the
   * job's own (taken before this call). Then starts parsing the next queued file.
   */
  run(path: string, opts: ParseOptions, stats: Pick<Stats, 'size' | 'mtimeMs' | 'ino'>): Promise<ParsedDocument> {
    const entry = this.entries.get(path);
    this.entries.delete(path);
    let result: Promise<ParsedDocument>;
    if (entry && entry.stamp === stampOf(stats) && sameOptions(entry.opts, opts)) {
      this.stats.used++;
      result = entry.result.catch((error: unknown) => {
        if (!couldNotOpen(error)) throw error;
        this.stats.used--;
        this.stats.wasted++;
        return this.parse(path, opts);
      });
    } else {
      if (entry) this.stats.wasted++;
      result = this.parse(path, opts);
    }
    // The next file starts now, on the pool's other worker if this one is still being parsed: it is read
    // while this thread chunks, embeds and stores the current one.
    void this.fill();
    return result;
  }

  /** Forgets the early result for `path` (a Retry asks for a fresh read, whatever ran ahead). */
  forget(path: string): void {
    if (this.entries.delete(path)) this.stats.wasted++;
  }

  /** Forgets every early result (the library stops: the parsers may be shut down under them). */
  clear(): void {
    this.generation++;
    this.stats.wasted += this.entries.size;
    this.entries.clear();
  }

  get pending(): number {
    return this.entries.size;
  }

  /** Starts early parses up to `depth`; calls that arrive while one runs are folded into one more pass. */
  fill(): Promise<void> {
    if (this.depth <= 0) return Promise.resolve();
    if (this.filling) {
      this.refill = true;
      return this.filling;
    }
    this.filling = (async () => {
      try {
        do {
          this.refill = false;
          await this.fillOnce();
        } while (this.refill);
      } finally {
        this.filling = null;
      }
    })();
    return this.filling;
  }

  private stillUpcoming(path: string): boolean {
    try {
      return this.source.upcoming(this.depth).includes(path);
    } catch {
      return false;
    }
  }

  private async fillOnce(): Promise<void> {
    const generation = this.generation;
    let upcoming: string[];
    try {
      upcoming = this.source.upcoming(this.depth);
    } catch {
      return; // the store is closing: nothing to run ahead of
    }
    // Early results for files that are no longer next (removed from the queue, re-ordered) are dropped.
    for (const path of this.entries.keys()) {
      if (!upcoming.includes(path)) {
        this.entries.delete(path);
        this.stats.wasted++;
      }
    }
    for (const path of upcoming) {
      if (this.entries.size >= this.depth) return;
      if (this.entries.has(path)) continue;
      let stats: Stats;
      try {
        stats = await stat(path);
      } catch {
        continue; // gone or unreadable: its job finds out by itself
      }
      if (generation !== this.generation || this.entries.has(path)) return;
      if (!stats.isFile()) continue;
      // The loop may have claimed the file meanwhile (its job then parses it itself).
      if (!this.stillUpcoming(path)) continue;
      let opts: ParseOptions | null;
      try {
        opts = this.source.optionsFor(path, stats);
      } catch {
        return;
      }
      if (!opts) continue;
      const result = this.parse(path, opts);
      result.catch(() => {}); // a failure is the file's verdict, reported when its job takes it
      this.entries.set(path, { stamp: stampOf(stats), opts, result });
    }
  }
}
