// Test support: a tiny dataset in the BEIR layout, for the eval harness and `lucarne eval` tests.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A tiny BEIR-layout dataset where each query has one obvious answer document (and q3 two, graded). */
export function writeTinyBeir(dir: string, split = 'test'): void {
  mkdirSync(join(dir, 'qrels'), { recursive: true });
  const corpus = [
    {
      _id: 'd1',
      title: 'Photosynthesis in plants',
      text: 'Chlorophyll absorbs light to turn carbon dioxide and water into sugar.',
    },
    { _id: 'd2', title: 'Volcano eruptions', text: 'Magma rises through the crust and erupts as lava and ash.' },
    { _id: 'd3', title: 'Honey bees', text: 'Bees collect nectar and pollen; the hive stores honey for the winter.' },
    { _id: 'd4', title: 'Bee colony collapse', text: 'Pesticides and mites weaken bee colonies, and hives collapse.' },
    { _id: 'd5', title: 'Ocean tides', text: 'The moon pulls on the oceans, which causes tides twice a day.' },
    { _id: 'd6', title: '', text: 'Glaciers carve valleys as they slowly move downhill under their own weight.' },
  ];
  writeFileSync(join(dir, 'corpus.jsonl'), corpus.map((d) => JSON.stringify(d)).join('\n'));
  const queries = [
    { _id: 'q1', text: 'How does chlorophyll make sugar from light?' },
    { _id: 'q2', text: 'What comes out when magma erupts?' },
    { _id: 'q3', text: 'Why do bee hives collapse?' },
    { _id: 'q4', text: 'A query with no judgement is skipped' },
  ];
  writeFileSync(join(dir, 'queries.jsonl'), `${queries.map((q) => JSON.stringify(q)).join('\n')}\n`);
  writeFileSync(
    join(dir, 'qrels', `${split}.tsv`),
    'query-id\tcorpus-id\tscore\nq1\td1\t1\nq2\td2\t1\nq3\td4\t2\nq3\td3\t1\n',
  );
}
