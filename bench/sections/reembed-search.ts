// 8b. Hybrid search while a re-embed runs: the same hybrid searches on a 10k-chunk library with nothing else
// running, and while the library re-embeds itself in the background with the tiny GGUF embedding model,
// phases alternating (bench/children/reembed-search.ts: one process, as in the engine; the model in its
// own). Goal: p95 ≤ 2× idle (issue #13). Also: the re-embed's speed alone and while the searches run, and the
// time its store calls took on the engine's thread (the rest of any slowdown is the two sharing the CPU).
import { buildChunkLibrary, type ChunkLibrary } from '../corpus/chunk-library';
import { runChild } from '../lib/child';
import type { BenchContext, SectionResult } from '../lib/context';
import { pick } from '../lib/context';
import { figure } from '../lib/figures';
import { round, type Summary } from '../lib/stats';

const SECTION = 're-embed';
const CHUNKS = 10_000;

interface SearchDuringResult {
  chunks: number;
  idle: Summary;
  during: Summary;
  discarded: number;
  reembedRunningAtEnd: boolean;
  reembed: {
    aloneRate: number;
    duringSearchRate: number;
    embedded: number;
    engineThreadMs: number;
    engineThreadCalls: number;
    engineThreadMaxMs: number;
  };
}

const compact = (s: Summary) => ({ n: s.n, p50: round(s.p50), p95: round(s.p95), max: round(s.max) });

export async function reembedSearchSection(ctx: BenchContext): Promise<SectionResult> {
  // Searches per pass, and how long each phase cycles through them (the re-embed must outlast two phases).
  const { queries, seconds, rounds } = pick(ctx.mode, {
    quick: { queries: 60, seconds: 5, rounds: 2 },
    default: { queries: 200, seconds: 8, rounds: 3 },
    full: { queries: 300, seconds: 10, rounds: 4 },
  });
  const lib =
    (ctx.shared.get(`chunk-library-${CHUNKS}`) as ChunkLibrary | undefined) ??
    (await buildChunkLibrary(ctx.cacheDir, { chunks: CHUNKS, vectors: 'real' }));
  ctx.log(
    `re-embed search: ${rounds} × (${seconds} s of hybrid searches idle, ${seconds} s while ${CHUNKS / 1000}k chunks re-embed)…`,
  );
  const { result: r } = await runChild<SearchDuringResult>('reembed-search.ts', [
    lib.dir,
    ctx.workDir,
    String(queries),
    String(seconds),
    String(rounds),
  ]);
  const tag = `${r.chunks / 1000}k chunks`;
  const idle = { name: 'same searches, idle', unit: 'ms' };
  const notes: string[] = [];
  if (!r.reembedRunningAtEnd)
    notes.push(`re-embed search: the re-embed ended before the searches did (${r.during.n} searches during it).`);
  return {
    figures: [
      figure({
        section: SECTION,
        name: `${tag}: hybrid p50 while re-embedding`,
        value: r.during.p50,
        unit: 'ms',
        baseline: { ...idle, value: r.idle.p50 },
      }),
      figure({
        section: SECTION,
        name: `${tag}: hybrid p95 while re-embedding`,
        value: r.during.p95,
        unit: 'ms',
        baseline: { ...idle, value: r.idle.p95 },
        goal: { op: '<=', value: 2, on: 'ratio' },
        note: `${r.during.n} searches during, ${r.idle.n} idle; the re-embed's store calls meanwhile: ${r.reembed.engineThreadMs.toFixed(0)} ms in ${r.reembed.engineThreadCalls} (longest ${r.reembed.engineThreadMaxMs.toFixed(0)} ms)`,
      }),
      figure({
        section: SECTION,
        name: `${tag}: re-embed speed while searches run`,
        value: r.reembed.duringSearchRate,
        unit: 'chunks/s',
        baseline: { name: 're-embed alone, just before', value: r.reembed.aloneRate, unit: 'chunks/s' },
      }),
    ],
    details: {
      chunks: r.chunks,
      idle: compact(r.idle),
      during: compact(r.during),
      discarded: r.discarded,
      reembed: {
        embedded: r.reembed.embedded,
        aloneRate: round(r.reembed.aloneRate),
        duringSearchRate: round(r.reembed.duringSearchRate),
        engineThreadMs: round(r.reembed.engineThreadMs),
        engineThreadCalls: r.reembed.engineThreadCalls,
        engineThreadMaxMs: round(r.reembed.engineThreadMaxMs),
        cancelledWhileRunning: r.reembedRunningAtEnd,
      },
    },
    notes,
  };
}
