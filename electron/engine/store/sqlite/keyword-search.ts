// BM25 keyword search over chunks_fts (title, heading, text).
//
// Speed: a natural-language query contains words like "of" or "in" that occur in nearly every chunk, so
// an OR query matches the whole corpus and FTS5 computes bm25() for every row (~100 ms CPU at 100k chunks
// here). FTS5's bm25 clamps the IDF of a term found in at least half the rows to 1e-6, so such a term
// cannot change the ranking of any row that matches another term. We drop those terms from the MATCH,
// and run the full query only when the rest matches fewer than k rows: same top-k, a fraction of the work.
// Document frequencies come from an fts5vocab table; the stemmed form of each query term from a tiny
// temporary FTS5 table with the same tokenizer (so we never reimplement porter or unicode61).
import type Database from 'better-sqlite3';
import { FTS_TOKENIZER } from '../migrations';
import { queryTerms } from './keyword-query';
import type { Sql } from '../open-database';
import type { PathGlobCache } from '../path-glob';
import type { KeywordHit, SearchFilters } from '../types';

export interface KeywordSearchOptions {
  /** BM25 weight of the document title column (file name and parsed title). Default 2. */
  titleWeight?: number;
  /** BM25 weight of the heading-path column. Default: the title weight. */
  headingWeight?: number;
  /** BM25 weight of the chunk text. Default 1. */
  textWeight?: number;
  /** Approximate number of tokens in each snippet. Default 24. */
  snippetTokens?: number;
  /** Drop terms whose IDF FTS5 clamps to ~0 (see above). Default true; false runs the plain OR query. */
  pruneCommonTerms?: boolean;
  /**
   * Candidate generation for hybrid search: match only the rarest query terms whose document frequencies
   * add up to at most this many postings (see `rarestTerms`). The BM25 scores are then those of the
   * rarer terms only. Default: no budget (exact BM25 over every term).
   */
  postingsBudget?: number;
  /** Compute FTS5 snippets (one MATCH per hit). Default true; hybrid search makes its own. */
  snippets?: boolean;
  /** Only the chunks of these documents (with the filters); BM25 statistics stay those of the whole index. */
  documentIds?: number[];
  /**
   * With documentIds: at most this many chunks of each document (the best ones), from one MATCH for all of
   * them rather than one per document (each MATCH reads the query terms' whole postings).
   */
  perDocument?: number;
}

/** Below this many chunks the plain query is fast enough; skip the bookkeeping. */
const PRUNE_MIN_ROWS = 5000;
const MAX_K = 10_000;
const MAX_CACHED_TERMS = 20_000;

const toMatch = (terms: string[]) => terms.map((t) => `"${t}"`).join(' OR ');

export class KeywordSearcher {
  private prepared = false;
  private statsKey = '';
  private rowCount = 0;
  private readonly df = new Map<string, number>();
  /** Query term → the tokens FTS5 makes of it. */
  private readonly tokens = new Map<string, string[]>();

  constructor(
    private readonly db: Database.Database,
    private readonly sql: Sql,
    private readonly globs: PathGlobCache,
    /** Changes whenever chunks are inserted or deleted. */
    private readonly generation: () => number,
  ) {}

  search(query: string, k: number, filters: SearchFilters = {}, opts: KeywordSearchOptions = {}): KeywordHit[] {
    const terms = queryTerms(query);
    const limit = Math.min(Math.floor(Number(k)), MAX_K);
    if (terms.length === 0 || !(limit >= 1)) return [];
    const titleWeight = opts.titleWeight ?? 2;
    const weights = [titleWeight, opts.headingWeight ?? titleWeight, opts.textWeight ?? 1];
    for (const w of weights) {
      if (!Number.isFinite(w) || w < 0) throw new RangeError(`keywordSearch: invalid column weight ${w}`);
    }
    if (filters.pathGlob) this.globs.get(filters.pathGlob); // compile now: a bad pattern fails here, not in SQLite

    // From the cheapest query to the exact one: each wider query runs only when the narrower one found
    // fewer than `limit` rows.
    const attempts = [terms];
    if (opts.pruneCommonTerms !== false && this.refreshStats() >= PRUNE_MIN_ROWS) {
      const { df, cost } = this.documentFrequencies(terms);
      const kept = this.withoutClampedTerms(df);
      if (kept.length < terms.length) attempts.unshift(kept.map((i) => terms[i]));
      const budget = opts.postingsBudget;
      if (budget !== undefined && Number.isFinite(budget) && budget >= 0) {
        const rare = rarestTerms(kept, cost, budget);
        if (rare.length < kept.length) attempts.unshift(rare.map((i) => terms[i]));
      }
    }
    let match = '';
    let rows: { id: number; score: number }[] = [];
    for (const attempt of attempts) {
      match = toMatch(attempt);
      rows = this.rank(match, weights, filters, limit, opts.documentIds, opts.perDocument);
      if (rows.length >= limit) break;
    }
    if (opts.snippets === false) return rows.map((r) => ({ chunkId: r.id, bm25: -r.score, snippet: '' }));
    // Snippets only for the winners: computing them for every match would dominate the query time.
    const tokens = Math.max(4, Math.min(64, Math.floor(opts.snippetTokens ?? 24)));
    return rows.map((r) => ({
      chunkId: r.id,
      bm25: -r.score,
      snippet:
        this.sql.value<string>(
          `SELECT snippet(chunks_fts, 2, '«', '»', '…', ?) FROM chunks_fts WHERE chunks_fts MATCH ? AND rowid = ?`,
          tokens,
          match,
          r.id,
        ) ?? '',
    }));
  }

  private rank(
    match: string,
    weights: number[],
    filters: SearchFilters,
    limit: number,
    documentIds?: number[],
    perDocument?: number,
  ): { id: number; score: number }[] {
    let allowedDocs = this.allowedDocuments(filters);
    if (documentIds) {
      const only = new Set(documentIds);
      allowedDocs = allowedDocs ? allowedDocs.filter((id) => only.has(id)) : [...only];
    }
    if (allowedDocs?.length === 0) return [];
    // The unary + keeps SQLite from handing the rowid list to FTS5 as a constraint: FTS5 would then run
    // the whole MATCH once per allowed rowid (measured: minutes at 100k chunks instead of milliseconds).
    const restrict = allowedDocs
      ? 'AND +chunks_fts.rowid IN (SELECT c.id FROM chunks c WHERE c.document_id IN (SELECT value FROM json_each(?)))'
      : '';
    if (allowedDocs && perDocument !== undefined && perDocument >= 1) {
      // CROSS JOIN keeps FTS5 as the outer loop (one MATCH), each row's document found by primary key.
      return this.sql.all<{ id: number; score: number }>(
        `SELECT id, score FROM (
           SELECT id, score, row_number() OVER (PARTITION BY doc ORDER BY score, id) AS rn FROM (
             SELECT chunks_fts.rowid AS id, bm25(chunks_fts, ?, ?, ?) AS score, c.document_id AS doc
             FROM chunks_fts CROSS JOIN chunks c ON c.id = +chunks_fts.rowid
             WHERE chunks_fts MATCH ? AND c.document_id IN (SELECT value FROM json_each(?))))
         WHERE rn <= ? ORDER BY score, id LIMIT ?`,
        ...weights,
        match,
        JSON.stringify(allowedDocs),
        Math.floor(perDocument),
        limit,
      );
    }
    return this.sql.all<{ id: number; score: number }>(
      `SELECT chunks_fts.rowid AS id, bm25(chunks_fts, ?, ?, ?) AS score FROM chunks_fts
       WHERE chunks_fts MATCH ? ${restrict} ORDER BY score, chunks_fts.rowid LIMIT ?`,
      ...weights,
      match,
      ...(allowedDocs ? [JSON.stringify(allowedDocs)] : []),
      limit,
    );
  }

  /** The documents the filters allow (null: no filter). Filters are per document, so they are resolved once. */
  allowedDocuments(filters: SearchFilters): number[] | null {
    if (!filters.folderIds && !filters.kinds && !filters.pathGlob) return null;
    const where: string[] = [];
    const params: unknown[] = [];
    if (filters.folderIds) {
      where.push('folder_id IN (SELECT value FROM json_each(?))');
      params.push(JSON.stringify(filters.folderIds));
    }
    if (filters.kinds) {
      where.push('kind IN (SELECT value FROM json_each(?))');
      params.push(JSON.stringify(filters.kinds));
    }
    const docs = this.sql.all<{ id: number; path: string; rel_path: string }>(
      `SELECT id, path, rel_path FROM documents ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`,
      ...params,
    );
    if (!filters.pathGlob) return docs.map((d) => d.id);
    const matches = this.globs.get(filters.pathGlob);
    return docs.filter((d) => matches(d.path, d.rel_path)).map((d) => d.id);
  }

  /**
   * Indexes of the terms not found in at least half the chunks (all of them if that would leave none).
   * A term the tokenizer splits in several tokens is a phrase (df -1): rarer than its parts; kept.
   */
  private withoutClampedTerms(df: number[]): number[] {
    const all = df.map((_, i) => i);
    const kept = all.filter((i) => df[i] * 2 < this.rowCount);
    return kept.length ? kept : all;
  }

  /** Refreshes the cached statistics when chunks changed; returns the row count. */
  private refreshStats(): number {
    this.prepare();
    const rowCount = this.sql.value<number>('SELECT count(*) FROM chunks') ?? 0;
    const key = `${this.generation()}:${rowCount}`;
    if (key !== this.statsKey) {
      this.statsKey = key;
      this.rowCount = rowCount;
      this.df.clear();
    }
    return rowCount;
  }

  /**
   * Document frequency of each term as FTS5 tokenizes it; a term that becomes several tokens is a phrase,
   * rarer than its rarest part: it gets -1 for "never clamped" uses and that part's frequency as its cost.
   */
  private documentFrequencies(terms: string[]): { df: number[]; cost: number[] } {
    const stems = this.stems(terms);
    const parts = stems.map((s) => s.map((t) => this.documentFrequency(t)));
    return {
      df: parts.map((p) => (p.length === 1 ? p[0] : -1)),
      cost: parts.map((p) => (p.length ? Math.min(...p) : 0)),
    };
  }

  /** The tokens FTS5 itself makes of each term (lower-cased, diacritics folded, porter-stemmed). */
  private stems(terms: string[]): string[][] {
    // The tokenizer never changes: a term's tokens are remembered (a round trip through SQLite each time
    // cost a few milliseconds per query).
    const unknown = [...new Set(terms.filter((t) => !this.tokens.has(t)))];
    if (unknown.length) {
      const out: string[][] = unknown.map(() => []);
      this.db.transaction(() => {
        unknown.forEach((t, i) => {
          this.sql.run('INSERT INTO temp.lucarne_query_tokens(rowid, q) VALUES (?, ?)', i + 1, t);
        });
        for (const r of this.sql.all<{ term: string; doc: number }>(
          'SELECT term, doc FROM temp.lucarne_query_tokens_instance ORDER BY doc, offset',
        )) {
          out[r.doc - 1]?.push(r.term);
        }
        this.sql.run('DELETE FROM temp.lucarne_query_tokens');
      })();
      if (this.tokens.size + unknown.length > MAX_CACHED_TERMS) this.tokens.clear();
      unknown.forEach((t, i) => {
        this.tokens.set(t, out[i]);
      });
    }
    return terms.map((t) => this.tokens.get(t) ?? []);
  }

  private documentFrequency(stem: string): number {
    let n = this.df.get(stem);
    if (n === undefined) {
      n = this.sql.value<number>('SELECT doc FROM temp.lucarne_chunks_vocab WHERE term = ?', stem) ?? 0;
      if (this.df.size >= MAX_CACHED_TERMS) this.df.clear();
      this.df.set(stem, n);
    }
    return n;
  }

  /** Temporary (per-connection, never persisted) helper tables. */
  private prepare(): void {
    if (this.prepared) return;
    this.db.exec(`
      CREATE VIRTUAL TABLE IF NOT EXISTS temp.lucarne_query_tokens USING fts5(q, tokenize = '${FTS_TOKENIZER}');
      CREATE VIRTUAL TABLE IF NOT EXISTS temp.lucarne_query_tokens_instance
        USING fts5vocab(temp, lucarne_query_tokens, 'instance');
      CREATE VIRTUAL TABLE IF NOT EXISTS temp.lucarne_chunks_vocab USING fts5vocab(main, chunks_fts, 'row');
    `);
    this.prepared = true;
  }
}

/**
 * Of the `candidates` (term indexes), the rarest whose document frequencies add up to at most `budget`
 * postings (always at least the rarest one), in query order. FTS5 scores every row an OR query matches, so its cost follows the postings it reads;
 * the rare terms carry most of BM25's weight (their IDF is highest), and a chunk that contains none of
 * them rarely ranks high on the common ones alone. Hybrid search re-ranks these candidates with the
 * vectors and the passage evidence of every query term (docs/retrieval.md).
 */
function rarestTerms(candidates: number[], cost: number[], budget: number): number[] {
  const chosen = new Set<number>();
  let spent = 0;
  for (const i of [...candidates].sort((a, b) => cost[a] - cost[b])) {
    if (chosen.size > 0 && spent + cost[i] > budget) break;
    chosen.add(i);
    spent += cost[i];
  }
  return candidates.filter((i) => chosen.has(i));
}
