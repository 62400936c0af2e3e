// A measured "what if" for keyword search, not shipped code. The store already drops the terms found in at
// least half of the chunks (FTS5 clamps their idf to ~0: no change in ranking). This variant also computes
// snippets only for the hits finally shown (the store computes them for all 100 candidates), and can drop
// terms down to a lower document-frequency share (lossy: the benchmark reports the top-10 overlap).
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { queryTerms } from '../../electron/engine/store/keyword-query';
import type { KeywordHit } from '../../electron/engine/store/types';
import { porterStem } from '../../electron/engine/search/porter';

export class PrunedKeywordSearch {
  private readonly db: Database.Database;
  private readonly df: Database.Statement;
  private readonly search: Database.Statement;
  private readonly snippet: Database.Statement;
  private readonly rows: number;

  constructor(
    dir: string,
    /** Terms found in more than this share of the chunks are dropped (0.5: what the store does). */
    private readonly maxShare = 0.5,
  ) {
    this.db = new Database(join(dir, 'lucarne.db'), { readonly: true });
    this.db.pragma('cache_size = -65536');
    this.db.exec("CREATE VIRTUAL TABLE IF NOT EXISTS temp.fts_terms USING fts5vocab(main, chunks_fts, 'row')");
    this.df = this.db.prepare('SELECT doc FROM temp.fts_terms WHERE term = ?');
    this.search = this.db.prepare(
      'SELECT rowid AS id, bm25(chunks_fts, 2, 2, 1) AS score FROM chunks_fts WHERE chunks_fts MATCH ? ORDER BY score, rowid LIMIT ?',
    );
    this.snippet = this.db.prepare(
      "SELECT snippet(chunks_fts, 2, '«', '»', '…', 24) AS s FROM chunks_fts WHERE chunks_fts MATCH ? AND rowid = ?",
    );
    this.rows = (this.db.prepare('SELECT count(*) AS n FROM chunks').get() as { n: number }).n;
  }

  /** The query's terms that carry weight (all of them if every term is that common). */
  match(query: string): string | null {
    const terms = queryTerms(query);
    if (terms.length === 0) return null;
    const folded = (t: string) => t.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
    const kept = terms.filter((t) => {
      const key = folded(t);
      const row = (this.df.get(porterStem(key)) ?? this.df.get(key)) as { doc: number } | undefined;
      return !row || row.doc <= this.rows * this.maxShare;
    });
    return (kept.length ? kept : terms).map((t) => `"${t}"`).join(' OR ');
  }

  keywordSearch(query: string, k: number): KeywordHit[] {
    const match = this.match(query);
    if (!match) return [];
    return (this.search.all(match, k) as { id: number; score: number }[]).map((r) => ({
      chunkId: r.id,
      bm25: -r.score,
      snippet: '',
    }));
  }

  snippets(query: string, ids: number[]): string[] {
    const match = this.match(query);
    return match ? ids.map((id) => (this.snippet.get(match, id) as { s: string } | undefined)?.s ?? '') : [];
  }

  close(): void {
    this.db.close();
  }
}
