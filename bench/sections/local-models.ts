// 7. Local models: Lucarne's overhead over node-llama-cpp called directly, on the tiny generated GGUF models
// (bench/lib/gguf-overhead.ts): embedding texts through GgufEmbedder (batches to the model process, vectors
// normalised) and writing tokens through GgufGenerator (streamed back over IPC), against the same calls in
// this process. Goal: ≤ 10 % overhead. The tiny model computes almost nothing, so the ratio is an upper
// bound of what a real model shows.
import type { BenchContext, SectionResult } from '../lib/context';
import { pick } from '../lib/context';
import { figure } from '../lib/figures';
import { measureGgufOverhead } from '../lib/gguf-overhead';
import { round } from '../lib/stats';

const SECTION = 'local-models';

export async function localModelsSection(ctx: BenchContext): Promise<SectionResult> {
  const opts = pick(ctx.mode, {
    quick: { texts: 100, tokens: 128, runs: 3 },
    default: { texts: 200, tokens: 256, runs: 5 },
    full: { texts: 500, tokens: 256, runs: 7 },
  });
  const r = await measureGgufOverhead({ ...opts, threads: 1, log: ctx.log });
  const goal = { op: '<=' as const, value: 1.1, on: 'ratio' as const };
  return {
    figures: [
      figure({
        section: SECTION,
        name: `GGUF embedding, ${r.embed.texts} texts (tiny model)`,
        value: r.embed.oursMs,
        unit: 'ms',
        baseline: { name: 'node-llama-cpp direct', value: r.embed.directMs, unit: 'ms' },
        goal,
      }),
      figure({
        section: SECTION,
        name: `GGUF answer, ${r.generate.tokens.ours} tokens (tiny model)`,
        value: r.generate.oursMsPerToken,
        unit: 'ms/token',
        baseline: { name: 'node-llama-cpp direct', value: r.generate.directMsPerToken, unit: 'ms/token' },
        goal,
      }),
      figure({
        section: SECTION,
        name: 'model process RSS, both tiny models loaded',
        value: r.processRssMb,
        unit: 'MB',
      }),
    ],
    details: {
      embed: { ...r.embed, directMs: round(r.embed.directMs), oursMs: round(r.embed.oursMs) },
      generate: r.generate,
      processRssMb: round(r.processRssMb),
    },
  };
}
