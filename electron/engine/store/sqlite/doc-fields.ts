// The document fields: what a person uses to name a document ("Apple's Q3 2023 10-Q", "le rapport 2019 de
// Best Buy"), indexed per document in doc_fields_fts (migration 4) apart from the chunks: the file name, the
// folders it sits in, its title, its metadata (author, subject, keywords, dates), a short "card" from its
// start (where reports name the issuer, the period and the form: "Apple Inc. … Trading symbol AAPL"), and the
// normalised period tokens of all of these (text/periods.ts). Search scores a question against them and
// favours the chunks of the documents it names (search/doc-refs.ts).
// Written when a document's chunks are stored and when it is renamed; a trigger drops the row with the
// document (migration 4), so folder removals and cascades are covered too.
import { basename, extname } from 'node:path';
import { periodTokens } from '../../text/periods';
import { FTS_TOKENIZER } from '../fts-tokenizer';
import type { DocumentMeta } from '../types';
import type Database from 'better-sqlite3';
import { queryTerms } from './keyword-query';

/** Words of the document's start kept as its card: a report's cover names issuer, form and period in ~200. */
export const CARD_WORDS = 200;
/** Columns of doc_fields_fts, in order (the BM25 weights of search follow this order). */
export const DOC_FIELD_COLUMNS = [
  'name',
  'folders',
  'title',
  'meta',
  'dates',
  'card',
  'card_periods',
  'periods',
] as const;
/**
 * A title names the document when the question says most of it ("Résume « Free Culture »"); a question
 * sharing a few topic words with a paper's title is about the topic, which the passages' own BM25 measures
 * (SciFact with titles stored: nDCG@10 0.797 → 0.762 on the Chroma comparison sample when any title word counted).
 */
const TITLE_NAMED_SHARE = 0.5;
/** Columns that hold the document's first words and what is read from them (not a name of the document). */
const CARD_COLUMNS = new Set(['card', 'card_periods']);

export interface DocFieldValues {
  name: string;
  folders: string;
  title: string;
  meta: string;
  dates: string;
  card: string;
  /** Periods of the card ("quarterly period ended July 1, 2023"), apart: a card is running text too. */
  card_periods: string;
  periods: string;
}

export interface DocFieldHit {
  documentId: number;
  /** BM25F over the fields, higher is better. */
  score: number;
  /** Matched outside the card: the question names the document by its name, title, metadata or period. */
  named: boolean;
}

/** The file name without its extension, with _ and . between words read as spaces ("3M_2018_10K"). */
function nameField(relPath: string): string {
  const name = basename(relPath.replace(/\\/g, '/'));
  const stem = name.slice(0, name.length - extname(name).length) || name;
  return stem.replace(/[_.]+/g, ' ').trim();
}

/** The folders between the library folder and the file, and the library folder's own name. */
function foldersField(relPath: string, folderPath: string | null): string {
  const parts = relPath.replace(/\\/g, '/').split('/').slice(0, -1);
  const root = folderPath ? basename(folderPath.replace(/\\/g, '/').replace(/\/+$/, '')) : '';
  return [root, ...parts]
    .filter(Boolean)
    .map((p) => p.replace(/[_.]+/g, ' '))
    .join(' / ');
}

/** The first CARD_WORDS words of the text. */
export function cardOf(text: string): string {
  const words = text
    .slice(0, CARD_WORDS * 20)
    .split(/\s+/)
    .filter(Boolean);
  return words.slice(0, CARD_WORDS).join(' ');
}

/** Author, subject and keywords: words, read for periods too ("for the period ending 2023-07-01"). */
function metaText(meta: DocumentMeta | null | undefined): string {
  return joinText([meta?.author, meta?.subject, meta?.keywords]);
}

/**
 * Creation and modification dates: kept apart from the periods, since a report on 2022 is often written
 * in 2023; they still match a question's date words through their own column.
 */
function datesText(meta: DocumentMeta | null | undefined): string {
  return joinText([meta?.created, meta?.modified]);
}

function joinText(values: (string | undefined)[]): string {
  return values
    .filter((v): v is string => typeof v === 'string' && v.trim() !== '')
    .map((v) => v.replace(/\s+/g, ' ').trim())
    .join(' · ');
}

/** All fields of a document, from its place, title, metadata text and card. */
export function docFieldValues(input: {
  relPath: string;
  folderPath: string | null;
  title: string | null;
  meta: string;
  dates: string;
  card: string;
}): DocFieldValues {
  const name = nameField(input.relPath);
  const folders = foldersField(input.relPath, input.folderPath);
  const title = input.title?.trim() ?? '';
  const periods = new Set([
    // Short fields name their year alone ("3M_2018_10K", "Rapport annuel 2019"); running text does not.
    ...periodTokens(`${name} · ${folders} · ${title}`, { bareYears: true }),
    ...periodTokens(input.meta),
  ]);
  return {
    name,
    folders,
    title,
    meta: input.meta,
    dates: input.dates,
    card: input.card,
    card_periods: periodTokens(input.card).join(' '),
    periods: [...periods].sort().join(' '),
  };
}

/**
 * The statements DocFields runs: the store's Sql satisfies it, the migration passes a plain adapter (the
 * migrations run before the store's Sql exists, and importing it here would make an import cycle).
 */
export interface Statements {
  all<R>(sql: string, ...params: unknown[]): R[];
  get<R>(sql: string, ...params: unknown[]): R | undefined;
  run(sql: string, ...params: unknown[]): unknown;
}

export class DocFields {
  constructor(private readonly sql: Statements) {}

  /** Writes every field of a document from its text. `meta` undefined keeps the stored metadata. */
  write(documentId: number, text: string, meta?: DocumentMeta | null): void {
    const doc = this.document(documentId);
    if (!doc) return;
    const stored = meta === undefined ? this.stored(documentId) : null;
    const values = docFieldValues({
      ...doc,
      meta: stored ? stored.meta : metaText(meta),
      dates: stored ? stored.dates : datesText(meta),
      card: cardOf(text),
    });
    this.put(documentId, values);
  }

  /** Re-reads the name, folders and title (after a rename), keeping the card and the metadata. */
  refreshName(documentId: number): void {
    const stored = this.stored(documentId);
    const doc = stored && this.document(documentId);
    if (!stored || !doc) return;
    this.put(documentId, docFieldValues({ ...doc, meta: stored.meta, dates: stored.dates, card: stored.card }));
  }

  get(documentId: number): DocFieldValues | null {
    return this.stored(documentId);
  }

  /**
   * The documents whose fields best match the query's words and period tokens, best first, scored as BM25F
   * without length normalisation: Σ over query tokens of idf · Σ over columns of weight · tf / (tf + 1.2),
   * with Lucene's idf ln(1 + (N − df + 0.5) / (df + 0.5)). Not FTS5's bm25(): its idf is clamped to ~0 for
   * a token in half the rows or more, and a library of three reports, two of them Apple's, must still tell
   * Apple from NVIDIA. The fields are short (the card is cut), so length normalisation has little to do.
   * `named`: the document matched outside its card and the card's periods (name, folders, title, metadata,
   * dates or their periods).
   * `allowed`: only these documents (null: all).
   */
  search(query: string, periods: string[], limit: number, weights: number[], allowed: number[] | null): DocFieldHit[] {
    if (limit < 1 || allowed?.length === 0) return [];
    this.prepare();
    const tokens = [...new Set([...this.tokens(queryTerms(query)), ...periods])];
    if (tokens.length === 0) return [];
    const only = allowed ? new Set(allowed) : null;
    const total = only?.size ?? this.sql.get<{ n: number }>('SELECT count(*) AS n FROM doc_fields_fts')?.n ?? 0;
    const scores = new Map<number, { score: number; named: boolean; titleTokens: number }>();
    for (const token of tokens) {
      const rows = this.sql
        .all<{ doc: number; col: string; tf: number }>(
          'SELECT doc, col, count(*) AS tf FROM temp.lucarne_doc_fields_instance WHERE term = ? GROUP BY doc, col',
          token,
        )
        .filter((r) => !only || only.has(r.doc));
      const df = new Set(rows.map((r) => r.doc)).size;
      if (df === 0) continue;
      const idf = Math.log(1 + (total - df + 0.5) / (df + 0.5));
      for (const r of rows) {
        const column = DOC_FIELD_COLUMNS.indexOf(r.col as (typeof DOC_FIELD_COLUMNS)[number]);
        const weight = weights[column] ?? 0;
        if (!(weight > 0)) continue;
        const entry = scores.get(r.doc) ?? { score: 0, named: false, titleTokens: 0 };
        entry.score += idf * weight * (r.tf / (r.tf + 1.2));
        if (r.col === 'title') entry.titleTokens++;
        else if (!CARD_COLUMNS.has(r.col)) entry.named = true;
        scores.set(r.doc, entry);
      }
    }
    return [...scores.entries()]
      .sort((a, b) => b[1].score - a[1].score || a[0] - b[0])
      .slice(0, limit)
      .map(([documentId, e]) => ({
        documentId,
        score: e.score,
        named: e.named || (e.titleTokens > 0 && e.titleTokens >= TITLE_NAMED_SHARE * this.titleLength(documentId)),
      }));
  }

  /**
   * Distinct tokens of the document's title, made by the same tokenizer as the query's. (Read from the vocab
   * table by document, it was a scan of the whole index per hit: 61 ms a query at 10k chunks.)
   */
  private titleLength(documentId: number): number {
    const title = this.stored(documentId)?.title ?? '';
    return title === '' ? 0 : new Set(this.tokens(queryTerms(title))).size;
  }

  /** The tokens FTS5 makes of the query terms (folded, porter-stemmed), through a temporary table. */
  private tokens(terms: string[]): string[] {
    if (terms.length === 0) return [];
    const out: string[] = [];
    this.sql.run('INSERT INTO temp.lucarne_doc_query(rowid, q) VALUES (1, ?)', terms.join(' '));
    for (const r of this.sql.all<{ term: string }>(
      'SELECT term FROM temp.lucarne_doc_query_instance ORDER BY offset',
    )) {
      out.push(r.term);
    }
    this.sql.run('DELETE FROM temp.lucarne_doc_query');
    return out;
  }

  private prepared = false;

  /** Temporary (per-connection) helper tables: a query tokenizer, and the fields' token instances. */
  private prepare(): void {
    if (this.prepared) return;
    this.sql.run(
      `CREATE VIRTUAL TABLE IF NOT EXISTS temp.lucarne_doc_query USING fts5(q, tokenize = '${FTS_TOKENIZER}')`,
    );
    this.sql.run(
      "CREATE VIRTUAL TABLE IF NOT EXISTS temp.lucarne_doc_query_instance USING fts5vocab(temp, lucarne_doc_query, 'instance')",
    );
    this.sql.run(
      "CREATE VIRTUAL TABLE IF NOT EXISTS temp.lucarne_doc_fields_instance USING fts5vocab(main, doc_fields_fts, 'instance')",
    );
    this.prepared = true;
  }

  private put(documentId: number, v: DocFieldValues): void {
    this.sql.run('DELETE FROM doc_fields_fts WHERE rowid = ?', documentId);
    this.sql.run(
      `INSERT INTO doc_fields_fts(rowid, name, folders, title, meta, dates, card, card_periods, periods)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      documentId,
      v.name,
      v.folders,
      v.title,
      v.meta,
      v.dates,
      v.card,
      v.card_periods,
      v.periods,
    );
  }

  private stored(documentId: number): DocFieldValues | null {
    return (
      this.sql.get<DocFieldValues>(
        'SELECT name, folders, title, meta, dates, card, card_periods, periods FROM doc_fields_fts WHERE rowid = ?',
        documentId,
      ) ?? null
    );
  }

  private document(documentId: number): { relPath: string; folderPath: string | null; title: string | null } | null {
    return (
      this.sql.get<{ relPath: string; folderPath: string | null; title: string | null }>(
        `SELECT d.rel_path AS relPath, f.path AS folderPath, d.title FROM documents d
         LEFT JOIN folders f ON f.id = d.folder_id WHERE d.id = ?`,
        documentId,
      ) ?? null
    );
  }
}

/** Fills doc_fields_fts for every document that has text (migration 4, on a library indexed before it). */
export function fillDocFields(db: Database.Database): number {
  const sql: Statements = {
    all: <R>(q: string, ...p: unknown[]) => db.prepare(q).all(...p) as R[],
    get: <R>(q: string, ...p: unknown[]) => db.prepare(q).get(...p) as R | undefined,
    run: (q: string, ...p: unknown[]) => db.prepare(q).run(...p),
  };
  const fields = new DocFields(sql);
  // The metadata of files indexed before the fields existed is unknown until they are indexed again.
  const rows = sql.all<{ id: number; text: string }>(
    `SELECT d.id, substr(t.text, 1, ${CARD_WORDS * 20}) AS text FROM documents d
     JOIN document_text t ON t.document_id = d.id ORDER BY d.id`,
  );
  for (const r of rows) fields.write(r.id, r.text, null);
  return rows.length;
}
