// Vector-only retrieval quality of the offline embedder on BEIR SciFact (train split), brute-force cosine.
// Not a test: a yardstick when changing tokenisation or pooling.
//   npx tsx electron/engine/embed/eval-scifact.ts [--fixtures DIR] [--a 1e-3] [--no-pc]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { OfflineEmbedder } from './offline';

const { values } = parseArgs({
  options: {
    fixtures: { type: 'string', default: process.env.LUCARNE_SCIFACT ?? '/work/shared/fixtures/scifact' },
    a: { type: 'string' },
    'no-pc': { type: 'boolean', default: false },
  },
});
const dir = values.fixtures!;

function jsonl<T>(file: string): T[] {
  return readFileSync(join(dir, file), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);
}

const corpus = jsonl<{ _id: string; title: string; text: string }>('corpus.jsonl');
const queries = new Map(jsonl<{ _id: string; text: string }>('queries.jsonl').map((q) => [q._id, q.text]));
const qrels = new Map<string, Map<string, number>>();
for (const line of readFileSync(join(dir, 'qrels', 'train.tsv'), 'utf8').split('\n').slice(1)) {
  const [qid, did, score] = line.trim().split('\t');
  if (!qid || !did) continue;
  if (!qrels.has(qid)) qrels.set(qid, new Map());
  qrels.get(qid)!.set(did, Number(score));
}

const t0 = performance.now();
const embedder = new OfflineEmbedder({
  sifA: values.a ? Number(values.a) : undefined,
  removeCommonComponent: !values['no-pc'],
}).load();
const loadMs = performance.now() - t0;

const t1 = performance.now();
const docVecs = await embedder.embedDocuments(corpus.map((d) => `${d.title} ${d.text}`));
const embedMs = performance.now() - t1;
const words = corpus.reduce((n, d) => n + (`${d.title} ${d.text}`.match(/\S+/g)?.length ?? 0), 0);

const ndcgs: number[] = [];
for (const [qid, rels] of qrels) {
  const text = queries.get(qid);
  if (!text) continue;
  const q = embedder.embedSync(text);
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
const ndcg = ndcgs.reduce((a, b) => a + b, 0) / ndcgs.length;
console.log(
  `${embedder.id}: nDCG@10 ${ndcg.toFixed(4)} over ${ndcgs.length} train queries · load ${loadMs.toFixed(0)} ms · ` +
    `${corpus.length} docs (${words} words) embedded in ${embedMs.toFixed(0)} ms = ${((corpus.length / embedMs) * 1000).toFixed(0)} docs/s`,
);
