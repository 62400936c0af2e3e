// Keyword search for a client that has no local catalog of the collection (a teammate reading a shared
// Chroma collection): Chroma has no BM25, but it can filter records by a regular expression over their text.
// 1. each content word of the query becomes a case- and accent-insensitive word-prefix pattern (its Porter
//    stem, so "vaccination" also finds "vaccine");
// 2. one id-only request per term (ChunkRecords.matchText) gives its candidates and its document frequency
//    (capped), hence its IDF;
// 3. candidates are pre-ranked by the sum of the IDFs of the terms they contain, the best few hundred are
//    fetched, and BM25 is computed over their texts (term frequency, length normalisation), with the file
//    name and heading counted twice like the local index's title column.
// Differences from the local FTS5 index: prefix instead of exact stem matching, document frequencies capped
// at `dfCap`, average length estimated on the candidates. The owner of a collection uses its own FTS5 index.
import { basename, extname } from 'node:path';
import type { SearchFilters } from '../../../shared/types';
import type { ChunkRecords, KeywordHit, RecordedChunk } from '../store/types';
import { filterPredicate, hasFilters } from './filters';
import { porterStem } from './porter';
import { makeSnippet } from './snippet';
import { queryTermMatcher, STOPWORDS, words } from './terms';

export interface ChromaKeywordOptions {
  /** Query terms looked up (the first ones, in query order). Default 12. */
  maxTerms?: number;
  /** Ids read per term; also the cap on its document frequency. Default 5000. */
  dfCap?: number;
  /** Candidates fetched and re-scored with BM25 (at least 3·k). Default 300. */
  rescore?: number;
  k1?: number;
  b?: number;
  /** Weight of the file name and heading against the chunk text. Default 2. */
  titleWeight?: number;
}

export interface KeywordTerm {
  /** Folded word prefix: the Porter stem where it is a prefix of the word, else the word. */
  key: string;
  /** For Chroma (Rust regex): case-insensitive, accent classes, Unicode word boundary. */
  serverPattern: string;
  /** The same for JavaScript (term frequencies). */
  local: RegExp;
}

const ACCENTS: Record<string, string> = {
  a: 'aàáâãäåā',
  c: 'cçćč',
  e: 'eèéêëēė',
  i: 'iìíîïī',
  n: 'nñń',
  o: 'oòóôõöøō',
  u: 'uùúûüū',
  y: 'yýÿ',
  s: 'sśš',
  z: 'zźżž',
};

function escapeRegex(ch: string): string {
  return /[\\^$.*+?()[\]{}|/-]/.test(ch) ? `\\${ch}` : ch;
}

function pattern(key: string): string {
  return [...key].map((ch) => (ACCENTS[ch] ? `[${ACCENTS[ch]}]` : escapeRegex(ch))).join('');
}

function commonPrefix(a: string, b: string): string {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return a.slice(0, i);
}

/** The distinct content words of a query as prefix patterns (stopwords and one-letter words dropped). */
export function keywordTerms(query: string, maxTerms = 12): KeywordTerm[] {
  const seen = new Set<string>();
  const out: KeywordTerm[] = [];
  for (const w of words(query)) {
    if (w.length < 2 || STOPWORDS.has(w)) continue;
    const stem = /^[a-z]+$/.test(w) ? porterStem(w) : w;
    const prefix = commonPrefix(w, stem);
    const key = prefix.length >= 3 ? prefix : w;
    if (seen.has(key)) continue;
    seen.add(key);
    const p = pattern(key);
    out.push({ key, serverPattern: `(?i)\\b${p}`, local: new RegExp(`(?<![\\p{L}\\p{N}])${p}`, 'giu') });
    if (out.length >= maxTerms) break;
  }
  return out;
}

function count(re: RegExp, text: string): number {
  re.lastIndex = 0;
  let n = 0;
  while (re.exec(text) !== null) n++;
  return n;
}

const wordCount = (text: string) => text.match(/[\p{L}\p{N}]+/gu)?.length ?? 0;

function titleOf(c: RecordedChunk): string {
  const name = basename(c.relPath.replace(/\\/g, '/'));
  const stem = name.slice(0, name.length - extname(name).length) || name;
  return `${stem} ${c.headingPath.join(' ')}`;
}

/** BM25 keyword hits for `query` from the collection's texts (higher is better), at most k. */
export async function chromaKeywordSearch(
  records: ChunkRecords,
  query: string,
  k: number,
  filters?: SearchFilters,
  opts: ChromaKeywordOptions = {},
): Promise<KeywordHit[]> {
  const limit = Math.floor(k);
  const terms = keywordTerms(query, opts.maxTerms ?? 12);
  if (terms.length === 0 || !(limit >= 1)) return [];
  const dfCap = opts.dfCap ?? 5000;
  const total = await records.count();
  if (total === 0) return [];

  const idf = new Map<string, number>();
  const matched = new Map<number, number>(); // chunk id → Σ idf of the terms it contains
  const lists = await Promise.all(terms.map((t) => records.matchText(t.serverPattern, filters, dfCap)));
  terms.forEach((t, i) => {
    const ids = lists[i];
    const df = ids.length;
    const w = Math.log(1 + (total - df + 0.5) / (df + 0.5));
    idf.set(t.key, w);
    for (const id of ids) {
      if (Number.isSafeInteger(id)) matched.set(id, (matched.get(id) ?? 0) + w);
    }
  });
  if (matched.size === 0) return [];

  const rescore = Math.max(opts.rescore ?? 300, limit * 3);
  const shortlist = [...matched]
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .slice(0, rescore)
    .map(([id]) => id);
  const chunks = await records.fetchChunks(shortlist, { vectors: true });
  const accepts = hasFilters(filters) ? filterPredicate(filters) : null;
  const candidates = shortlist
    .map((id) => chunks.get(id))
    .filter((c): c is NonNullable<typeof c> => !!c && (!accepts || accepts(c)));
  if (candidates.length === 0) return [];

  const k1 = opts.k1 ?? 1.2;
  const b = opts.b ?? 0.75;
  const titleWeight = opts.titleWeight ?? 2;
  const lengths = candidates.map((c) => wordCount(c.text) + titleWeight * wordCount(titleOf(c)));
  const avgdl = lengths.reduce((s, n) => s + n, 0) / candidates.length || 1;
  const scored = candidates.map((c, i) => {
    const title = titleOf(c);
    let score = 0;
    for (const t of terms) {
      const tf = count(t.local, c.text) + titleWeight * count(t.local, title);
      if (tf === 0) continue;
      score += (idf.get(t.key) ?? 0) * ((tf * (k1 + 1)) / (tf + k1 * (1 - b + (b * lengths[i]) / avgdl)));
    }
    return { chunk: c, score };
  });
  const matcher = queryTermMatcher(query);
  return scored
    .filter((s) => s.score > 0)
    .sort((x, y) => y.score - x.score || x.chunk.id - y.chunk.id)
    .slice(0, limit)
    .map((s) => ({ chunkId: s.chunk.id, bm25: s.score, snippet: makeSnippet(s.chunk.text, matcher) }));
}
