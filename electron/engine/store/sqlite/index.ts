// The embedded store: one SQLite database (WAL) that is the source of truth for folders, documents,
// their text and chunks, the FTS5 keyword index, the embedding cache, the job queue, settings and
// conversations. Synchronous, like better-sqlite3; every multi-row change is one transaction.
//
// SqliteStore opens the database and assembles one part per responsibility, each a module of this folder:
// the catalogue (folders.ts, documents.ts, settings.ts, meta.ts), chunks.ts, the keyword index
// (keyword-search.ts), the embedding cache (embeddings.ts, generation.ts) and integrity.ts; its methods are the
// store's API and delegate to them. Conversations are reached through the `conversations` field
// (conversations.ts), the job queue through the `jobs` field (../jobs.ts).
import type { PageSpan } from '../../../../shared/types';
import type Database from 'better-sqlite3';
import { JobQueue } from '../jobs';
import { markClosedCleanly, openDatabase, Sql } from '../open-database';
import { PathGlobCache } from '../path-glob';
import type {
  ChunkDiff,
  ChunkDraft,
  DocFlag,
  DocStatus,
  DocumentInfo,
  DocumentUpsert,
  DocumentMeta,
  FolderInfo,
  FolderOptions,
  KeywordHit,
  SearchFilters,
  StoredChunk,
} from '../types';
import { type ChunkWithSource, Chunks } from './chunks';
import { ConversationRepo } from './conversations';
import { type DocFieldHit, DocFields, type DocFieldValues } from './doc-fields';
import { type DocumentListQuery, Documents } from './documents';
import { EmbeddingCache } from './embeddings';
import { type FolderSettings, Folders } from './folders';
import { vectorGeneration } from './generation';
import { verifyIntegrity } from './integrity';
import { KeywordSearcher, type KeywordSearchOptions } from './keyword-search';
import { MetaTable } from './meta';
import { SettingsTable } from './settings';

export { StoreCorruptError } from '../open-database';
export { StoreVersionError } from '../migrations';
export type { ChunkWithSource } from './chunks';
export type { Conversation, Message, MessagePatch, NewMessage } from './conversations';
export type { DocFieldHit, DocFieldValues } from './doc-fields';
export type { DocumentListQuery } from './documents';
export { FAILED_STATUSES, type FolderSettings } from './folders';
export { chunkTitle, headingText } from './fts-columns';
export type { KeywordSearchOptions } from './keyword-search';

export class SqliteStore {
  private readonly sql: Sql;
  /** Conversations and their messages (conversations.ts). */
  readonly conversations: ConversationRepo;
  /** The persistent job queue, with the crash marks that say which file to blame for a death. */
  readonly jobs: JobQueue;
  private readonly globs = new PathGlobCache();
  private readonly keyword: KeywordSearcher;
  private readonly settings: SettingsTable;
  private readonly meta: MetaTable;
  private readonly folders: Folders;
  private readonly documents: Documents;
  private readonly chunks: Chunks;
  private readonly docFields: DocFields;
  private readonly vectors: EmbeddingCache;
  private closed = false;

  private constructor(
    readonly dataDir: string,
    private readonly db: Database.Database,
  ) {
    this.sql = new Sql(db);
    this.conversations = new ConversationRepo(this.sql);
    this.jobs = new JobQueue(this.sql);
    this.keyword = new KeywordSearcher(db, this.sql, this.globs, () => this.vectorGeneration());
    this.settings = new SettingsTable(this.sql);
    this.meta = new MetaTable(this.sql);
    this.folders = new Folders(this.sql);
    this.documents = new Documents(this.sql);
    this.chunks = new Chunks(this.sql);
    this.docFields = new DocFields(this.sql);
    this.vectors = new EmbeddingCache(this.sql);
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

  // ---------------------------------------------------------------- settings (settings.ts)

  getSetting<T>(key: string): T | undefined {
    return this.settings.get<T>(key);
  }

  setSetting(key: string, value: unknown): void {
    this.settings.set(key, value);
  }

  // ---------------------------------------------------------------- meta (meta.ts)

  /** A record about the store itself (not a user setting), or null when absent. */
  getMeta(key: string): string | null {
    return this.meta.get(key);
  }

  /** `null` deletes the key. */
  setMeta(key: string, value: string | null): void {
    this.meta.set(key, value);
  }

  // ---------------------------------------------------------------- folders (folders.ts)

  addFolder(path: string, opts: FolderOptions): FolderInfo {
    return this.folders.add(path, opts);
  }

  removeFolder(id: number): number[] {
    return this.folders.remove(id);
  }

  listFolders(): FolderInfo[] {
    return this.folders.list();
  }

  getFolder(id: number): FolderSettings | null {
    return this.folders.get(id);
  }

  // ---------------------------------------------------------------- documents (documents.ts)

  upsertDocument(d: DocumentUpsert): { id: number; changed: boolean } {
    return this.documents.upsert(d);
  }

  getDocument(id: number): DocumentInfo | null {
    return this.documents.get(id);
  }

  getDocumentByPath(path: string): DocumentInfo | null {
    return this.documents.getByPath(path);
  }

  listDocuments(q: DocumentListQuery = {}): { total: number; items: DocumentInfo[] } {
    return this.documents.list(q);
  }

  documentPaths(folderId: number): Map<string, { id: number; size: number; mtimeMs: number; status: DocStatus }> {
    return this.documents.paths(folderId);
  }

  documentsForOcr(): { id: number; folderId: number; path: string }[] {
    return this.documents.forOcr();
  }

  setDocumentStatus(
    id: number,
    status: DocStatus,
    message: string | null,
    extra: { flags?: DocFlag[]; pages?: number | null; sha256?: string; keepIndexedAt?: boolean } = {},
  ): void {
    this.documents.setStatus(id, status, message, extra);
  }

  chunksComplete(id: number): boolean {
    return this.documents.chunksComplete(id);
  }

  setAsideDocuments(folderId: number): { id: number; path: string }[] {
    return this.documents.setAside(folderId);
  }

  setDocumentPassword(id: number, password: string | null): void {
    this.documents.setPassword(id, password);
  }

  documentContentHash(id: number): string | null {
    return this.documents.contentHash(id);
  }

  getDocumentPassword(id: number): string | null {
    return this.documents.getPassword(id);
  }

  renameDocument(oldPath: string, newPath: string, newRelPath: string, newFolderId?: number): number | null {
    return this.transaction(() => {
      const id = this.documents.rename(oldPath, newPath, newRelPath, newFolderId);
      if (id !== null) this.docFields.refreshName(id);
      return id;
    });
  }

  deleteDocument(id: number): number[] {
    return this.documents.delete(id);
  }

  // ---------------------------------------------------------------- text + chunks (chunks.ts)

  replaceChunks(
    documentId: number,
    drafts: ChunkDraft[],
    text: string,
    pages: PageSpan[],
    /** meta: the file's metadata (author, subject, dates); undefined keeps what the fields hold. */
    opts: { title?: string | null; meta?: DocumentMeta | null } = {},
  ): ChunkDiff {
    return this.transaction(() => {
      const diff = this.chunks.replace(documentId, drafts, text, pages, opts);
      this.docFields.write(documentId, text, opts.meta);
      return diff;
    });
  }

  clearChunks(documentId: number): number[] {
    return this.chunks.clear(documentId);
  }

  getChunks(ids: number[]): ChunkWithSource[] {
    return this.chunks.get(ids);
  }

  documentChunks(documentId: number): StoredChunk[] {
    return this.chunks.ofDocument(documentId);
  }

  getDocumentText(documentId: number): { text: string; pages: PageSpan[] } | null {
    return this.chunks.documentText(documentId);
  }

  chunkCount(): number {
    return this.chunks.count();
  }

  // ---------------------------------------------------------------- embeddings (embeddings.ts)

  getVectors(sha256s: string[], model: string): Map<string, Float32Array> {
    return this.vectors.get(sha256s, model);
  }

  putVectors(model: string, dim: number, entries: { sha256: string; vector: Float32Array }[]): void {
    this.vectors.put(model, dim, entries);
  }

  chunksMissingVectors(model: string, limit: number): StoredChunk[] {
    return this.vectors.chunksMissing(model, limit);
  }

  vectorsForChunks(chunkIds: number[], model: string): Map<number, Float32Array> {
    return this.vectors.forChunks(chunkIds, model);
  }

  iterateChunkVectors(model: string): IterableIterator<{ chunkId: number; vector: Float32Array }> {
    return this.vectors.iterateChunks(model);
  }

  countChunkVectors(model: string): number {
    return this.vectors.countChunks(model);
  }

  chunkIdsWithVectors(model: string): number[] {
    return this.vectors.chunkIds(model);
  }

  vectorDimension(model: string): number | null {
    return this.vectors.dimension(model);
  }

  vectorGeneration(): number {
    return vectorGeneration(this.sql);
  }

  pruneOrphanVectors(model?: string): number {
    return this.vectors.pruneOrphans(model);
  }

  // ---------------------------------------------------------------- keyword search (keyword-search.ts)

  /**
   * BM25 over the FTS5 index (title, heading, text), OR semantics over the query's terms, higher = better.
   * Never throws on odd user text: FTS syntax is dropped and every term is quoted (see keyword-query.ts).
   */
  keywordSearch(query: string, k: number, filters: SearchFilters = {}, opts: KeywordSearchOptions = {}): KeywordHit[] {
    return this.keyword.search(query, k, filters, opts);
  }

  // ---------------------------------------------------------------- document fields (doc-fields.ts)

  /**
   * The documents whose fields (file name, folders, title, metadata, first words, periods) best match the
   * query's words and period tokens, BM25 with per-column weights, best first, within the filters.
   */
  documentFieldSearch(
    query: string,
    periods: string[],
    limit: number,
    opts: { filters?: SearchFilters; weights: number[] },
  ): DocFieldHit[] {
    const allowed = this.keyword.allowedDocuments(opts.filters ?? {});
    return this.docFields.search(query, periods, limit, opts.weights, allowed);
  }

  /** A document's indexed fields (null: none written yet). */
  documentFields(documentId: number): DocFieldValues | null {
    return this.docFields.get(documentId);
  }

  // ---------------------------------------------------------------- diagnostics (integrity.ts)

  /** Full consistency check: SQLite integrity_check, the FTS index against the chunks, orphans, chunk counts. */
  verifyIntegrity(): string[] {
    return verifyIntegrity(this.sql);
  }
}
