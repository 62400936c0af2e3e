// 2. Query latency of bm25, vector and hybrid search at several library sizes, next to the bare cost of
// their parts (raw FTS5 MATCH, FAISS search alone) measured in the same process; then flat against HNSW
// and IVF (recall against flat, latency), which decides the index type by size.
import { buildChunkLibrary, type ChunkLibrary } from '../corpus/chunk-library';
import { runChild } from '../lib/child';
import type { BenchContext, SectionResult } from '../lib/context';
import { type Figure, figure } from '../lib/figures';
import { round, type Summary } from '../lib/stats';

interface QueryChildResult {
  chunks: number;
  openMs: number;
  indexType: string;
  modes: Record<string, Summary>;
  hybridByLength: Record<string, Summary>;
  breakdown: { keywordMs: number; vectorMs: number; rowsMs: number; restMs: number; totalMs: number };
  whatIf: Record<string, Summary>;
  whatIfTop10Overlap: Record<string, number>;
  queryTermsMean: number;
  baselines: { bareFts: Summary; bareVector: Summary; embedOnly: Summary; keywordSearch100: Summary };
  peakRssMb: number;
}

interface FaissVariant {
  type: string;
  param: string;
  buildMs: number;
  bytes: number;
  p50: number;
  p95: number;
  recall10: number;
  recall100: number;
}

interface FaissChildResult {
  n: number;
  nlist: number;
  chosenProbe: number;
  storeChoice: string;
  variants: FaissVariant[];
  hybrid: Record<string, Summary>;
}

const SIZES = { quick: [10_000], default: [10_000, 100_000], full: [10_000, 100_000, 1_000_000] };
const QUERIES = { quick: 30, default: 200, full: 200 };
const GOAL_SIZE = 100_000;
const SECTION = 'query';

const label = (n: number) => (n >= 1_000_000 ? `${n / 1_000_000}M` : `${n / 1000}k`);
const compact = (s: Summary) => ({ p50: round(s.p50), p95: round(s.p95), p99: round(s.p99), mean: round(s.mean) });

export async function querySection(ctx: BenchContext): Promise<SectionResult> {
  const figures: Figure[] = [];
  const details: Record<string, unknown> = {};
  const notes: string[] = [];
  for (const n of SIZES[ctx.mode]) {
    const vectors = n >= 1_000_000 ? 'synthetic' : 'real';
    ctx.log(`query ${label(n)}: building or reusing the chunk library (${vectors} vectors)…`);
    const lib: ChunkLibrary = await buildChunkLibrary(ctx.cacheDir, { chunks: n, vectors });
    if (!lib.reused) ctx.log(`query ${label(n)}: built in ${(lib.buildMs / 1000).toFixed(0)} s`);
    ctx.shared.set(`chunk-library-${n}`, lib);

    ctx.log(`query ${label(n)}: latency as the engine runs it…`);
    // Quick runs, and 1M chunks (every what-if would take many minutes there), measure the essentials only.
    const lite = ctx.mode === 'quick' || n >= 1_000_000 ? ['--lite'] : [];
    const queries = n >= 1_000_000 ? Math.min(100, QUERIES[ctx.mode]) : QUERIES[ctx.mode];
    const shipped = (await runChild<QueryChildResult>('query-latency.ts', [lib.dir, String(queries), ...lite])).result;
    const b = shipped.baselines;
    const tag = `${label(n)} chunks${vectors === 'synthetic' ? ' (synthetic vectors)' : ''}`;
    for (const mode of ['bm25', 'vector', 'hybrid'] as const) {
      const s = shipped.modes[mode];
      const base =
        mode === 'bm25'
          ? { name: 'raw FTS5 OR of all terms, top-100', value: b.bareFts.p95, unit: 'ms' }
          : mode === 'vector'
            ? { name: 'FAISS search alone', value: b.bareVector.p95, unit: 'ms' }
            : { name: 'raw FTS5 OR + FAISS alone', value: b.bareFts.p95 + b.bareVector.p95, unit: 'ms' };
      figures.push(
        figure({ section: SECTION, name: `${tag}: ${mode} p50`, value: s.p50, unit: 'ms' }),
        figure({
          section: SECTION,
          name: `${tag}: ${mode} p95`,
          value: s.p95,
          unit: 'ms',
          baseline: base,
          ...(mode === 'hybrid' && n === GOAL_SIZE ? { goal: { op: '<=', value: 50, on: 'value' } } : {}),
        }),
      );
    }
    const short = shipped.hybridByLength['≤ 5 terms'];
    if (short) {
      figures.push(
        figure({
          section: SECTION,
          name: `${tag}: hybrid p95, queries of ≤ 5 terms (${short.n})`,
          value: short.p95,
          unit: 'ms',
          baseline: { name: 'all queries', value: shipped.modes.hybrid.p95, unit: 'ms' },
        }),
      );
    }
    for (const [what, summary] of Object.entries(shipped.whatIf)) {
      figures.push(
        figure({
          section: SECTION,
          name: `${tag}: hybrid p95, what if ${what}`,
          value: summary.p95,
          unit: 'ms',
          baseline: { name: 'hybrid as shipped, same process', value: shipped.modes.hybrid.p95, unit: 'ms' },
          note: `top-10 overlap with shipped ${(shipped.whatIfTop10Overlap[what] * 100).toFixed(1)} %`,
        }),
      );
    }
    const sizeDetails: Record<string, unknown> = {
      hybridBreakdownMeanMs: Object.fromEntries(Object.entries(shipped.breakdown).map(([k, v]) => [k, round(v)])),
      whatIf: Object.fromEntries(
        Object.entries(shipped.whatIf).map(([k, v]) => [
          k,
          { ...compact(v), top10Overlap: round(shipped.whatIfTop10Overlap[k]) },
        ]),
      ),
      queryTermsMean: round(shipped.queryTermsMean),
      hybridByQueryLength: Object.fromEntries(
        Object.entries(shipped.hybridByLength).map(([k, v]) => [k, { n: v.n, ...compact(v) }]),
      ),
      library: {
        chunks: lib.chunks,
        documents: lib.documents,
        vectors: lib.vectors,
        dbMb: round(lib.dbBytes / 2 ** 20),
        buildS: round(lib.buildMs / 1000),
      },
      shipped: {
        modes: Object.fromEntries(Object.entries(shipped.modes).map(([k, v]) => [k, compact(v)])),
        baselines: Object.fromEntries(Object.entries(shipped.baselines).map(([k, v]) => [k, compact(v)])),
        peakRssMb: round(shipped.peakRssMb),
      },
    };

    notes.push(`${tag}: the store keeps a ${shipped.indexType} FAISS index (chosen by size).`);

    ctx.log(`query ${label(n)}: FAISS index types (flat, HNSW, IVF)…`);
    const ft = (
      await runChild<FaissChildResult>(
        'faiss-types.ts',
        [lib.dir, String(queries), ...(ctx.mode === 'quick' ? lite : ['--hybrid'])],
        {
          env: { OMP_NUM_THREADS: '1' },
        },
      )
    ).result;
    sizeDetails.faissTypes = {
      nlist: ft.nlist,
      variants: ft.variants.map((v) => ({
        ...v,
        buildMs: round(v.buildMs),
        p50: round(v.p50),
        p95: round(v.p95),
        recall10: round(v.recall10),
        recall100: round(v.recall100),
        mb: round(v.bytes / 2 ** 20),
      })),
      hybrid: Object.fromEntries(Object.entries(ft.hybrid).map(([k, v]) => [k, compact(v)])),
    };
    const flat = ft.variants.find((v) => v.type === 'Flat')!;
    const ivfName = `IVF${ft.nlist},Flat`;
    const ivf = ft.variants.find((v) => v.type === ivfName && v.param === `nprobe ${ft.chosenProbe}`);
    const used =
      ft.storeChoice === 'Flat' ? 'flat (the store keeps flat at this size)' : `${ivfName} nprobe ${ft.chosenProbe}`;
    if (ivf) {
      figures.push(
        figure({
          section: 'faiss',
          name: `${tag}: ${ivfName} nprobe ${ft.chosenProbe} search p95 (k=100)`,
          value: ivf.p95,
          unit: 'ms',
          baseline: { name: 'flat (exact)', value: flat.p95, unit: 'ms' },
          note: `store uses: ${used}`,
        }),
        figure({
          section: 'faiss',
          name: `${tag}: ${ivfName} nprobe ${ft.chosenProbe} recall@10 vs flat`,
          value: ivf.recall10,
          unit: '',
        }),
        figure({
          section: 'faiss',
          name: `${tag}: ${ivfName} nprobe ${ft.chosenProbe} recall@100 vs flat`,
          value: ivf.recall100,
          unit: '',
        }),
      );
    }
    const ivfHybrid = ft.hybrid[`${ivfName} nprobe ${ft.chosenProbe}`];
    if (ivfHybrid) {
      figures.push(
        figure({
          section: 'faiss',
          name: `${tag}: hybrid p95 with ${ivfName} nprobe ${ft.chosenProbe}`,
          value: ivfHybrid.p95,
          unit: 'ms',
          baseline: { name: 'hybrid with flat, same process', value: ft.hybrid.Flat.p95, unit: 'ms' },
        }),
      );
    }
    details[label(n)] = sizeDetails;
  }
  return { figures, details, notes };
}
