// Precision and recall of "not supported" for the citation checker (engine/verify), on claims built from
// the fixtures: sentences of a passage (verbatim, clauses reordered, synonyms swapped, figures rewritten) are
// supported; the same sentences with a number, a year, a named entity or a negation changed are not. Tuned
// on the dev half only; the held-out half (other passages) is the figure to report. Then a control: the
// offline extractive answers to SciFact train questions, which must all be labelled supported.
//   npx tsx bench/standalone/verify-eval.ts [--scifact N] [--sec-pages N] [--show KIND] [--split dev|heldout]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type ContextPassage, ExtractiveGenerator, verifyAnswer } from '../../electron/engine/public/verify';
import { sharedFixture } from '../../test-support/fixture-paths';
import { half, type Passage, scifactPassages, sec10qPassages } from './verify/data';
import { type Claim, entitiesIn, type Kind, perturbations, rng, SUPPORTED_KINDS } from './verify/perturb';

const { values } = parseArgs({
  options: {
    scifact: { type: 'string', default: '1500' },
    'sec-pages': { type: 'string', default: '12' },
    show: { type: 'string' },
    split: { type: 'string', default: 'dev' },
    control: { type: 'string', default: '300' },
  },
});

const random = rng(16);
const passages: Passage[] = [
  ...scifactPassages(Number(values.scifact)),
  ...sec10qPassages(Number(values['sec-pages'])),
];
const entityPool = [...new Set(passages.flatMap((p) => entitiesIn(p.text)))];

// Naive sentence cut for building claims (the checker has its own): full stop, space, capital.
function sentencesOf(text: string): string[] {
  return text
    .split(/(?<=[.])\s+(?=[A-Z])/)
    .map((s) => s.trim())
    .filter((s) => {
      const n = s.split(' ').length;
      return n >= 8 && n <= 60 && /[.]$/.test(s);
    });
}

interface Row {
  split: 'dev' | 'heldout';
  corpus: string;
  claim: Claim;
  label: string;
  missing: string[];
}

const rows: Row[] = [];
const t0 = performance.now();
let answers = 0;
for (const [i, p] of passages.entries()) {
  const picked = sentencesOf(p.text)
    .sort(() => random() - 0.5)
    .slice(0, 2);
  const others = [passages[(i + 7) % passages.length], passages[(i + 131) % passages.length]];
  const sources = [
    { n: 1, text: p.text },
    { n: 2, text: others[0].text },
    { n: 3, text: others[1].text },
  ];
  for (const sentence of picked) {
    for (const claim of perturbations(sentence, entityPool, random)) {
      const r = verifyAnswer(`${claim.sentence} [1]`, sources, { language: 'en' });
      answers++;
      const s = r.sentences[0];
      rows.push({ split: half(p.id), corpus: p.corpus, claim, label: s?.support ?? 'none', missing: s?.missing ?? [] });
    }
  }
}
const elapsed = performance.now() - t0;

const isPerturbed = (k: Kind) => !SUPPORTED_KINDS.includes(k);
const flagged = (r: Row) => r.label === 'not-supported';
function report(name: string, set: Row[]): void {
  const tp = set.filter((r) => isPerturbed(r.claim.kind) && flagged(r)).length;
  const fp = set.filter((r) => !isPerturbed(r.claim.kind) && flagged(r)).length;
  const pos = set.filter((r) => isPerturbed(r.claim.kind)).length;
  const precision = tp / Math.max(1, tp + fp);
  const recall = tp / Math.max(1, pos);
  console.log(
    `${name.padEnd(16)} claims ${String(set.length).padStart(5)} · "not supported" precision ${precision.toFixed(3)} recall ${recall.toFixed(3)}`,
  );
  const kinds = [...new Set(set.map((r) => r.claim.kind))];
  for (const k of kinds) {
    const of = set.filter((r) => r.claim.kind === k);
    const share = of.filter(flagged).length / of.length;
    const labels = ['supported', 'partly-supported', 'not-supported', 'no-claim']
      .map((l) => `${l} ${of.filter((r) => r.label === l).length}`)
      .join(', ');
    console.log(
      `  ${k.padEnd(9)} n=${String(of.length).padStart(4)}  ${isPerturbed(k) ? 'recall     ' : 'false alarm'} ${share.toFixed(3)}   (${labels})`,
    );
  }
}

console.log(
  `${passages.length} passages (${passages.filter((p) => p.corpus === 'sec10q').length} from sec10q), ${answers} one-sentence answers checked in ${elapsed.toFixed(0)} ms (${(elapsed / answers).toFixed(2)} ms each)`,
);
for (const split of ['dev', 'heldout'] as const) {
  const set = rows.filter((r) => r.split === split);
  report(split, set);
  for (const corpus of ['scifact', 'sec10q']) {
    const sub = set.filter((r) => r.corpus === corpus);
    if (sub.length) report(`  ${split}/${corpus}`, sub);
  }
}

if (values.show) {
  const wanted = rows.filter((r) => r.split === values.split && r.claim.kind === values.show);
  const wrong = wanted.filter((r) => (isPerturbed(r.claim.kind) ? !flagged(r) : r.label !== 'supported')).slice(0, 15);
  for (const r of wrong)
    console.log(
      `\n[${r.label}] ${r.claim.sentence}\n   orig: ${r.claim.original}\n   missing: ${r.missing.join(' | ')}`,
    );
}

// Control: the offline extractive answers (verbatim sentences of the passages) must all be supported.
const corpus = new Map<string, string>();
for (const line of readFileSync(join(sharedFixture('scifact'), 'corpus.jsonl'), 'utf8').split('\n'))
  if (line.trim()) {
    const d = JSON.parse(line) as { _id: string; title: string; text: string };
    corpus.set(d._id, d.text);
  }
const queries = new Map<string, string>();
for (const line of readFileSync(join(sharedFixture('scifact'), 'queries.jsonl'), 'utf8').split('\n'))
  if (line.trim()) {
    const q = JSON.parse(line) as { _id: string; text: string };
    queries.set(q._id, q.text);
  }
const relevant = new Map<string, string[]>();
for (const line of readFileSync(join(sharedFixture('scifact'), 'qrels', 'train.tsv'), 'utf8')
  .split('\n')
  .slice(1)) {
  const [q, d] = line.split('\t');
  if (q && d) relevant.set(q, [...(relevant.get(q) ?? []), d]);
}
const generator = new ExtractiveGenerator({ threshold: 0.2 });
const corpusIds = [...corpus.keys()];
const control = { answers: 0, sentences: 0, supported: 0, noClaim: 0, other: [] as string[] };
for (const [qid, docs] of [...relevant].slice(0, Number(values.control))) {
  const ids = [
    ...docs,
    corpusIds[(Number(qid) * 13) % corpusIds.length],
    corpusIds[(Number(qid) * 29) % corpusIds.length],
  ];
  const ctx: ContextPassage[] = ids.map((id, i) => ({
    n: i + 1,
    chunkId: i,
    documentId: i,
    path: id,
    pageStart: null,
    pageEnd: null,
    pageLabel: null,
    charStart: 0,
    charEnd: corpus.get(id)?.length ?? 0,
    text: corpus.get(id) ?? '',
  }));
  let text = '';
  for await (const ev of generator.generate({
    question: queries.get(qid) ?? '',
    history: [],
    passages: ctx,
    system: '',
    prompt: '',
    language: 'en',
  }))
    if (ev.type === 'text') text += ev.text;
  if (!/\[\d+\]/.test(text)) continue;
  control.answers++;
  for (const s of verifyAnswer(text, ctx, { language: 'en' }).sentences) {
    control.sentences++;
    if (s.support === 'supported') control.supported++;
    else if (s.support === 'no-claim' && s.citations.length === 0) control.noClaim++;
    else control.other.push(`[${s.support}] ${s.text} — missing ${s.missing.join(' | ')}`);
  }
}
console.log(
  `\ncontrol: ${control.answers} extractive answers, ${control.sentences} sentences: ${control.supported} supported, ${control.noClaim} no-claim (the uncited intro line), ${control.other.length} other`,
);
for (const o of control.other.slice(0, 10)) console.log(`  ${o}`);
