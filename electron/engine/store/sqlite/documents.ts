// The documents of the catalogue: one row per file found in a folder, with its file facts (size, mtime,
// kind), its indexing status, flags and password. Deleting or renaming a document carries its text and
// chunks with it (foreign keys and FTS triggers); its vectors stay cached by text hash.
import type { Sql } from '../open-database';
import type { DocFlag, DocStatus, DocumentInfo, DocumentUpsert } from '../types';
import { chunkTitle } from './fts-columns';
import { bumpVectorGeneration } from './generation';
import { DOCUMENT_COLUMNS, type DocumentRow, json, now, toDocument } from './rows';

export interface DocumentListQuery {
  folderId?: number;
  statuses?: DocStatus[];
  /** Case-insensitive substring of the path relative to the folder. */
  query?: string;
  offset?: number;
  limit?: number;
}

export class Documents {
  constructor(private readonly sql: Sql) {}

  /**
   * Documents whose text depends on OCR: images, scans, and files with scanned or OCR'd pages. Those
   * queued or being read are left out: they are read with the settings of the moment anyway.
   */
  forOcr(): { id: number; folderId: number; path: string }[] {
    return this.sql.all<{ id: number; folderId: number; path: string }>(
      `SELECT id, folder_id AS folderId, path FROM documents
       WHERE status NOT IN ('queued', 'indexing')
         AND (kind = 'image' OR status IN ('no-text-layer', 'garbage-text')
              OR EXISTS (SELECT 1 FROM json_each(flags_json)
                         WHERE value IN ('no-text-layer-pages', 'garbage-pages', 'ocr-pages')))
       ORDER BY id`,
    );
  }

  /** Inserts or updates a document's file facts. `changed`: the document is new, or its size or mtime differ. */
  upsert(d: DocumentUpsert): { id: number; changed: boolean } {
    return this.sql.db.transaction(() => {
      const prev = this.sql.get<{ id: number; size: number; mtime_ms: number }>(
        'SELECT id, size, mtime_ms FROM documents WHERE path = ?',
        d.path,
      );
      const t = now();
      if (!prev) {
        const info = this.sql.run(
          `INSERT INTO documents(folder_id, path, rel_path, kind, size, mtime_ms, status, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, 'queued', ?)`,
          d.folderId,
          d.path,
          d.relPath,
          d.kind,
          d.size,
          d.mtimeMs,
          t,
        );
        return { id: Number(info.lastInsertRowid), changed: true };
      }
      const changed = prev.size !== d.size || prev.mtime_ms !== d.mtimeMs;
      this.sql.run(
        `UPDATE documents SET folder_id = ?, rel_path = ?, kind = ?, size = ?, mtime_ms = ?, updated_at = ? WHERE id = ?`,
        d.folderId,
        d.relPath,
        d.kind,
        d.size,
        d.mtimeMs,
        t,
        prev.id,
      );
      return { id: prev.id, changed };
    })();
  }

  get(id: number): DocumentInfo | null {
    const row = this.sql.get<DocumentRow>(`SELECT ${DOCUMENT_COLUMNS} FROM documents WHERE id = ?`, id);
    return row ? toDocument(row) : null;
  }

  getByPath(path: string): DocumentInfo | null {
    const row = this.sql.get<DocumentRow>(`SELECT ${DOCUMENT_COLUMNS} FROM documents WHERE path = ?`, path);
    return row ? toDocument(row) : null;
  }

  /** A page of documents ordered by relative path, with the total matching the filters. */
  list(q: DocumentListQuery = {}): { total: number; items: DocumentInfo[] } {
    const where: string[] = [];
    const params: unknown[] = [];
    if (q.folderId !== undefined) {
      where.push('folder_id = ?');
      params.push(q.folderId);
    }
    if (q.statuses !== undefined) {
      where.push('status IN (SELECT value FROM json_each(?))');
      params.push(json(q.statuses));
    }
    if (q.query) {
      // instr on lower(): a plain substring, with no LIKE wildcards to escape.
      where.push('instr(lower(rel_path), lower(?)) > 0');
      params.push(q.query);
    }
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const offset = Math.max(0, Math.floor(q.offset ?? 0));
    const limit = Math.max(0, Math.floor(q.limit ?? 200));
    const total = this.sql.value<number>(`SELECT count(*) FROM documents ${clause}`, ...params) ?? 0;
    const items = this.sql
      .all<DocumentRow>(
        `SELECT ${DOCUMENT_COLUMNS} FROM documents ${clause} ORDER BY rel_path, id LIMIT ? OFFSET ?`,
        ...params,
        limit,
        offset,
      )
      .map(toDocument);
    return { total, items };
  }

  /** Every document of a folder by absolute path: what the catch-up scan compares the disk against. */
  paths(folderId: number): Map<string, { id: number; size: number; mtimeMs: number; status: DocStatus }> {
    const rows = this.sql.all<{ id: number; path: string; size: number; mtime_ms: number; status: DocStatus }>(
      'SELECT id, path, size, mtime_ms, status FROM documents WHERE folder_id = ?',
      folderId,
    );
    return new Map(rows.map((r) => [r.path, { id: r.id, size: r.size, mtimeMs: r.mtime_ms, status: r.status }]));
  }

  /** `indexed` also stamps indexed_at. `extra` fields left undefined keep their stored value. */
  setStatus(
    id: number,
    status: DocStatus,
    message: string | null,
    /** keepIndexedAt: the chunks are those of an earlier version (set aside while updating). */
    extra: { flags?: DocFlag[]; pages?: number | null; sha256?: string; keepIndexedAt?: boolean } = {},
  ): void {
    const t = now();
    // Any final status closes the version replaceChunks opened: the chunks there are now are complete.
    this.sql.run(
      `UPDATE documents SET status = ?, message = ?, updated_at = ?,
         chunks_complete = CASE WHEN ? THEN chunks_complete ELSE 1 END,
         indexed_at = CASE WHEN ? THEN ? ELSE indexed_at END,
         flags_json = coalesce(?, flags_json),
         pages = CASE WHEN ? THEN ? ELSE pages END,
         sha256 = coalesce(?, sha256)
       WHERE id = ?`,
      status,
      message,
      t,
      status === 'queued' || status === 'indexing' ? 1 : 0,
      status === 'indexed' && !extra.keepIndexedAt ? 1 : 0,
      t,
      extra.flags === undefined ? null : JSON.stringify(extra.flags),
      extra.pages === undefined ? 0 : 1,
      extra.pages ?? null,
      extra.sha256 ?? null,
      id,
    );
  }

  /** False while the document's chunks are those of a version still being indexed (see replaceChunks). */
  chunksComplete(id: number): boolean {
    return this.sql.value<number>('SELECT chunks_complete FROM documents WHERE id = ?', id) === 1;
  }

  /** Documents of a folder set aside after repeated deaths of the process (store/jobs.ts). */
  setAside(folderId: number): { id: number; path: string }[] {
    return this.sql.all<{ id: number; path: string }>(
      `SELECT id, path FROM documents WHERE folder_id = ?
         AND EXISTS (SELECT 1 FROM json_each(flags_json) WHERE value IN ('set-aside', 'update-failed'))`,
      folderId,
    );
  }

  /** The password is stored in plain text in the local database (see migrations.ts). */
  setPassword(id: number, password: string | null): void {
    this.sql.run('UPDATE documents SET password = ? WHERE id = ?', password, id);
  }

  /** The hash of the file's content when it was last indexed (null: never indexed to the end). */
  contentHash(id: number): string | null {
    return this.sql.value<string | null>('SELECT sha256 FROM documents WHERE id = ?', id) ?? null;
  }

  getPassword(id: number): string | null {
    return this.sql.value<string | null>('SELECT password FROM documents WHERE id = ?', id) ?? null;
  }

  /**
   * Moves a document to a new path, keeping its chunks and vectors (only the title column of its FTS rows
   * changes). Returns its id, or null if no document has `oldPath`. A document already at `newPath` (the
   * rename overwrote a file) is deleted first; its chunk ids are then gone from the store, and the
   * FaissIndex drops them at its next reconcile()/flush().
   */
  rename(oldPath: string, newPath: string, newRelPath: string, newFolderId?: number): number | null {
    return this.sql.db.transaction(() => {
      const doc = this.sql.get<{ id: number; title: string | null }>(
        'SELECT id, title FROM documents WHERE path = ?',
        oldPath,
      );
      if (!doc) return null;
      if (newPath !== oldPath) {
        const target = this.sql.value<number>('SELECT id FROM documents WHERE path = ?', newPath);
        if (target !== undefined) this.delete(target);
      }
      this.sql.run(
        'UPDATE documents SET path = ?, rel_path = ?, folder_id = coalesce(?, folder_id), updated_at = ? WHERE id = ?',
        newPath,
        newRelPath,
        newFolderId ?? null,
        now(),
        doc.id,
      );
      this.sql.run(
        'UPDATE chunks SET title = ? WHERE document_id = ? AND title <> ?',
        chunkTitle(newRelPath, doc.title),
        doc.id,
        chunkTitle(newRelPath, doc.title),
      );
      return doc.id;
    })();
  }

  /** Deletes the document with its text, chunks and FTS rows; returns the removed chunk ids. */
  delete(id: number): number[] {
    return this.sql.db.transaction(() => {
      const chunkIds = this.sql.column<number>('SELECT id FROM chunks WHERE document_id = ? ORDER BY id', id);
      this.sql.run('DELETE FROM documents WHERE id = ?', id);
      if (chunkIds.length) bumpVectorGeneration(this.sql);
      return chunkIds;
    })();
  }
}
