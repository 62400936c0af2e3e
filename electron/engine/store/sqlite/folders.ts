// The folders of the catalogue: their paths and include/exclude rules, and their summaries (documents,
// indexed, failed, chunks) counted from the documents table.
import { resolve } from 'node:path';
import type { Sql } from '../open-database';
import type { DocStatus, FolderInfo, FolderOptions } from '../types';
import { bumpVectorGeneration } from './generation';
import { now } from './rows';

/** Statuses counted as `failed` in a folder's summary: the ones a user can act on (retry, password). */
export const FAILED_STATUSES: readonly DocStatus[] = ['failed', 'needs-password', 'wrong-password'];

export type FolderSettings = Pick<FolderInfo, 'id' | 'path' | 'addedAt'> & FolderOptions;

interface FolderRow {
  id: number;
  path: string;
  added_at: string;
  include_json: string;
  exclude_json: string;
  documents: number;
  indexed: number;
  failed: number;
  chunks: number;
}

function toFolder(r: FolderRow): FolderInfo {
  return {
    id: r.id,
    path: r.path,
    addedAt: r.added_at,
    documents: r.documents,
    indexed: r.indexed ?? 0,
    failed: r.failed ?? 0,
    chunks: r.chunks ?? 0,
  };
}

export class Folders {
  constructor(private readonly sql: Sql) {}

  /** Idempotent for the same (resolved) path; a second call updates the include/exclude globs. */
  add(path: string, opts: FolderOptions): FolderInfo {
    const abs = resolve(path);
    this.sql.run(
      `INSERT INTO folders(path, include_json, exclude_json, added_at) VALUES (?, ?, ?, ?)
       ON CONFLICT(path) DO UPDATE SET include_json = excluded.include_json, exclude_json = excluded.exclude_json`,
      abs,
      JSON.stringify(opts.include ?? []),
      JSON.stringify(opts.exclude ?? []),
      now(),
    );
    const id = this.sql.value<number>('SELECT id FROM folders WHERE path = ?', abs)!;
    return this.info(id)!;
  }

  /** Removes the folder with its documents, chunks, FTS rows and pending jobs; returns the removed chunk ids. */
  remove(id: number): number[] {
    return this.sql.db.transaction(() => {
      const chunkIds = this.sql.column<number>(
        'SELECT c.id FROM chunks c JOIN documents d ON d.id = c.document_id WHERE d.folder_id = ? ORDER BY c.id',
        id,
      );
      this.sql.run('DELETE FROM folders WHERE id = ?', id);
      if (chunkIds.length) bumpVectorGeneration(this.sql);
      return chunkIds;
    })();
  }

  list(): FolderInfo[] {
    return this.sql.all<FolderRow>(`${this.select()} GROUP BY f.id ORDER BY f.path`).map(toFolder);
  }

  /**
   * A folder's path and rules, without its document counts: indexing asks for it once per file, and
   * counting a 100,000-document folder each time took ~90 % of the engine's time (list() counts).
   */
  get(id: number): FolderSettings | null {
    const row = this.sql.get<Pick<FolderRow, 'id' | 'path' | 'added_at' | 'include_json' | 'exclude_json'>>(
      'SELECT id, path, added_at, include_json, exclude_json FROM folders WHERE id = ?',
      id,
    );
    if (!row) return null;
    return {
      id: row.id,
      path: row.path,
      addedAt: row.added_at,
      include: JSON.parse(row.include_json),
      exclude: JSON.parse(row.exclude_json),
    };
  }

  private info(id: number): FolderInfo | null {
    const row = this.sql.get<FolderRow>(`${this.select()} WHERE f.id = ? GROUP BY f.id`, id);
    return row ? toFolder(row) : null;
  }

  private select(): string {
    const failed = FAILED_STATUSES.map((s) => `'${s}'`).join(', ');
    return `SELECT f.id, f.path, f.added_at, f.include_json, f.exclude_json, count(d.id) AS documents,
      coalesce(sum(d.status = 'indexed'), 0) AS indexed, coalesce(sum(d.status IN (${failed})), 0) AS failed,
      coalesce(sum(d.chunk_count), 0) AS chunks
      FROM folders f LEFT JOIN documents d ON d.folder_id = f.id`;
  }
}
