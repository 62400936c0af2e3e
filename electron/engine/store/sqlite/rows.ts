// The rows of the documents and chunks tables as SQLite returns them, and their domain shapes. Shared by
// the parts that read them: the catalogue, the chunks and the embedding cache (chunks still to embed).
import type { FileKind } from '../../../../shared/types';
import type { DocFlag, DocStatus, DocumentInfo, StoredChunk } from '../types';

export interface DocumentRow {
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

export interface ChunkRow {
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

export const DOCUMENT_COLUMNS =
  'id, folder_id, path, rel_path, kind, size, mtime_ms, status, message, flags_json, pages, chunk_count, indexed_at';
export const CHUNK_COLUMNS =
  'c.id, c.document_id, c.ordinal, c.text, c.heading_json, c.page_start, c.page_end, c.page_label, c.char_start, c.char_end, c.tokens, c.sha256';

export const now = () => new Date().toISOString();
export const json = (ids: readonly (number | string)[]) => JSON.stringify(ids);

export function toDocument(r: DocumentRow): DocumentInfo {
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

export function toChunk(r: ChunkRow): StoredChunk {
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
