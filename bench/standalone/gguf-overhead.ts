// Lucarne's overhead over direct node-llama-cpp calls on the tiny generated GGUF models (embedding N texts,
// writing N tokens), printed with the ratio. Also part of `npm run bench` (section local-models).
//   npx tsx bench/standalone/gguf-overhead.ts [--texts 200] [--tokens 256] [--runs 5] [--threads 1]
import { parseArgs } from 'node:util';
import { measureGgufOverhead } from '../lib/gguf-overhead';

const { values } = parseArgs({
  options: {
    texts: { type: 'string', default: '200' },
    tokens: { type: 'string', default: '256' },
    runs: { type: 'string', default: '5' },
    threads: { type: 'string', default: '1' },
  },
});
const r = await measureGgufOverhead({
  texts: Number(values.texts),
  tokens: Number(values.tokens),
  runs: Number(values.runs),
  threads: Number(values.threads),
  log: (m) => console.log(m),
});
const pct = (ratio: number) => `${ratio >= 1 ? '+' : ''}${((ratio - 1) * 100).toFixed(1)} %`;
console.log(
  [
    '',
    `embedding ${r.embed.texts} texts   direct ${r.embed.directMs.toFixed(1)} ms   GgufEmbedder ${r.embed.oursMs.toFixed(1)} ms   ratio ${r.embed.ratio.toFixed(3)} (${pct(r.embed.ratio)})`,
    `writing ${r.generate.tokens.ours} tokens   direct ${r.generate.directMsPerToken.toFixed(3)} ms/token   GgufGenerator ${r.generate.oursMsPerToken.toFixed(3)} ms/token   ratio ${r.generate.ratio.toFixed(3)} (${pct(r.generate.ratio)})`,
    `model process RSS with both tiny models loaded: ${r.processRssMb.toFixed(1)} MB`,
    'goal: overhead ≤ 10 % (ratio ≤ 1.10); the tiny model makes this an upper bound',
  ].join('\n'),
);
