// Test and benchmark data for the Chroma backend: a catalog (SqliteStore) filled with BEIR SciFact abstracts
// (one document and one chunk each, embedded with the offline embedder), and the train queries with their
// judgements. The same data feeds both backends, so their results can be compared.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChunkDraft, OfflineEmbedder } from '../electron/engine/public/retrieval';
import type { SqliteStore } from '../electron/engine/public/store';
import { SCIFACT_DIR } from './fixture-paths';

export const SCIFACT_FOLDER = '/corpus/scifact';

export interface SciFactData {
  corpus: { _id: string; title: string; text: string }[];
  queries: { _id: string; text: string }[];
  /** query id → relevant corpus ids */
  qrels: Map<string, Set<string>>;
}

function jsonl<T>(path: string): T[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);
}

export function loadSciFact(dir = SCIFACT_DIR): SciFactData {
  const corpus = jsonl<{ _id: string; title: string; text: string }>(join(dir, 'corpus.jsonl'));
  const qrels = new Map<string, Set<string>>();
  for (const line of readFileSync(join(dir, 'qrels', 'train.tsv'), 'utf8')
    .split('\n')
    .slice(1)) {
    const [qid, did] = line.trim().split('\t');
    if (!qid || !did) continue;
    if (!qrels.has(qid)) qrels.set(qid, new Set());
    qrels.get(qid)?.add(did);
  }
  const queries = jsonl<{ _id: string; text: string }>(join(dir, 'queries.jsonl')).filter((q) => qrels.has(q._id));
  return { corpus, queries, qrels };
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export const pathOfDoc = (id: string) => `${SCIFACT_FOLDER}/${id}.txt`;
export const docOfPath = (path: string) => path.slice(SCIFACT_FOLDER.length + 1, -'.txt'.length);

/**
 * Fills `store` with the first `limit` abstracts: one folder, one document per abstract, one chunk per
 * document (title + abstract), vectors from `embedder`. Returns the time spent embedding.
 */
export async function fillSciFactStore(
  store: SqliteStore,
  embedder: OfflineEmbedder,
  data: SciFactData,
  limit = data.corpus.length,
): Promise<{ embedMs: number; chunks: number }> {
  const folder = store.addFolder(SCIFACT_FOLDER, { include: [], exclude: [] });
  const docs = data.corpus.slice(0, limit);
  const texts = docs.map((d) => `${d.title}\n\n${d.text}`);
  const started = performance.now();
  const vectors = await embedder.embedDocuments(texts);
  const embedMs = performance.now() - started;
  store.transaction(() => {
    docs.forEach((d, i) => {
      const text = texts[i];
      const { id } = store.upsertDocument({
        folderId: folder.id,
        path: pathOfDoc(d._id),
        relPath: `${d._id}.txt`,
        kind: 'text',
        size: Buffer.byteLength(text),
        mtimeMs: 1_700_000_000_000,
      });
      const draft: ChunkDraft = {
        ordinal: 0,
        text,
        headingPath: [],
        pageStart: null,
        pageEnd: null,
        pageLabel: null,
        charStart: 0,
        charEnd: text.length,
        tokens: text.split(/\s+/).length,
        sha256: sha256(text),
      };
      store.replaceChunks(id, [draft], text, [], { title: d.title });
      store.setDocumentStatus(id, 'indexed', null, { pages: null });
    });
    store.putVectors(
      embedder.id,
      embedder.dim,
      texts.map((t, i) => ({ sha256: sha256(t), vector: vectors[i] })),
    );
  });
  return { embedMs, chunks: docs.length };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

/** Mean |A ∩ B| / k over paired result lists. */
export function meanOverlap(a: number[][], b: number[][], k: number): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    const setB = new Set(b[i].slice(0, k));
    const denom = Math.max(1, Math.min(k, Math.max(a[i].length, b[i].length)));
    sum += a[i].slice(0, k).filter((id) => setB.has(id)).length / denom;
  }
  return a.length ? sum / a.length : 1;
}

/** nDCG@10 with binary judgements. */
export function ndcg10(ranked: string[], relevant: Set<string>): number {
  let dcg = 0;
  ranked.slice(0, 10).forEach((id, r) => {
    if (relevant.has(id)) dcg += 1 / Math.log2(r + 2);
  });
  let idcg = 0;
  for (let r = 0; r < Math.min(10, relevant.size); r++) idcg += 1 / Math.log2(r + 2);
  return idcg > 0 ? dcg / idcg : 0;
}
