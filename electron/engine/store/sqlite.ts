// The embedded store: one SQLite database (WAL) that is the source of truth for folders, documents,
// their text and chunks, the FTS5 keyword index, the embedding cache, the job queue, settings and
// conversations. Synchronous, like better-sqlite3; every multi-row change is one transaction.
import { basename, extname, resolve } from 'node:path';
import type Database from 'better-sqlite3';
import type { FileKind } from '../../../shared/types';
import { matchChunks } from './chunk-diff';
import { ConversationRepo, type Conversation, type Message, type MessagePatch, type NewMessage } from './conversations';
import { JobQueue } from './jobs';
import { KeywordSearcher, type KeywordSearchOptions } from './keyword-search';
import { markClosedCleanly, openDatabase, Sql } from './open-database';
import { PathGlobCache } from './path-glob';
import type {
  ChunkDiff,
  ChunkDraft,
  DocFlag,
  DocStatus,
  DocumentInfo,
  DocumentUpsert,
  FolderInfo,
  FolderOptions,
  KeywordHit,
  SearchFilters,
  StoredChunk,
} from './types';
import { assertVector, decodeVector, encodeVector } from './vector-blob';

export { StoreCorruptError } from './open-database';
export { StoreVersionError } from './migrations';
export type { Conversation, Message, MessagePatch, NewMessage } from './conversations';
export type { KeywordSearchOptions } from './keyword-search';

/** Statuses counted as `failed` in a folder's summary: the ones a user can act on (retry, password). */
export const FAILED_STATUSES: readonly DocStatus[] = ['failed', 'needs-password', 'wrong-password'];

export interface PageSpanRecord {
  number: number;
  label?: string | null;
  start: number;
  end: number;
  /** The page's text came from OCR: mean confidence (0–100) and the models used. */
  ocr?: { confidence: number; languages: string[] } | null;
}

export interface DocumentListQuery {
  folderId?: number;
  statuses?: DocStatus[];
  /** Case-insensitive substring of the path relative to the folder. */
  query?: string;
  offset?: number;
  limit?: number;
}

export type ChunkWithSource = StoredChunk & { path: string; kind: FileKind | null; folderId: number };

interface DocumentRow {
  id: number;
  folder_id: number;
  path: string;
  rel_path: string;
  kind: FileKind | null;
  size: number;
  mtime_ms: number;
  status: DocStatus;
  message: string | null;
  flags_json: string;
  pages: number | null;
  chunk_count: number;
  indexed_at: string | null;
}

interface ChunkRow {
  id: number;
  document_id: number;
  ordinal: number;
  text: string;
  heading_json: string;
  page_start: number | null;
  page_end: number | null;
  page_label: string | null;
  char_start: number;
  char_end: number;
  tokens: number;
  sha256: string;
}

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

export type FolderSettings = Pick<FolderInfo, 'id' | 'path' | 'addedAt'> & FolderOptions;

/** The columns of a kept chunk row that a re-chunking may change. */
interface KeptRow {
  id: number;
  sha256: string;
  ordinal: number;
  heading_json: string;
  title: string;
  page_start: number | null;
  page_end: number | null;
  page_label: string | null;
  char_start: number;
  char_end: number;
  tokens: number;
}

const KEPT_FIELDS = [
  'ordinal',
  'heading_json',
  'title',
  'page_start',
  'page_end',
  'page_label',
  'char_start',
  'char_end',
  'tokens',
] as const satisfies readonly (keyof KeptRow)[];

const sameKeptRow = (a: KeptRow, b: KeptRow) => KEPT_FIELDS.every((f) => a[f] === b[f]);

const DOCUMENT_COLUMNS =
  'id, folder_id, path, rel_path, kind, size, mtime_ms, status, message, flags_json, pages, chunk_count, indexed_at';
const CHUNK_COLUMNS =
  'c.id, c.document_id, c.ordinal, c.text, c.heading_json, c.page_start, c.page_end, c.page_label, c.char_start, c.char_end, c.tokens, c.sha256';
/** Rows per page when streaming vectors, so no statement stays open across a yield. */
const VECTOR_PAGE = 2048;

const now = () => new Date().toISOString();
const json = (ids: readonly (number | string)[]) => JSON.stringify(ids);

function toDocument(r: DocumentRow): DocumentInfo {
  return {
    id: r.id,
    folderId: r.folder_id,
    path: r.path,
    relPath: r.rel_path,
    kind: r.kind,
    size: r.size,
    mtimeMs: r.mtime_ms,
    status: r.status,
    message: r.message,
    flags: JSON.parse(r.flags_json) as DocFlag[],
    pages: r.pages,
    chunks: r.chunk_count,
    indexedAt: r.indexed_at,
  };
}

function toChunk(r: ChunkRow): StoredChunk {
  return {
    id: r.id,
    documentId: r.document_id,
    ordinal: r.ordinal,
    text: r.text,
    headingPath: JSON.parse(r.heading_json) as string[],
    pageStart: r.page_start,
    pageEnd: r.page_end,
    pageLabel: r.page_label,
    charStart: r.char_start,
    charEnd: r.char_end,
    tokens: r.tokens,
    sha256: r.sha256,
  };
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

/** The text the title column indexes: the parsed title (if any) and the file name without extension. */
export function chunkTitle(relPath: string, parsedTitle: string | null): string {
  const name = basename(relPath.replace(/\\/g, '/'));
  const stem = name.slice(0, name.length - extname(name).length) || name;
  const title = parsedTitle?.trim();
  if (!title || title.toLowerCase() === stem.toLowerCase()) return stem;
  return `${title} — ${stem}`;
}

/** The text the heading column indexes. */
export const headingText = (headingPath: string[]) => headingPath.join(' › ');

function assertDraft(d: ChunkDraft, i: number): void {
  if (typeof d.text !== 'string' || typeof d.sha256 !== 'string' || d.sha256.length === 0) {
    throw new TypeError(`chunk draft ${i}: text and sha256 are required`);
  }
  if (!Array.isArray(d.headingPath)) throw new TypeError(`chunk draft ${i}: headingPath must be an array`);
}

export class SqliteStore {
  private readonly sql: Sql;
  private readonly conversations: ConversationRepo;
  /** The persistent job queue, with the crash marks that say which file to blame for a death. */
  readonly jobs: JobQueue;
  private readonly globs = new PathGlobCache();
  private readonly keyword: KeywordSearcher;
  private closed = false;

  private constructor(
    readonly dataDir: string,
    private readonly db: Database.Database,
  ) {
    this.sql = new Sql(db);
    this.conversations = new ConversationRepo(this.sql);
    this.jobs = new JobQueue(this.sql);
    this.keyword = new KeywordSearcher(db, this.sql, this.globs, () => this.vectorGeneration());
  }

  /** Opens `<dataDir>/lucarne.db` (created if missing): WAL, migrations, quick_check. Throws StoreCorruptError. */
  static open(dataDir: string): SqliteStore {
    return new SqliteStore(dataDir, openDatabase(dataDir));
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      markClosedCleanly(this.db);
    } catch {
      // Disk full or read-only: the next open just runs the integrity check.
    }
    this.db.close();
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  /** Runs `fn` in one transaction (nested calls become savepoints). */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  // ---------------------------------------------------------------- settings

  /**
   * Documents whose text depends on OCR: images, scans, and files with scanned or OCR'd pages. Those
   * queued or being read are left out: they are read with the settings of the moment anyway.
   */
  documentsForOcr(): { id: number; folderId: number; path: string }[] {
    return this.sql.all<{ id: number; folderId: number; path: string }>(
      `SELECT id, folder_id AS folderId, path FROM documents
       WHERE status NOT IN ('queued', 'indexing')
         AND (kind = 'image' OR status IN ('no-text-layer', 'garbage-text')
              OR EXISTS (SELECT 1 FROM json_each(flags_json)
                         WHERE value IN ('no-text-layer-pages', 'garbage-pages', 'ocr-pages')))
       ORDER BY id`,
    );
  }

  getSetting<T>(key: string): T | undefined {
    const raw = this.sql.value<string>('SELECT value_json FROM settings WHERE key = ?', key);
    return raw === undefined ? undefined : (JSON.parse(raw) as T);
  }

  setSetting(key: string, value: unknown): void {
    if (value === undefined) {
      this.sql.run('DELETE FROM settings WHERE key = ?', key);
      return;
    }
    this.sql.run(
      'INSERT INTO settings(key, value_json) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value_json = excluded.value_json',
      key,
      JSON.stringify(value),
    );
  }

  // ---------------------------------------------------------------- folders

  /** Idempotent for the same (resolved) path; a second call updates the include/exclude globs. */
  addFolder(path: string, opts: FolderOptions): FolderInfo {
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
    return this.folderInfo(id)!;
  }

  /** Removes the folder with its documents, chunks, FTS rows and pending jobs; returns the removed chunk ids. */
  removeFolder(id: number): number[] {
    return this.transaction(() => {
      const chunkIds = this.sql.column<number>(
        'SELECT c.id FROM chunks c JOIN documents d ON d.id = c.document_id WHERE d.folder_id = ? ORDER BY c.id',
        id,
      );
      this.sql.run('DELETE FROM folders WHERE id = ?', id);
      if (chunkIds.length) this.bumpVectorGeneration();
      return chunkIds;
    });
  }

  listFolders(): FolderInfo[] {
    return this.sql.all<FolderRow>(`${this.folderSelect()} GROUP BY f.id ORDER BY f.path`).map(toFolder);
  }

  /**
   * A folder's path and rules, without its document counts: indexing asks for it once per file, and
   * counting a 100,000-document folder each time took ~90 % of the engine's time (listFolders counts).
   */
  getFolder(id: number): FolderSettings | null {
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

  private folderInfo(id: number): FolderInfo | null {
    const row = this.sql.get<FolderRow>(`${this.folderSelect()} WHERE f.id = ? GROUP BY f.id`, id);
    return row ? toFolder(row) : null;
  }

  private folderSelect(): string {
    const failed = FAILED_STATUSES.map((s) => `'${s}'`).join(', ');
    return `SELECT f.id, f.path, f.added_at, f.include_json, f.exclude_json, count(d.id) AS documents,
      coalesce(sum(d.status = 'indexed'), 0) AS indexed, coalesce(sum(d.status IN (${failed})), 0) AS failed,
      coalesce(sum(d.chunk_count), 0) AS chunks
      FROM folders f LEFT JOIN documents d ON d.folder_id = f.id`;
  }

  // ---------------------------------------------------------------- documents

  /** Inserts or updates a document's file facts. `changed`: the document is new, or its size or mtime differ. */
  upsertDocument(d: DocumentUpsert): { id: number; changed: boolean } {
    return this.transaction(() => {
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
    });
  }

  getDocument(id: number): DocumentInfo | null {
    const row = this.sql.get<DocumentRow>(`SELECT ${DOCUMENT_COLUMNS} FROM documents WHERE id = ?`, id);
    return row ? toDocument(row) : null;
  }

  getDocumentByPath(path: string): DocumentInfo | null {
    const row = this.sql.get<DocumentRow>(`SELECT ${DOCUMENT_COLUMNS} FROM documents WHERE path = ?`, path);
    return row ? toDocument(row) : null;
  }

  /** A page of documents ordered by relative path, with the total matching the filters. */
  listDocuments(q: DocumentListQuery = {}): { total: number; items: DocumentInfo[] } {
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
  documentPaths(folderId: number): Map<string, { id: number; size: number; mtimeMs: number; status: DocStatus }> {
    const rows = this.sql.all<{ id: number; path: string; size: number; mtime_ms: number; status: DocStatus }>(
      'SELECT id, path, size, mtime_ms, status FROM documents WHERE folder_id = ?',
      folderId,
    );
    return new Map(rows.map((r) => [r.path, { id: r.id, size: r.size, mtimeMs: r.mtime_ms, status: r.status }]));
  }

  /** `indexed` also stamps indexed_at. `extra` fields left undefined keep their stored value. */
  setDocumentStatus(
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
  setAsideDocuments(folderId: number): { id: number; path: string }[] {
    return this.sql.all<{ id: number; path: string }>(
      `SELECT id, path FROM documents WHERE folder_id = ?
         AND EXISTS (SELECT 1 FROM json_each(flags_json) WHERE value IN ('set-aside', 'update-failed'))`,
      folderId,
    );
  }

  /** The password is stored in plain text in the local database (see migrations.ts). */
  setDocumentPassword(id: number, password: string | null): void {
    this.sql.run('UPDATE documents SET password = ? WHERE id = ?', password, id);
  }

  getDocumentPassword(id: number): string | null {
    return this.sql.value<string | null>('SELECT password FROM documents WHERE id = ?', id) ?? null;
  }

  /**
   * Moves a document to a new path, keeping its chunks and vectors (only the title column of its FTS rows
   * changes). Returns its id, or null if no document has `oldPath`. A document already at `newPath` (the
   * rename overwrote a file) is deleted first; its chunk ids are then gone from the store, and the
   * FaissIndex drops them at its next reconcile()/flush().
   */
  renameDocument(oldPath: string, newPath: string, newRelPath: string, newFolderId?: number): number | null {
    return this.transaction(() => {
      const doc = this.sql.get<{ id: number; title: string | null }>(
        'SELECT id, title FROM documents WHERE path = ?',
        oldPath,
      );
      if (!doc) return null;
      if (newPath !== oldPath) {
        const target = this.sql.value<number>('SELECT id FROM documents WHERE path = ?', newPath);
        if (target !== undefined) this.deleteDocument(target);
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
    });
  }

  /** Deletes the document with its text, chunks and FTS rows; returns the removed chunk ids. */
  deleteDocument(id: number): number[] {
    return this.transaction(() => {
      const chunkIds = this.sql.column<number>('SELECT id FROM chunks WHERE document_id = ? ORDER BY id', id);
      this.sql.run('DELETE FROM documents WHERE id = ?', id);
      if (chunkIds.length) this.bumpVectorGeneration();
      return chunkIds;
    });
  }

  // ---------------------------------------------------------------- text + chunks

  /**
   * Replaces a document's text and chunks in ONE transaction. Rows whose sha256 matches a draft are kept
   * (multiset match; ordinal, offsets, pages and heading updated), the others deleted, new drafts inserted.
   * FTS follows through triggers; vector_generation is bumped when rows were added or removed.
   * `opts.title`: the parsed document title, indexed with the file name in the weighted title column.
   */
  replaceChunks(
    documentId: number,
    drafts: ChunkDraft[],
    text: string,
    pages: PageSpanRecord[],
    opts: { title?: string | null } = {},
  ): ChunkDiff {
    drafts.forEach(assertDraft);
    return this.transaction(() => {
      const doc = this.sql.get<{ rel_path: string; title: string | null }>(
        'SELECT rel_path, title FROM documents WHERE id = ?',
        documentId,
      );
      if (!doc) throw new Error(`replaceChunks: no document ${documentId}`);
      let parsedTitle = doc.title;
      if (opts.title !== undefined) {
        parsedTitle = opts.title?.trim() || null;
        this.sql.run('UPDATE documents SET title = ? WHERE id = ?', parsedTitle, documentId);
      }
      const title = chunkTitle(doc.rel_path, parsedTitle);
      // The chunks now belong to a version whose vectors and status are still to come (setDocumentStatus).
      this.sql.run('UPDATE documents SET chunks_complete = 0 WHERE id = ?', documentId);
      const pagesJson = JSON.stringify(
        pages.map((p) => ({
          number: p.number,
          label: p.label ?? null,
          start: p.start,
          end: p.end,
          ocr: p.ocr ?? null,
        })),
      );
      this.sql.run(
        `INSERT INTO document_text(document_id, text, pages_json) VALUES (?, ?, ?)
         ON CONFLICT(document_id) DO UPDATE SET text = excluded.text, pages_json = excluded.pages_json`,
        documentId,
        text,
        pagesJson,
      );

      const existing = this.sql.all<KeptRow>(
        `SELECT id, sha256, ordinal, heading_json, title, page_start, page_end, page_label, char_start, char_end, tokens
         FROM chunks WHERE document_id = ?`,
        documentId,
      );
      const existingById = new Map(existing.map((r) => [r.id, r]));
      const match = matchChunks(existing, drafts);

      for (const id of match.removedIds) this.sql.run('DELETE FROM chunks WHERE id = ?', id);
      for (const [index, id] of match.kept) {
        const d = drafts[index];
        const next: KeptRow = {
          id,
          sha256: d.sha256,
          ordinal: d.ordinal,
          heading_json: JSON.stringify(d.headingPath),
          title,
          page_start: d.pageStart,
          page_end: d.pageEnd,
          page_label: d.pageLabel,
          char_start: d.charStart,
          char_end: d.charEnd,
          tokens: d.tokens,
        };
        if (sameKeptRow(existingById.get(id)!, next)) continue;
        // The FTS trigger fires only when title/heading/text change, so offset-only updates are cheap.
        this.sql.run(
          `UPDATE chunks SET ordinal = ?, heading_json = ?, heading = ?, title = ?, page_start = ?, page_end = ?,
             page_label = ?, char_start = ?, char_end = ?, tokens = ? WHERE id = ?`,
          next.ordinal,
          next.heading_json,
          headingText(d.headingPath),
          title,
          next.page_start,
          next.page_end,
          next.page_label,
          next.char_start,
          next.char_end,
          next.tokens,
          id,
        );
      }
      const addedIds = new Map<number, number>();
      for (const index of match.added) {
        const d = drafts[index];
        const info = this.sql.run(
          `INSERT INTO chunks(document_id, ordinal, text, heading_json, heading, title, page_start, page_end, page_label,
             char_start, char_end, tokens, sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          documentId,
          d.ordinal,
          d.text,
          JSON.stringify(d.headingPath),
          headingText(d.headingPath),
          title,
          d.pageStart,
          d.pageEnd,
          d.pageLabel,
          d.charStart,
          d.charEnd,
          d.tokens,
          d.sha256,
        );
        addedIds.set(index, Number(info.lastInsertRowid));
      }
      this.sql.run(
        'UPDATE documents SET chunk_count = ?, updated_at = ? WHERE id = ?',
        drafts.length,
        now(),
        documentId,
      );
      if (match.removedIds.length || match.added.length) this.bumpVectorGeneration();

      const stored = (index: number, id: number): StoredChunk => {
        const d = drafts[index];
        return {
          id,
          documentId,
          ordinal: d.ordinal,
          text: d.text,
          headingPath: [...d.headingPath],
          pageStart: d.pageStart,
          pageEnd: d.pageEnd,
          pageLabel: d.pageLabel,
          charStart: d.charStart,
          charEnd: d.charEnd,
          tokens: d.tokens,
          sha256: d.sha256,
        };
      };
      return {
        added: match.added.map((index) => stored(index, addedIds.get(index)!)),
        kept: [...match.kept].sort((a, b) => a[0] - b[0]).map(([index, id]) => stored(index, id)),
        removedIds: match.removedIds,
      };
    });
  }

  /** Removes a document's chunks and text but keeps the document row (e.g. it became unreadable). */
  clearChunks(documentId: number): number[] {
    return this.transaction(() => {
      const ids = this.sql.column<number>('SELECT id FROM chunks WHERE document_id = ? ORDER BY id', documentId);
      this.sql.run('DELETE FROM chunks WHERE document_id = ?', documentId);
      this.sql.run('DELETE FROM document_text WHERE document_id = ?', documentId);
      this.sql.run('UPDATE documents SET chunk_count = 0 WHERE id = ?', documentId);
      if (ids.length) this.bumpVectorGeneration();
      return ids;
    });
  }

  /** The chunks with their document's path, kind and folder, in the order of `ids` (unknown ids are skipped). */
  getChunks(ids: number[]): ChunkWithSource[] {
    if (ids.length === 0) return [];
    const rows = this.sql.all<ChunkRow & { path: string; kind: FileKind | null; folder_id: number }>(
      `SELECT ${CHUNK_COLUMNS}, d.path, d.kind, d.folder_id FROM chunks c JOIN documents d ON d.id = c.document_id
       WHERE c.id IN (SELECT value FROM json_each(?))`,
      json(ids),
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    const out: ChunkWithSource[] = [];
    for (const id of ids) {
      const r = byId.get(id);
      if (r) out.push({ ...toChunk(r), path: r.path, kind: r.kind, folderId: r.folder_id });
    }
    return out;
  }

  /** A document's chunks in reading order. */
  documentChunks(documentId: number): StoredChunk[] {
    return this.sql
      .all<ChunkRow>(
        `SELECT ${CHUNK_COLUMNS} FROM chunks c WHERE c.document_id = ? ORDER BY c.ordinal, c.id`,
        documentId,
      )
      .map(toChunk);
  }

  getDocumentText(documentId: number): { text: string; pages: PageSpanRecord[] } | null {
    const row = this.sql.get<{ text: string; pages_json: string }>(
      'SELECT text, pages_json FROM document_text WHERE document_id = ?',
      documentId,
    );
    return row ? { text: row.text, pages: JSON.parse(row.pages_json) } : null;
  }

  chunkCount(): number {
    return this.sql.value<number>('SELECT count(*) FROM chunks') ?? 0;
  }

  // ---------------------------------------------------------------- embeddings

  getVectors(sha256s: string[], model: string): Map<string, Float32Array> {
    const out = new Map<string, Float32Array>();
    if (sha256s.length === 0) return out;
    const rows = this.sql.all<{ sha256: string; dim: number; vector: Buffer }>(
      'SELECT sha256, dim, vector FROM embeddings WHERE model = ? AND sha256 IN (SELECT value FROM json_each(?))',
      model,
      json(sha256s),
    );
    for (const r of rows) {
      const v = decodeVector(r.vector, r.dim);
      if (v) out.set(r.sha256, v);
    }
    return out;
  }

  /**
   * Caches vectors by (chunk hash, model) in one transaction; existing entries are kept as they are.
   * Bumps vector_generation when anything was inserted. Throws on a wrong dimension or a non-finite value,
   * or when `dim` differs from the dimension already stored for this model.
   */
  putVectors(model: string, dim: number, entries: { sha256: string; vector: Float32Array }[]): void {
    if (!model) throw new TypeError('putVectors: model is required');
    if (!Number.isInteger(dim) || dim <= 0) throw new RangeError(`putVectors: invalid dimension ${dim}`);
    entries.forEach((e, i) => {
      assertVector(e.vector, dim, `vector ${i} (${e.sha256})`);
    });
    if (entries.length === 0) return;
    this.transaction(() => {
      const storedDim = this.vectorDimension(model);
      if (storedDim !== null && storedDim !== dim) {
        throw new RangeError(`putVectors: model ${model} has ${storedDim}-dimension vectors, got ${dim}`);
      }
      if (storedDim === null) this.sql.run('INSERT INTO embedding_models(model, dim) VALUES (?, ?)', model, dim);
      let inserted = 0;
      for (const e of entries) {
        inserted += this.sql.run(
          'INSERT INTO embeddings(sha256, model, dim, vector) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
          e.sha256,
          model,
          dim,
          encodeVector(e.vector),
        ).changes;
      }
      if (inserted) this.bumpVectorGeneration();
    });
  }

  /** Chunks without a vector for `model`, oldest first: what is left to embed after a crash. */
  chunksMissingVectors(model: string, limit: number): StoredChunk[] {
    return this.sql
      .all<ChunkRow>(
        `SELECT ${CHUNK_COLUMNS} FROM chunks c
         WHERE NOT EXISTS (SELECT 1 FROM embeddings e WHERE e.sha256 = c.sha256 AND e.model = ?)
         ORDER BY c.id LIMIT ?`,
        model,
        Math.max(0, Math.floor(limit)),
      )
      .map(toChunk);
  }

  vectorsForChunks(chunkIds: number[], model: string): Map<number, Float32Array> {
    const out = new Map<number, Float32Array>();
    if (chunkIds.length === 0) return out;
    const rows = this.sql.all<{ id: number; dim: number; vector: Buffer }>(
      `SELECT c.id, e.dim, e.vector FROM json_each(?) j CROSS JOIN chunks c ON c.id = j.value
       CROSS JOIN embeddings e ON e.sha256 = c.sha256 AND e.model = ?`,
      json(chunkIds),
      model,
    );
    for (const r of rows) {
      const v = decodeVector(r.vector, r.dim);
      if (v) out.set(r.id, v);
    }
    return out;
  }

  /** Every chunk with a vector for `model`, in chunk id order (read page by page; no statement stays open). */
  *iterateChunkVectors(model: string): IterableIterator<{ chunkId: number; vector: Float32Array }> {
    const ids = this.chunkIdsWithVectors(model);
    for (let start = 0; start < ids.length; start += VECTOR_PAGE) {
      const page = ids.slice(start, start + VECTOR_PAGE);
      const vectors = this.vectorsForChunks(page, model);
      for (const chunkId of page) {
        const vector = vectors.get(chunkId);
        // A row deleted between two pages is simply skipped.
        if (vector) yield { chunkId, vector };
      }
    }
  }

  countChunkVectors(model: string): number {
    return (
      this.sql.value<number>(
        'SELECT count(*) FROM chunks c CROSS JOIN embeddings e ON e.sha256 = c.sha256 AND e.model = ?',
        model,
      ) ?? 0
    );
  }

  /** Ids of the chunks that have a vector for `model`, ascending. */
  chunkIdsWithVectors(model: string): number[] {
    // Sorted here: ORDER BY c.id would make SQLite walk the chunks table (text and all) instead of two indexes.
    return this.sql
      .column<number>('SELECT c.id FROM chunks c CROSS JOIN embeddings e ON e.sha256 = c.sha256 AND e.model = ?', model)
      .sort((a, b) => a - b);
  }

  /** The dimension stored for `model`, or null when it has no vectors yet. */
  vectorDimension(model: string): number | null {
    return this.sql.value<number>('SELECT dim FROM embedding_models WHERE model = ?', model) ?? null;
  }

  vectorGeneration(): number {
    return Number(this.sql.value<string>(`SELECT value FROM meta WHERE key = 'vector_generation'`) ?? 0);
  }

  /** Drops cached vectors no chunk uses any more (the cache otherwise keeps old versions of edited text). */
  pruneOrphanVectors(model?: string): number {
    const orphan = 'NOT EXISTS (SELECT 1 FROM chunks c WHERE c.sha256 = embeddings.sha256)';
    if (model === undefined) return this.sql.run(`DELETE FROM embeddings WHERE ${orphan}`).changes;
    return this.sql.run(`DELETE FROM embeddings WHERE model = ? AND ${orphan}`, model).changes;
  }

  private bumpVectorGeneration(): void {
    this.sql.run(`UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'vector_generation'`);
  }

  // ---------------------------------------------------------------- keyword search

  /**
   * BM25 over the FTS5 index (title, heading, text), OR semantics over the query's terms, higher = better.
   * Never throws on odd user text: FTS syntax is dropped and every term is quoted (see keyword-query.ts).
   */
  keywordSearch(query: string, k: number, filters: SearchFilters = {}, opts: KeywordSearchOptions = {}): KeywordHit[] {
    return this.keyword.search(query, k, filters, opts);
  }

  // ---------------------------------------------------------------- conversations

  createConversation(title: string): number {
    return this.conversations.create(title);
  }

  listConversations(): Conversation[] {
    return this.conversations.list();
  }

  getConversation(id: number): Conversation | null {
    return this.conversations.get(id);
  }

  renameConversation(id: number, title: string): void {
    this.conversations.rename(id, title);
  }

  deleteConversation(id: number): void {
    this.conversations.delete(id);
  }

  addMessage(m: NewMessage): number {
    return this.conversations.addMessage(m);
  }

  updateMessage(id: number, patch: MessagePatch): void {
    this.conversations.updateMessage(id, patch);
  }

  getMessage(id: number): Message | null {
    return this.conversations.getMessage(id);
  }

  listMessages(conversationId: number): Message[] {
    return this.conversations.listMessages(conversationId);
  }

  // ---------------------------------------------------------------- diagnostics

  /**
   * Full consistency check (slow on big databases; for tests, a "doctor" command, after a crash):
   * SQLite integrity_check, the FTS index against the chunks, orphans, chunk counts.
   */
  verifyIntegrity(): string[] {
    const problems: string[] = [];
    const integrity = this.sql.column<string>('PRAGMA integrity_check');
    if (integrity.length !== 1 || integrity[0] !== 'ok')
      problems.push(`integrity_check: ${integrity.slice(0, 5).join('; ')}`);
    const fk = this.sql.all<{ table: string }>('PRAGMA foreign_key_check');
    if (fk.length)
      problems.push(
        `foreign_key_check: ${fk.length} violation(s) in ${[...new Set(fk.map((r) => r.table))].join(', ')}`,
      );
    try {
      this.db.exec(`INSERT INTO chunks_fts(chunks_fts, rank) VALUES ('integrity-check', 1)`);
    } catch (err) {
      problems.push(`fts integrity-check: ${(err as Error).message}`);
    }
    const ftsOrphans = this.sql.value<number>(
      'SELECT count(*) FROM chunks_fts_docsize WHERE id NOT IN (SELECT id FROM chunks)',
    );
    if (ftsOrphans) problems.push(`${ftsOrphans} FTS row(s) without a chunk`);
    const unindexed = this.sql.value<number>(
      'SELECT count(*) FROM chunks WHERE id NOT IN (SELECT id FROM chunks_fts_docsize)',
    );
    if (unindexed) problems.push(`${unindexed} chunk(s) missing from the FTS index`);
    const orphanChunks = this.sql.value<number>(
      'SELECT count(*) FROM chunks WHERE document_id NOT IN (SELECT id FROM documents)',
    );
    if (orphanChunks) problems.push(`${orphanChunks} chunk(s) without a document`);
    const badCounts = this.sql.value<number>(
      'SELECT count(*) FROM documents d WHERE chunk_count <> (SELECT count(*) FROM chunks c WHERE c.document_id = d.id)',
    );
    if (badCounts) problems.push(`${badCounts} document(s) with a wrong chunk_count`);
    return problems;
  }
}
