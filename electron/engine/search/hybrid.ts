// Hybrid retrieval: FTS5 BM25 top-N and FAISS top-N, plus the passage evidence of every candidate, fused
// into one ranking, then re-ordered by MMR so near-duplicates do not fill the top. Modes 'bm25' and
// 'vector' use one list alone. Defaults were chosen by measurement on BEIR SciFact's train split only
// (docs/retrieval.md, docs/benchmarks.md).
import type { ChunkInfo, SearchFilters, SearchHit } from '../../../shared/types';
import { type DocumentRefs, documentRefs } from './doc-refs';
import { type Evidence, passageEvidence } from './evidence';
import { filterPredicate, hasFilters } from './filters';
import {
  DEFAULT_RRF_K,
  type FusedCandidate,
  type FusionMethod,
  type FusionWeights,
  fuse,
  type ScoredId,
} from './fusion';
import { dot, mmrOrder } from './mmr';
import { rowLabelEvidence } from './row-labels';
import { makeSnippet } from './snippet';
import { expandQuery } from './synonyms';
import { queryTermMatcher } from './terms';
import type { ChunkWithSource, SearchDeps, SearchQuery } from './types';

export interface SearchDefaults {
  fusion: FusionMethod;
  weights: Required<FusionWeights>;
  rrfK: number;
  mmrLambda: number;
  /** Cosine below which two results do not count as redundant at all (see mmr.ts). */
  mmrFloor: number;
  candidates: number;
  keywordBudget: number;
}

const DOCUMENT_WEIGHT = 1;
const ROW_WEIGHT = 2;

export const DEFAULT_SEARCH_OPTIONS: SearchDefaults = {
  fusion: 'score',
  // document: the prior of the documents the question names (doc-refs.ts), measured on the sec10q filings
  // (docs/retrieval.md); 0 on questions that name no document.
  // row: the table-row label evidence (row-labels.ts), measured on the sec10q filings; 0 without table rows.
  weights: { bm25: 1, vector: 0.1, sentence: 0.7, heading: 0.2, document: DOCUMENT_WEIGHT, row: ROW_WEIGHT },
  rrfK: DEFAULT_RRF_K,
  mmrLambda: 0.7,
  mmrFloor: 0.95,
  candidates: 100,
  // Measured at 100k chunks (docs/benchmarks.md): the keyword list costs ~13 ms instead of ~70 ms, and 97 %
  // of the exact BM25 top 10 is still among its 100 candidates; nDCG@10 on SciFact is unchanged.
  keywordBudget: 20_000,
};

/**
 * Best chunks taken from each document the question names (doc-refs.ts): many, so that a statement whose
 * row the question names, whose BM25 is low (each word once), is among them for the row-label evidence
 * (sec10q, numeric questions with evidence in the top 5, before synonym candidates: 30 → 42.7 %, 50 → 44.9 %).
 */
const CHUNKS_PER_NAMED_DOCUMENT = 50;

/** Best chunks taken from each named document by the other names of the question's concepts. */
const SYNONYM_CHUNKS_PER_DOCUMENT = 30;

/** The other names of the concepts the question names (synonyms.ts), as one keyword query; null: none. */
function synonymQuery(query: string): string | null {
  const expansions = expandQuery(query);
  if (expansions.length === 0) return null;
  return expansions.flatMap((e) => e.phrases.map((p) => p.join(' '))).join(' ');
}

/** How many results MMR may re-order: enough to find a non-duplicate, small enough to stay relevant. */
const MMR_POOL_FACTOR = 3;

export async function hybridSearch(deps: SearchDeps, q: SearchQuery): Promise<SearchHit[]> {
  const query = q.query.trim();
  const k = Math.max(1, Math.floor(q.k));
  if (query === '') return [];
  const opts = resolveOptions(q, k);
  const { store, embedder, vectors } = deps;

  const useKeyword = q.mode !== 'vector';
  const useVector = q.mode !== 'bm25';
  if (useVector && vectors.model !== embedder.id) {
    throw new Error(
      `The vector index was built with "${vectors.model}" but the query embedder is "${embedder.id}"; re-index or switch back.`,
    );
  }

  // Query words as the evidence and the snippets look for them, found once per search.
  const matcher = queryTermMatcher(query);
  const budget = q.mode === 'hybrid' ? opts.keywordBudget : undefined;
  let keyword = useKeyword ? keywordList(deps, query, opts.candidates, q.filters, budget) : null;
  const refs = q.mode === 'hybrid' && opts.weights.document > 0 ? documentRefs(store, query, q.filters) : null;
  if (keyword && refs && q.documentCandidates !== false) {
    keyword = withNamedDocuments(deps, query, keyword, refs, q.filters, budget);
  }
  const queryVector = useVector ? unit(await embedder.embedQuery(query)) : null;
  const vectorHits = useVector && queryVector ? await vectorList(deps, queryVector, opts.candidates, q.filters) : [];

  let candidates: FusedCandidate[];
  const vectorCache = new Map<number, Float32Array>();
  const sources = new Map<number, ChunkWithSource>();
  const fusion = { method: opts.fusion, weights: opts.weights, rrfK: opts.rrfK };
  if (q.mode === 'hybrid' && keyword && queryVector) {
    // Cosine of keyword candidates the vector top-N missed, from their stored vectors, so score fusion
    // compares like with like instead of treating "not in the vector top-N" as "unrelated".
    const inVector = new Set(vectorHits.map((h) => h.chunkId));
    const missing = keyword.map((h) => h.chunkId).filter((id) => !inVector.has(id));
    const vectorScores = new Map<number, number>();
    for (const [id, v] of store.vectorsForChunks(missing, embedder.id)) {
      vectorCache.set(id, v);
      vectorScores.set(id, cosine(queryVector, v));
    }
    let evidence: Map<number, Evidence> | undefined;
    let rowLabel: Map<number, number> | undefined;
    if (opts.weights.sentence > 0 || opts.weights.heading > 0 || opts.weights.row > 0) {
      const pool = [...new Set([...keyword.map((h) => h.chunkId), ...vectorHits.map((h) => h.chunkId)])];
      for (const c of store.getChunks(pool)) sources.set(c.id, c);
      const docs = [...sources.values()].map((c) => ({ id: c.id, text: c.text, headings: c.headingPath }));
      evidence = passageEvidence(matcher, docs);
      if (opts.weights.row > 0) rowLabel = rowLabelEvidence(query, docs);
    }
    const documentPrior = refs ? chunkPriors(refs, [...keyword, ...vectorHits], sources, store) : undefined;
    // A question that names documents asks for a row of theirs: the same row label elsewhere counts as much
    // as its document's prior (measured: ungated, other reports' statements push the named one out).
    if (rowLabel && documentPrior && documentPrior.size > 0) {
      for (const [id, r] of rowLabel) rowLabel.set(id, r * (documentPrior.get(id) ?? 0));
    }
    candidates = fuse(keyword, vectorHits, fusion, { vectorScores, evidence, documentPrior, rowLabel });
  } else if (keyword) {
    candidates = fuse(keyword, [], { ...fusion, method: 'score' });
    for (const c of candidates) c.fused = c.bm25 ?? 0;
  } else {
    candidates = fuse([], vectorHits, { ...fusion, method: 'score' });
    for (const c of candidates) c.fused = c.vector ?? 0;
  }

  const orderedIds = diversify(deps, candidates, k, opts, vectorCache);
  const byId = new Map(candidates.map((c) => [c.chunkId, c]));
  const missingSources = orderedIds.filter((id) => !sources.has(id));
  for (const c of store.getChunks(missingSources)) sources.set(c.id, c);
  const hits: SearchHit[] = [];
  for (const id of orderedIds) {
    const chunk = sources.get(id);
    if (!chunk) continue; // deleted between the index lookup and now
    const c = byId.get(id)!;
    hits.push({
      chunk: toChunkInfo(chunk),
      score: {
        bm25: c.bm25,
        vector: c.vector,
        fused: c.fused,
        bm25Rank: c.bm25Rank,
        vectorRank: c.vectorRank,
      },
      snippet: makeSnippet(chunk.text, matcher),
    });
  }
  return hits;
}

function resolveOptions(q: SearchQuery, k: number): SearchDefaults {
  const d = DEFAULT_SEARCH_OPTIONS;
  const lambda = q.mmrLambda ?? d.mmrLambda;
  return {
    fusion: q.fusion ?? d.fusion,
    weights: {
      bm25: q.weights?.bm25 ?? d.weights.bm25,
      vector: q.weights?.vector ?? d.weights.vector,
      sentence: q.weights?.sentence ?? d.weights.sentence,
      heading: q.weights?.heading ?? d.weights.heading,
      document: q.weights?.document ?? d.weights.document,
      row: q.weights?.row ?? d.weights.row,
    },
    rrfK: q.rrfK ?? d.rrfK,
    mmrLambda: Math.min(1, Math.max(0, lambda)),
    mmrFloor: q.mmrFloor ?? d.mmrFloor,
    candidates: Math.max(k, q.candidates ?? d.candidates),
    keywordBudget: q.keywordBudget ?? d.keywordBudget,
  };
}

function keywordList(
  deps: SearchDeps,
  query: string,
  n: number,
  filters: SearchFilters | undefined,
  postingsBudget: number | undefined,
): ScoredId[] {
  // FTS5 snippets cost one MATCH per hit (~1 ms each at 100k chunks): the hits shown get ours instead.
  const hits = deps.store.keywordSearch(query, n, filters, { snippets: false, postingsBudget });
  return hits.map((h) => ({ chunkId: h.chunkId, score: h.bm25 }));
}

/**
 * The keyword list with the best chunks of the documents the question names (by the same query, restricted
 * to them; FTS5's BM25 statistics are the whole index's, so their scores compare with the list's), best first.
 */
function withNamedDocuments(
  deps: SearchDeps,
  query: string,
  keyword: ScoredId[],
  refs: DocumentRefs,
  filters: SearchFilters | undefined,
  postingsBudget: number | undefined,
): ScoredId[] {
  if (refs.top.length === 0) return keyword;
  const seen = new Set(keyword.map((h) => h.chunkId));
  const extra: ScoredId[] = [];
  // The question's concepts by their other names ("capital expenditure" → "purchases of property, plant
  // and equipment"): the statement row that names one rarely shares the question's words.
  const synonyms = synonymQuery(query);
  const floor = keyword.length > 0 ? Math.min(...keyword.map((h) => h.score)) : 0;
  // One search for all the named documents, each capped (a search per document read the query terms' whole
  // postings each time: hybrid p95 at 10k chunks 151 ms against 30 ms before document references).
  const documents = refs.top.length;
  const hits = deps.store.keywordSearch(query, CHUNKS_PER_NAMED_DOCUMENT * documents, filters, {
    snippets: false,
    postingsBudget,
    documentIds: refs.top,
    perDocument: CHUNKS_PER_NAMED_DOCUMENT,
  });
  for (const h of hits) {
    if (seen.has(h.chunkId)) continue;
    seen.add(h.chunkId);
    extra.push({ chunkId: h.chunkId, score: h.bm25 });
  }
  if (synonyms) {
    const more = deps.store.keywordSearch(synonyms, SYNONYM_CHUNKS_PER_DOCUMENT * documents, filters, {
      snippets: false,
      documentIds: refs.top,
      perDocument: SYNONYM_CHUNKS_PER_DOCUMENT,
    });
    for (const h of more) {
      if (seen.has(h.chunkId)) continue;
      seen.add(h.chunkId);
      // Scored by other words than the question's: kept as candidates at the list's lowest score, for the
      // passage and row-label evidence to judge.
      extra.push({ chunkId: h.chunkId, score: floor });
    }
  }
  if (extra.length === 0) return keyword;
  return [...keyword, ...extra].sort((a, b) => b.score - a.score || a.chunkId - b.chunkId);
}

/** Each candidate's document prior (0 for documents the question does not name). */
function chunkPriors(
  refs: DocumentRefs,
  lists: ScoredId[],
  sources: Map<number, ChunkWithSource>,
  store: SearchDeps['store'],
): Map<number, number> {
  const out = new Map<number, number>();
  if (refs.prior.size === 0) return out;
  const ids = [...new Set(lists.map((h) => h.chunkId))];
  const unknown = ids.filter((id) => !sources.has(id));
  for (const c of store.getChunks(unknown)) sources.set(c.id, c);
  for (const id of ids) {
    const p = refs.prior.get(sources.get(id)?.documentId ?? -1);
    if (p) out.set(id, p);
  }
  return out;
}

async function vectorList(
  deps: SearchDeps,
  queryVector: Float32Array,
  n: number,
  filters: SearchFilters | undefined,
): Promise<ScoredId[]> {
  const total = await deps.vectors.count();
  if (total === 0) return [];
  if (!hasFilters(filters)) {
    const hits = await deps.vectors.search(queryVector, Math.min(n, total));
    return hits.map((h) => ({ chunkId: h.chunkId, score: h.score }));
  }
  // The index knows nothing of folders or kinds: oversample, keep what passes, widen until enough pass.
  const roots = new Map<number, string | null>();
  const folderPath = (id: number) => {
    if (!roots.has(id)) roots.set(id, deps.store.getFolder?.(id)?.path ?? null);
    return roots.get(id) ?? null;
  };
  const accepts = filterPredicate(filters, folderPath);
  let want = Math.min(total, n * 4);
  for (;;) {
    const hits = await deps.vectors.search(queryVector, want);
    const sources = new Map(deps.store.getChunks(hits.map((h) => h.chunkId)).map((c) => [c.id, c]));
    const kept = hits.filter((h) => {
      const src = sources.get(h.chunkId);
      return src !== undefined && accepts(src);
    });
    if (kept.length >= n || want >= total) return kept.slice(0, n).map((h) => ({ chunkId: h.chunkId, score: h.score }));
    want = Math.min(total, want * 4);
  }
}

function diversify(
  deps: SearchDeps,
  candidates: FusedCandidate[],
  k: number,
  opts: SearchDefaults,
  cache: Map<number, Float32Array>,
): number[] {
  if (opts.mmrLambda >= 1) return candidates.slice(0, k).map((c) => c.chunkId);
  const pool = candidates.slice(0, Math.max(k * MMR_POOL_FACTOR, k + 10));
  const need = pool.map((c) => c.chunkId).filter((id) => !cache.has(id));
  for (const [id, v] of deps.store.vectorsForChunks(need, deps.embedder.id)) cache.set(id, v);
  const items = pool.map((c) => {
    const v = cache.get(c.chunkId);
    return { id: c.chunkId, relevance: c.fused, vector: v ? unit(v) : null };
  });
  return mmrOrder(items, k, opts.mmrLambda, opts.mmrFloor);
}

function unit(v: Float32Array): Float32Array {
  const n = Math.sqrt(dot(v, v));
  if (!(n > 0) || Math.abs(n - 1) < 1e-6) return v;
  const out = new Float32Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = v[i] / n;
  return out;
}

function cosine(unitQuery: Float32Array, v: Float32Array): number {
  const n = Math.sqrt(dot(v, v));
  return n > 0 ? dot(unitQuery, v) / n : 0;
}

export function toChunkInfo(c: ChunkWithSource): ChunkInfo {
  return {
    id: c.id,
    documentId: c.documentId,
    path: c.path,
    ordinal: c.ordinal,
    text: c.text,
    headingPath: c.headingPath,
    pageStart: c.pageStart,
    pageEnd: c.pageEnd,
    pageLabel: c.pageLabel,
    charStart: c.charStart,
    charEnd: c.charEnd,
    tokens: c.tokens,
  };
}
