// Which passages a summary or key-dates question reads. Search ranks chunks against the question's words,
// but "summarise the 2023 report" wants the report's central chunks, not those that happen to mention
// "2023" and "report". When the hits point at one document (its file name shares the topic's words, or it
// holds most of the top hits), the passages become that document's best chunks for the intent, in reading
// order, within the prompt's token budget. Otherwise the hits are kept as they are (a summary of what was
// found across documents).
import { basename, extname } from 'node:path';
import type { SearchHit } from '../../../shared/types';
import { squashSpaces } from '../search/sentences';
import { contentTerms } from '../search/terms';
import type { StoredChunk } from '../store/types';
import { findDates } from './dates';
import type { AnswerIntent } from './intent';
import { detectLanguage } from './language';

/** Where a document's chunks come from (the SQLite store has it; a reader of a remote index may not). */
export type DocumentChunksOf = (documentId: number) => StoredChunk[];

/** Top hits that vote for the target document. */
const VOTERS = 5;
/** A document with this share of the top hits' rank weight is the one the question is about. */
const DOMINANT_SHARE = 0.5;
/** Chunks scored, at most (a long book is sampled evenly). */
const MAX_SCORED = 1500;
/** Passages given, at most, whatever the budget (a remote model's context is huge). */
const MAX_FOCUSED = 16;
/** Tokens a passage costs beyond its text (number, file name, page). */
const PASSAGE_OVERHEAD = 24;

/** The document the question is about, by file name, else by its share of the top hits; null if none. */
export function targetDocument(hits: SearchHit[], topic: string): number | null {
  const topicTerms = new Set(contentTerms(topic));
  let named: { id: number; shared: number } | null = null;
  for (const h of hits) {
    const name = basename(h.chunk.path, extname(h.chunk.path));
    const shared = new Set(contentTerms(name).filter((t) => topicTerms.has(t))).size;
    if (shared > 0 && (named === null || shared > named.shared)) named = { id: h.chunk.documentId, shared };
  }
  if (named) return named.id;
  const weight = new Map<number, number>();
  let total = 0;
  hits.slice(0, VOTERS).forEach((h, rank) => {
    const w = 1 / (rank + 1);
    total += w;
    weight.set(h.chunk.documentId, (weight.get(h.chunk.documentId) ?? 0) + w);
  });
  for (const [id, w] of weight) if (w / total >= DOMINANT_SHARE) return id;
  return null;
}

/** The hits to build the prompt from: the target document's best chunks for the intent, or `hits`. */
export function focusHits(
  kind: AnswerIntent,
  topic: string,
  hits: SearchHit[],
  chunksOf: DocumentChunksOf | undefined,
  budgetTokens: number,
): SearchHit[] {
  const target = targetDocument(hits, topic);
  if (target === null || !chunksOf) return hits;
  const first = hits.find((h) => h.chunk.documentId === target)!;
  const all = sample(chunksOf(target), MAX_SCORED);
  if (all.length === 0) return hits;
  const retrieved = new Map(hits.filter((h) => h.chunk.documentId === target).map((h) => [h.chunk.id, h]));
  const scores = kind === 'summary' ? centrality(all) : dateDensity(all);
  const order = all
    .map((chunk, i) => ({ chunk, score: scores[i] + (retrieved.has(chunk.id) ? 0.25 : 0) + 0.1 * lead(i, all.length) }))
    .sort((a, b) => b.score - a.score);
  const picked: StoredChunk[] = [];
  let left = budgetTokens;
  for (const { chunk } of order) {
    if (picked.length >= MAX_FOCUSED) break;
    const cost = chunk.tokens + PASSAGE_OVERHEAD;
    if (cost > left) continue;
    picked.push(chunk);
    left -= cost;
  }
  if (picked.length === 0) return hits;
  return picked.sort((a, b) => a.ordinal - b.ordinal).map((c) => retrieved.get(c.id) ?? asHit(c, first.chunk.path));
}

function lead(index: number, count: number): number {
  return 1 - index / Math.max(1, count);
}

function sample(chunks: StoredChunk[], max: number): StoredChunk[] {
  if (chunks.length <= max) return chunks;
  const step = chunks.length / max;
  return Array.from({ length: max }, (_, i) => chunks[Math.floor(i * step)]);
}

/** Cosine of each chunk's TF-IDF vector with the document's centroid, times its share of prose. */
function centrality(chunks: StoredChunk[]): number[] {
  const termLists = chunks.map((c) => contentTerms(c.text));
  const df = new Map<string, number>();
  for (const terms of termLists) for (const t of new Set(terms)) df.set(t, (df.get(t) ?? 0) + 1);
  const vectors = termLists.map((terms) => {
    const tf = new Map<string, number>();
    for (const t of terms) tf.set(t, (tf.get(t) ?? 0) + 1);
    const v = new Map<string, number>();
    let norm = 0;
    for (const [t, f] of tf) {
      const w = (1 + Math.log(f)) * Math.log(1 + chunks.length / df.get(t)!);
      v.set(t, w);
      norm += w * w;
    }
    norm = Math.sqrt(norm) || 1;
    for (const [t, w] of v) v.set(t, w / norm);
    return v;
  });
  const centroid = new Map<string, number>();
  for (const v of vectors) for (const [t, w] of v) centroid.set(t, (centroid.get(t) ?? 0) + w / vectors.length);
  const cnorm = Math.sqrt([...centroid.values()].reduce((a, w) => a + w * w, 0)) || 1;
  return vectors.map((v, i) => {
    let dot = 0;
    for (const [t, w] of v) dot += w * (centroid.get(t) ?? 0);
    return (dot / cnorm) * proseShare(chunks[i].text);
  });
}

/** Share of the chunk's words that stand in sentences ending with a full stop (not tables, not headings). */
function proseShare(text: string): number {
  const total = text.split(/\s+/).length || 1;
  let prose = 0;
  for (const s of text.split(/\n\s*\n/)) if (/[.!?…]["'”’»)]*\s*$/u.test(s.trim())) prose += s.split(/\s+/).length;
  return Math.min(1, prose / total);
}

/** Distinct dates in the chunk, saturating: a chunk with a few dates is as good as one with many. */
function dateDensity(chunks: StoredChunk[]): number[] {
  return chunks.map((c) => {
    const dates = findDates(c.text, detectLanguage(c.text));
    const distinct = new Set(dates.map((d) => `${d.year}-${d.month}-${d.day}-${d.precision}`)).size;
    return 1 - 1 / (1 + distinct / 2);
  });
}

function asHit(chunk: StoredChunk, path: string): SearchHit {
  return {
    chunk: {
      id: chunk.id,
      documentId: chunk.documentId,
      path,
      ordinal: chunk.ordinal,
      text: chunk.text,
      headingPath: chunk.headingPath,
      pageStart: chunk.pageStart,
      pageEnd: chunk.pageEnd,
      pageLabel: chunk.pageLabel,
      charStart: chunk.charStart,
      charEnd: chunk.charEnd,
      tokens: chunk.tokens,
    },
    // Not ranked by search: chosen from the document for the intent.
    score: { bm25: null, vector: null, fused: 0, bm25Rank: null, vectorRank: null },
    snippet: squashSpaces(chunk.text).slice(0, 200),
  };
}
