// How well the citation repair (engine/verify/repair.ts) corrects a wrong or missing citation number, and how
// rarely it "corrects" what it should leave alone. Claims are built from the fixtures as in verify-eval.ts
// (verbatim, reordered, synonyms, rewritten figures: supported by their passage; a number, year, name or
// negation changed: supported by nothing). Each answer is checked against four passages in shuffled order:
// the claim's own passage, the same passage without the claim's sentence (a near miss), and two others.
//   wrong cite   a supported claim cited to a wrong passage: repaired to its own (recall), or to another
//   no cite      a supported claim with no citation: a citation added, to its own passage or another
//   perturbed    a perturbed claim cited to a wrong passage: any repair is a false repair
//   right cite   a supported claim cited to its own passage: any change is a false repair
//   duplicate    a wrong citation while two passages say the same: any repair is a guess (should be none)
// REPAIR_MARGIN was set before this measurement; the dev/held-out split is kept for comparison with verify-eval.
//   npx tsx bench/standalone/repair-eval.ts [--scifact N] [--sec-pages N]
import { parseArgs } from 'node:util';
import { repairCitations } from '../../electron/engine/public/verify';
import { half, type Passage, scifactPassages, sec10qPassages } from './verify/data';
import { entitiesIn, perturbations, rng, SUPPORTED_KINDS } from './verify/perturb';

const { values } = parseArgs({
  options: { scifact: { type: 'string', default: '800' }, 'sec-pages': { type: 'string', default: '8' } },
});

const random = rng(61);
const passages: Passage[] = [
  ...scifactPassages(Number(values.scifact)),
  ...sec10qPassages(Number(values['sec-pages'])),
];
const entityPool = [...new Set(passages.flatMap((p) => entitiesIn(p.text)))];

function sentencesOf(text: string): string[] {
  return text
    .split(/(?<=[.])\s+(?=[A-Z])/)
    .map((s) => s.trim())
    .filter((s) => {
      const n = s.split(' ').length;
      return n >= 8 && n <= 60 && /[.]$/.test(s);
    });
}

type Case = 'wrong cite' | 'no cite' | 'perturbed' | 'right cite' | 'duplicate';
interface Tally {
  n: number;
  toOwn: number; // repaired to the claim's own passage
  toOther: number; // repaired to any other passage
}
const tallies = new Map<string, Tally>();
const tally = (key: string) => {
  let t = tallies.get(key);
  if (!t) {
    t = { n: 0, toOwn: 0, toOther: 0 };
    tallies.set(key, t);
  }
  return t;
};

const t0 = performance.now();
let answers = 0;
function run(split: string, kase: Case, answer: string, sources: { n: number; text: string }[], own: number) {
  const r = repairCitations(answer, sources, { language: 'en' });
  answers++;
  const t = tally(`${split}|${kase}`);
  t.n++;
  const fix = r.sentences.find((s) => s.repaired)?.repaired;
  if (fix) fix.to.includes(own) && kase !== 'duplicate' ? t.toOwn++ : t.toOther++;
}

for (const [i, p] of passages.entries()) {
  const split = half(p.id);
  for (const sentence of sentencesOf(p.text)
    .sort(() => random() - 0.5)
    .slice(0, 2)) {
    const nearMiss = p.text.replace(sentence, '').trim();
    const texts = [
      p.text,
      nearMiss,
      passages[(i + 7) % passages.length].text,
      passages[(i + 131) % passages.length].text,
    ];
    // Shuffled numbering: the claim's own passage is not always [1].
    const order = [0, 1, 2, 3].sort(() => random() - 0.5);
    const sources = order.map((k, j) => ({ n: j + 1, text: texts[k] }));
    const own = order.indexOf(0) + 1;
    const wrong = order.indexOf(2) + 1;
    for (const claim of perturbations(sentence, entityPool, random)) {
      const supported = SUPPORTED_KINDS.includes(claim.kind);
      const body = claim.sentence.replace(/[.]$/, '');
      if (supported) {
        run(split, 'wrong cite', `${body} [${wrong}].`, sources, own);
        run(split, 'no cite', `${body}.`, sources, own);
        run(split, 'right cite', `${body} [${own}].`, sources, own);
        run(split, 'duplicate', `${body} [${wrong}].`, [...sources, { n: 5, text: p.text }], own);
      } else run(split, 'perturbed', `${body} [${wrong}].`, sources, own);
    }
  }
}
const elapsed = performance.now() - t0;

console.log(`${passages.length} passages, ${answers} one-sentence answers repaired in ${elapsed.toFixed(0)} ms`);
for (const split of ['dev', 'heldout']) {
  console.log(`\n${split}`);
  for (const kase of ['wrong cite', 'no cite', 'perturbed', 'right cite', 'duplicate'] as Case[]) {
    const t = tally(`${split}|${kase}`);
    const share = (x: number) => (x / Math.max(1, t.n)).toFixed(3);
    console.log(
      `  ${kase.padEnd(10)} n=${String(t.n).padStart(5)}  repaired to its own passage ${share(t.toOwn)}  to another ${share(t.toOther)}`,
    );
  }
}
