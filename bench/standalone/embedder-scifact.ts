// Vector-only retrieval quality of the offline embedder on BEIR SciFact (train split). Not a test: a
// yardstick when changing tokenisation or pooling.
//   npx tsx bench/standalone/embedder-scifact.ts [--fixtures DIR] [--a 3e-5] [--no-pc]
import { parseArgs } from 'node:util';
import { OfflineEmbedder } from '../../electron/engine/public/retrieval';
import { evaluateSciFact } from '../../electron/engine/embed/test-support/scifact';
import { SCIFACT_DIR } from '../../test-support/fixture-paths';

const { values } = parseArgs({
  options: {
    fixtures: { type: 'string', default: SCIFACT_DIR },
    a: { type: 'string' },
    'no-pc': { type: 'boolean', default: false },
  },
});
const t0 = performance.now();
const embedder = new OfflineEmbedder({
  sifA: values.a ? Number(values.a) : undefined,
  removeCommonComponent: !values['no-pc'],
}).load();
const loadMs = performance.now() - t0;
const r = await evaluateSciFact(embedder, values.fixtures);
console.log(
  `${embedder.id}: nDCG@10 ${r.ndcg10.toFixed(4)} over ${r.queries} train queries · load ${loadMs.toFixed(0)} ms · ` +
    `${r.docs} abstracts embedded in ${r.embedMs.toFixed(0)} ms (${((r.docs / r.embedMs) * 1000).toFixed(0)}/s)`,
);
