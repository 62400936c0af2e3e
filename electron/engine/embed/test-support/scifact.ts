// Vector-only retrieval quality of an embedder on BEIR SciFact (train split), brute-force cosine: the offline
// embedder's slow test checks it, and bench/standalone/embedder-scifact.ts prints it when tuning
// tokenisation or pooling.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SCIFACT_DIR } from '../../../../test-support/fixture-paths';
import type { Embedder } from '../../types';

export interface SciFactResult {
  ndcg10: number;
  queries: number;
  docs: number;
  embedMs: number;
}

function jsonl<T>(path: string): T[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);
}

export async function evaluateSciFact(embedder: Embedder, dir = SCIFACT_DIR): Promise<SciFactResult> {
  const corpus = jsonl<{ _id: string; title: string; text: string }>(join(dir, 'corpus.jsonl'));
  const queries = new Map(jsonl<{ _id: string; text: string }>(join(dir, 'queries.jsonl')).map((q) => [q._id, q.text]));
  const qrels = new Map<string, Map<string, number>>();
  for (const line of readFileSync(join(dir, 'qrels', 'train.tsv'), 'utf8')
    .split('\n')
    .slice(1)) {
    const [qid, did, score] = line.trim().split('\t');
    if (!qid || !did) continue;
    if (!qrels.has(qid)) qrels.set(qid, new Map());
    qrels.get(qid)?.set(did, Number(score));
  }

  const started = performance.now();
  const docVecs = await embedder.embedDocuments(corpus.map((d) => `${d.title} ${d.text}`));
  const embedMs = performance.now() - started;

  const ndcgs: number[] = [];
  for (const [qid, rels] of qrels) {
    const text = queries.get(qid);
    if (!text) continue;
    const q = await embedder.embedQuery(text);
    const scored = docVecs.map((v, i) => {
      let s = 0;
      for (let d = 0; d < q.length; d++) s += q[d] * v[d];
      return [s, i] as const;
    });
    scored.sort((x, y) => y[0] - x[0]);
    let dcg = 0;
    scored.slice(0, 10).forEach(([, i], rank) => {
      dcg += (rels.get(corpus[i]._id) ?? 0) / Math.log2(rank + 2);
    });
    const ideal = [...rels.values()].sort((x, y) => y - x).slice(0, 10);
    const idcg = ideal.reduce((acc, r, rank) => acc + r / Math.log2(rank + 2), 0);
    ndcgs.push(idcg > 0 ? dcg / idcg : 0);
  }
  return {
    ndcg10: ndcgs.reduce((a, b) => a + b, 0) / ndcgs.length,
    queries: ndcgs.length,
    docs: corpus.length,
    embedMs,
  };
}
