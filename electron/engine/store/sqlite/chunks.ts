// A document's text and its chunks: replaced in one transaction when the document is (re)indexed, keeping
// the rows whose text is unchanged (so their ids, vectors and FAISS positions stay), and read back by id,
// by document or in reading order. The FTS5 index follows the chunks table through triggers.
import type { FileKind, PageSpan } from '../../../../shared/types';
import type { Sql } from '../open-database';
import type { ChunkDiff, ChunkDraft, StoredChunk } from '../types';
import { matchChunks } from './chunk-diff';
import { chunkTitle, headingText } from './fts-columns';
import { bumpVectorGeneration } from './generation';
import { CHUNK_COLUMNS, type ChunkRow, json, now, toChunk } from './rows';

export type ChunkWithSource = StoredChunk & { path: string; kind: FileKind | null; folderId: number };

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

function assertDraft(d: ChunkDraft, i: number): void {
  if (typeof d.text !== 'string' || typeof d.sha256 !== 'string' || d.sha256.length === 0) {
    throw new TypeError(`chunk draft ${i}: text and sha256 are required`);
  }
  if (!Array.isArray(d.headingPath)) throw new TypeError(`chunk draft ${i}: headingPath must be an array`);
}

export class Chunks {
  constructor(private readonly sql: Sql) {}

  /**
   * Replaces a document's text and chunks in ONE transaction. Rows whose sha256 matches a draft are kept
   * (multiset match; ordinal, offsets, pages and heading updated), the others deleted, new drafts inserted.
   * FTS follows through triggers; vector_generation is bumped when rows were added or removed.
   * `opts.title`: the parsed document title, indexed with the file name in the weighted title column.
   */
  replace(
    documentId: number,
    drafts: ChunkDraft[],
    text: string,
    pages: PageSpan[],
    opts: { title?: string | null } = {},
  ): ChunkDiff {
    drafts.forEach(assertDraft);
    return this.sql.db.transaction(() => {
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
          // Running headers and footers: page metadata, out of the text (parse/running-lines.ts).
          ...(p.running ? { running: p.running } : {}),
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
      if (match.removedIds.length || match.added.length) bumpVectorGeneration(this.sql);

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
    })();
  }

  /** Removes a document's chunks and text but keeps the document row (e.g. it became unreadable). */
  clear(documentId: number): number[] {
    return this.sql.db.transaction(() => {
      const ids = this.sql.column<number>('SELECT id FROM chunks WHERE document_id = ? ORDER BY id', documentId);
      this.sql.run('DELETE FROM chunks WHERE document_id = ?', documentId);
      this.sql.run('DELETE FROM document_text WHERE document_id = ?', documentId);
      this.sql.run('UPDATE documents SET chunk_count = 0 WHERE id = ?', documentId);
      if (ids.length) bumpVectorGeneration(this.sql);
      return ids;
    })();
  }

  /** The chunks with their document's path, kind and folder, in the order of `ids` (unknown ids are skipped). */
  get(ids: number[]): ChunkWithSource[] {
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
  ofDocument(documentId: number): StoredChunk[] {
    return this.sql
      .all<ChunkRow>(
        `SELECT ${CHUNK_COLUMNS} FROM chunks c WHERE c.document_id = ? ORDER BY c.ordinal, c.id`,
        documentId,
      )
      .map(toChunk);
  }

  documentText(documentId: number): { text: string; pages: PageSpan[] } | null {
    const row = this.sql.get<{ text: string; pages_json: string }>(
      'SELECT text, pages_json FROM document_text WHERE document_id = ?',
      documentId,
    );
    return row ? { text: row.text, pages: JSON.parse(row.pages_json) } : null;
  }

  count(): number {
    return this.sql.value<number>('SELECT count(*) FROM chunks') ?? 0;
  }
}
