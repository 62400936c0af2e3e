// Time to check one written answer: 10 sentences citing 8 SciFact abstracts (the issue's budget: ≤ 20 ms).
// Not a test: a yardstick when changing the checker. The answer mixes copied, paraphrased and altered
// sentences so that every path (span search, figures, names, negations) is taken.
// Then the same with the citation repair (what the answer path runs): as written, and with every citation
// shifted to the next passage (every sentence wrongly cited: the repair's worst case).
//   npx tsx bench/standalone/verify-speed.ts [--runs N]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { repairCitations, verifyAnswer } from '../../electron/engine/public/verify';
import { sharedFixture } from '../../test-support/fixture-paths';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '300' } } });
const runs = Number(values.runs);

const abstracts: string[] = [];
for (const line of readFileSync(join(sharedFixture('scifact'), 'corpus.jsonl'), 'utf8').split('\n')) {
  if (!line.trim()) continue;
  const text = (JSON.parse(line) as { text: string }).text;
  if (text.length > 1200) abstracts.push(text);
}

function answerFor(offset: number): { answer: string; sources: { n: number; text: string }[] } {
  const sources = abstracts.slice(offset, offset + 8).map((text, i) => ({ n: i + 1, text }));
  const lines = ['Here is what I found:'];
  for (let i = 0; i < 10; i++) {
    const src = sources[i % 8];
    const sentences = src.text.split(/(?<=[.])\s+(?=[A-Z])/);
    let s = sentences[Math.min(sentences.length - 1, 1 + (i % 3))].replace(/[.]$/, '');
    if (i % 4 === 1) s = s.replace(/(?<![\w.,-])\d+(?![\w.,])/, (d) => String(Number(d) + 3));
    if (i % 4 === 2) s = s.replace(/\b(was|were|is|are)\b/, '$1 not');
    lines.push(`${s} [${src.n}].`);
  }
  return { answer: `${lines[0]}\n${lines.slice(1).join(' ')}`, sources };
}

const inputs = Array.from({ length: 50 }, (_, i) => answerFor(i * 8));
// Warm-up: the JIT and the stemmer's memo (a running app has both warm).
for (const x of inputs) verifyAnswer(x.answer, x.sources, { language: 'en' });
const times: number[] = [];
for (let r = 0; r < runs; r++) {
  const x = inputs[r % inputs.length];
  const t = performance.now();
  verifyAnswer(x.answer, x.sources, { language: 'en' });
  times.push(performance.now() - t);
}
times.sort((a, b) => a - b);
const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))].toFixed(2);
const cold = answerFor(abstracts.length - 8);
const t0 = performance.now();
const r = verifyAnswer(cold.answer, cold.sources, { language: 'en' });
const coldMs = performance.now() - t0;
console.log(
  `verify: 10-sentence answer, 8 sources (${Math.round(inputs[0].sources.reduce((a, s) => a + s.text.length, 0) / 1000)}k chars): ` +
    `median ${q(0.5)} ms, p95 ${q(0.95)} ms, max ${q(1)} ms over ${runs} runs; unseen answer ${coldMs.toFixed(2)} ms ` +
    `(${r.sentences.length} sentences: ${['supported', 'partly-supported', 'not-supported', 'no-claim'].map((l) => `${r.sentences.filter((s) => s.support === l).length} ${l}`).join(', ')})`,
);

// The repair: check, look for the one passage that supports each flagged sentence, check the repaired text.
const shifted = inputs.map((x) => ({
  ...x,
  answer: x.answer.replace(/\[(\d)\]/g, (_, n) => `[${(Number(n) % 8) + 1}]`),
}));
for (const [name, set] of [
  ['as written', inputs],
  ['all citations wrong', shifted],
] as const) {
  for (const x of set) repairCitations(x.answer, x.sources, { language: 'en' });
  const ts: number[] = [];
  let repaired = 0;
  for (let i = 0; i < runs; i++) {
    const x = set[i % set.length];
    const t = performance.now();
    repaired += repairCitations(x.answer, x.sources, { language: 'en' }).repairs;
    ts.push(performance.now() - t);
  }
  ts.sort((a, b) => a - b);
  const at = (p: number) => ts[Math.min(ts.length - 1, Math.floor(p * ts.length))].toFixed(2);
  console.log(
    `repair (${name}): median ${at(0.5)} ms, p95 ${at(0.95)} ms over ${runs} runs; ${(repaired / runs).toFixed(1)} citations repaired per answer`,
  );
}
