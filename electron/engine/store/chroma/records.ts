// One chunk as a Chroma record: id = the chunk id, document = the chunk text, metadata = where it comes
// from (document, path, folder, page span, offsets, heading) and the file facts a teammate's client or a
// migration back to the embedded store needs to rebuild the catalog without the original machine.
import type { Metadata, Where } from 'chromadb';
import { FileKindSchema } from '../../../../shared/api';
import type { FileKind, SearchFilters } from '../../../../shared/types';
import type { ChunkWithSource, SqliteStore } from '../sqlite';

/** A chunk as read back from Chroma: everything search and citations need, plus the file facts. */
export interface RemoteChunk extends ChunkWithSource {
  relPath: string;
  folderPath: string;
  docSize: number;
  docMtimeMs: number;
  docPages: number | null;
}

export const FILE_KINDS: readonly FileKind[] = FileKindSchema.options;

export const recordId = (chunkId: number) => String(chunkId);

export function chunkIdOf(recordId: string): number | null {
  if (!/^\d{1,15}$/.test(recordId)) return null;
  const n = Number(recordId);
  return Number.isSafeInteger(n) ? n : null;
}

/** A record's embedding: the vector at unit length (the collection's space is inner product), as numbers. */
export function normalize(v: Float32Array): number[] {
  let sum = 0;
  for (let i = 0; i < v.length; i++) sum += v[i] * v[i];
  const inv = sum > 0 ? 1 / Math.sqrt(sum) : 0;
  return Array.from(v, (x) => x * inv);
}

/** Record metadata. Chroma metadata values are scalars: null fields are left out, the heading is JSON. */
export function chunkMetadata(c: RemoteChunk): Metadata {
  const m: Metadata = {
    chunk_id: c.id,
    document_id: c.documentId,
    folder_id: c.folderId,
    ordinal: c.ordinal,
    sha256: c.sha256,
    path: c.path,
    rel_path: c.relPath,
    folder: c.folderPath,
    heading: JSON.stringify(c.headingPath),
    char_start: c.charStart,
    char_end: c.charEnd,
    tokens: c.tokens,
    doc_size: c.docSize,
    doc_mtime_ms: c.docMtimeMs,
  };
  if (c.kind !== null) m.kind = c.kind;
  if (c.pageStart !== null) m.page_start = c.pageStart;
  if (c.pageEnd !== null) m.page_end = c.pageEnd;
  if (c.pageLabel !== null) m.page_label = c.pageLabel;
  if (c.docPages !== null) m.doc_pages = c.docPages;
  return m;
}

/** The records whose metadata passes the kind and folder filters (undefined: no such filter). */
export function whereFor(filters: SearchFilters | undefined): Where | undefined {
  const parts: Where[] = [];
  if (filters?.kinds?.length) parts.push({ kind: { $in: [...filters.kinds] } });
  if (filters?.folderIds?.length) parts.push({ folder_id: { $in: [...filters.folderIds] } });
  if (parts.length === 0) return undefined;
  return parts.length === 1 ? parts[0] : { $and: parts };
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

function headingOf(v: unknown): string[] {
  if (typeof v !== 'string') return [];
  try {
    const parsed: unknown = JSON.parse(v);
    return Array.isArray(parsed) ? parsed.filter((h): h is string => typeof h === 'string') : [];
  } catch {
    return [];
  }
}

/** The chunk a record describes, or null when the record was not written by Lucarne. */
export function chunkFromRecord(
  id: string,
  document: string | null | undefined,
  meta: Metadata | null | undefined,
): RemoteChunk | null {
  const chunkId = chunkIdOf(id);
  if (chunkId === null || !meta) return null;
  const path = str(meta.path);
  const documentId = num(meta.document_id);
  if (path === null || documentId === null) return null;
  const kind = str(meta.kind);
  return {
    id: chunkId,
    documentId,
    folderId: num(meta.folder_id) ?? 0,
    ordinal: num(meta.ordinal) ?? 0,
    text: document ?? '',
    headingPath: headingOf(meta.heading),
    pageStart: num(meta.page_start),
    pageEnd: num(meta.page_end),
    pageLabel: str(meta.page_label),
    charStart: num(meta.char_start) ?? 0,
    charEnd: num(meta.char_end) ?? 0,
    tokens: num(meta.tokens) ?? 0,
    sha256: str(meta.sha256) ?? '',
    path,
    kind: kind !== null && (FILE_KINDS as string[]).includes(kind) ? (kind as FileKind) : null,
    relPath: str(meta.rel_path) ?? path,
    folderPath: str(meta.folder) ?? '',
    docSize: num(meta.doc_size) ?? 0,
    docMtimeMs: num(meta.doc_mtime_ms) ?? 0,
    docPages: num(meta.doc_pages),
  };
}

/** The chunks of `ids` as records-to-be, read from the local catalog (ids the store no longer has are skipped). */
export function localChunks(store: SqliteStore, ids: number[]): RemoteChunk[] {
  const chunks = store.getChunks(ids);
  const docs = new Map<number, { relPath: string; size: number; mtimeMs: number; pages: number | null } | null>();
  const folders = new Map<number, string>();
  const out: RemoteChunk[] = [];
  for (const c of chunks) {
    if (!docs.has(c.documentId)) {
      const d = store.getDocument(c.documentId);
      docs.set(c.documentId, d ? { relPath: d.relPath, size: d.size, mtimeMs: d.mtimeMs, pages: d.pages } : null);
    }
    const doc = docs.get(c.documentId);
    if (!doc) continue;
    if (!folders.has(c.folderId)) folders.set(c.folderId, store.getFolder(c.folderId)?.path ?? '');
    out.push({
      ...c,
      relPath: doc.relPath,
      folderPath: folders.get(c.folderId) ?? '',
      docSize: doc.size,
      docMtimeMs: doc.mtimeMs,
      docPages: doc.pages,
    });
  }
  return out;
}
