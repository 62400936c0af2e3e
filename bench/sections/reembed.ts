// 8. Re-embedding throughput: a library of a few hundred chunks, embedded with the offline model, re-embedded
// with the tiny GGUF embedding model through the library's real background re-embed (changeEmbedder: batches
// read from the store, vectors written to the embedding cache, then the switch), in chunks per second,
// against the same texts embedded directly by the same GgufEmbedder (embedDocuments, one call) in the same
// process (bench/children/reembed-throughput.ts). Ratio = Lucarne's rate / the direct rate (1 = no cost
// beyond the model's). The tiny model computes little, so the library's share shows more than with a real one.
import { buildChunkLibrary } from '../corpus/chunk-library';
import { runChild } from '../lib/child';
import type { BenchContext, SectionResult } from '../lib/context';
import { pick } from '../lib/context';
import { figure } from '../lib/figures';
import { round, summarize } from '../lib/stats';

const SECTION = 're-embed';

interface ThroughputResult {
  texts: number;
  chunks: number;
  runs: { directMs: number[]; embedMs: number; switchMs: number; done: number }[];
}

export async function reembedSection(ctx: BenchContext): Promise<SectionResult> {
  const opts = pick(ctx.mode, {
    quick: { chunks: 300, rounds: 2 },
    default: { chunks: 500, rounds: 3 },
    full: { chunks: 1000, rounds: 5 },
  });
  const lib = await buildChunkLibrary(ctx.cacheDir, { chunks: opts.chunks, vectors: 'real' });
  ctx.log(`re-embed: ${opts.chunks} chunks, offline → tiny GGUF, ${opts.rounds} round(s)…`);
  const { result: r } = await runChild<ThroughputResult>('reembed-throughput.ts', [
    lib.dir,
    ctx.workDir,
    String(opts.rounds),
  ]);
  const directMs = summarize(r.runs.flatMap((x) => x.directMs)).p50;
  const embedMs = summarize(r.runs.map((x) => x.embedMs)).p50;
  const totalMs = summarize(r.runs.map((x) => x.embedMs + x.switchMs)).p50;
  const switchMs = summarize(r.runs.map((x) => x.switchMs)).p50;
  const perSecond = (ms: number) => (r.texts * 1000) / ms;
  const direct = { name: 'GgufEmbedder.embedDocuments direct', value: perSecond(directMs), unit: 'chunks/s' };
  ctx.log(
    `re-embed: direct ${direct.value.toFixed(0)} chunks/s, background re-embed ${perSecond(embedMs).toFixed(0)} chunks/s, switch ${switchMs.toFixed(0)} ms`,
  );
  return {
    figures: [
      figure({
        section: SECTION,
        name: `${r.texts} chunks, offline → tiny GGUF: background re-embed`,
        value: perSecond(embedMs),
        unit: 'chunks/s',
        baseline: direct,
      }),
      figure({
        section: SECTION,
        name: `${r.texts} chunks, offline → tiny GGUF: until switched (new index built, swapped in)`,
        value: perSecond(totalMs),
        unit: 'chunks/s',
        baseline: direct,
        note: `switch ${switchMs.toFixed(0)} ms`,
      }),
    ],
    details: {
      texts: r.texts,
      chunks: r.chunks,
      rounds: r.runs.length,
      directMs: round(directMs),
      embedMs: round(embedMs),
      switchMs: round(switchMs),
      runs: r.runs.map((x) => ({ ...x, directMs: x.directMs.map((m) => round(m)), embedMs: round(x.embedMs) })),
    },
  };
}
