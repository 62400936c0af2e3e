// 1. Indexing throughput (and 4. memory): the engine indexes a generated corpus from an empty data folder,
// in a child process; the baselines are bare extraction of the same files in this process, same run.
import { join } from 'node:path';
import { ensureCorpus, workingCopy } from '../corpus/cache';
import type { CorpusManifest, CorpusOptions } from '../corpus/generate';
import { runChild } from '../lib/child';
import type { BenchContext, SectionResult } from '../lib/context';
import { type Figure, figure } from '../lib/figures';
import { round } from '../lib/stats';
import { type LibraryCounts, libraryCounts, waitIdle } from '../children/wait-idle';
import { openHostSession } from '../lib/host-client';
import { type BaselineTimes, measureBaselines } from './extraction-baselines';

interface IndexChildResult {
  openMs: number;
  indexMs: number;
  closeMs: number;
  counts: LibraryCounts;
  peakRssMb: number;
}

interface Breakdown {
  totalMs: number;
  parseMs: number;
  firstParseMs: number;
  chunkMs: number;
  embedMs: number;
  /** The main thread's own busy time (parsing runs in a worker, ahead of the file being stored). */
  mainMs: number;
  restMs: number;
  chunks: number;
  files: number;
}

/** An indexed library the later sections (incremental update) reuse. */
export interface IndexedLibrary {
  files: number;
  dataDir: string;
  corpus: CorpusManifest;
  options: CorpusOptions;
}

const SIZES = { quick: [100], default: [100, 1000], full: [100, 1000, 10_000] };
const PDF_ONLY = { quick: 40, default: 200, full: 300 };
const SECTION = 'indexing';

async function indexOnce(ctx: BenchContext, label: string, options: CorpusOptions) {
  const cached = await ensureCorpus(ctx.cacheDir, options);
  ctx.log(
    `${label}: corpus of ${cached.totals.files} files (${cached.totals.pdfPages} PDF pages, ${(cached.totals.bytes / 2 ** 20).toFixed(0)} MB)${cached.reused ? ', cached' : `, generated in ${(cached.generateMs / 1000).toFixed(1)} s`}`,
  );
  const corpus = workingCopy(cached, join(ctx.workDir, `corpus-${label}`));
  ctx.log(`${label}: baselines (pdf.js, pdftotext, mammoth)…`);
  const base = await measureBaselines(corpus);
  ctx.log(`${label}: engine indexing…`);
  const dataDir = join(ctx.workDir, `data-${label}`);
  const run =
    ctx.engine === 'built' ? await indexWithBuiltHost(dataDir, corpus.dir) : await indexFromSource(dataDir, corpus.dir);
  return { corpus, base, run, dataDir };
}

async function indexFromSource(dataDir: string, folder: string) {
  const run = await runChild<IndexChildResult>('index-library.ts', [dataDir, folder]);
  return { result: run.result, sampledPeakRssMb: run.sampledPeakRssMb };
}

/** The shipped engine: out/main/host.js, driven over its WebSocket API like the renderer drives it. */
async function indexWithBuiltHost(dataDir: string, folder: string) {
  const session = await openHostSession(dataDir);
  try {
    let sampled = 0;
    const sampler = setInterval(() => {
      sampled = Math.max(sampled, session.rssMb());
    }, 100);
    const t1 = performance.now();
    await session.call('library.addFolder', { path: folder });
    await waitIdle((name, args) => session.call(name, args));
    const indexMs = performance.now() - t1;
    clearInterval(sampler);
    const counts = await libraryCounts((name, args) => session.call(name, args));
    const result: IndexChildResult = {
      openMs: session.readyMs,
      indexMs,
      closeMs: 0,
      counts,
      peakRssMb: session.peakRssMb(),
    };
    return { result, sampledPeakRssMb: sampled };
  } finally {
    await session.stop();
  }
}

function perSecond(count: number, ms: number): number {
  return ms > 0 ? (count * 1000) / ms : 0;
}

export async function indexingSection(ctx: BenchContext): Promise<SectionResult> {
  const figures: Figure[] = [];
  const details: Record<string, unknown> = {};
  const notes: string[] = [];
  const libraries: IndexedLibrary[] = [];

  // PDF only: the goal's own terms (the whole pipeline against pdf.js extraction alone).
  {
    const options: CorpusOptions = { files: PDF_ONLY[ctx.mode], seed: 3, mix: { pdf: 1, docx: 0, markdown: 0 } };
    const { corpus, base, run } = await indexOnce(ctx, `pdf-${options.files}`, options);
    const pages = run.result.counts.pages;
    figures.push(
      figure({
        section: SECTION,
        name: `${options.files} PDFs (${pages} pages): parse+chunk+embed+store`,
        value: run.result.indexMs / 1000,
        unit: 's',
        baseline: { name: 'pdf.js extraction alone', value: base.pdfjsMs / 1000, unit: 's' },
        goal: { op: '<=', value: 2, on: 'ratio' },
      }),
      figure({
        section: SECTION,
        name: `${options.files} PDFs: pages/s`,
        value: perSecond(pages, run.result.indexMs),
        unit: 'pages/s',
        baseline: {
          name: 'pdftotext',
          value: base.pdftotextMs ? perSecond(base.pdfPages, base.pdftotextMs) : 0,
          unit: 'pages/s',
        },
      }),
    );
    details[`pdf-${options.files}`] = summary(corpus, base, run.result);
  }

  for (const files of SIZES[ctx.mode]) {
    const options: CorpusOptions = { files, seed: 1 };
    const { corpus, base, run, dataDir } = await indexOnce(ctx, `mixed-${files}`, options);
    const r = run.result;
    const failed = Object.entries(r.counts.byStatus).filter(([s]) => s !== 'indexed');
    if (failed.length)
      notes.push(`${files} files: statuses other than indexed: ${JSON.stringify(Object.fromEntries(failed))}`);
    figures.push(
      figure({
        section: SECTION,
        name: `${files} files (PDF+DOCX+MD): index from scratch`,
        value: r.indexMs / 1000,
        unit: 's',
        baseline: { name: 'bare extraction: pdf.js+mammoth+read', value: base.bareExtractionMs / 1000, unit: 's' },
        goal: { op: '<=', value: 2, on: 'ratio' },
      }),
      figure({
        section: SECTION,
        name: `${files} files: chunks/s`,
        value: perSecond(r.counts.chunks, r.indexMs),
        unit: 'chunks/s',
        note: `${r.counts.chunks} chunks`,
      }),
      figure({
        section: SECTION,
        name: `${files} files: PDF pages/s (whole corpus time)`,
        value: perSecond(r.counts.pages, r.indexMs),
        unit: 'pages/s',
        baseline: { name: 'pdf.js alone', value: perSecond(base.pdfPages, base.pdfjsMs), unit: 'pages/s' },
      }),
    );
    if (base.pdftotextMs) {
      figures.push(
        figure({
          section: SECTION,
          name: `${files} files: pdftotext pages/s (baseline)`,
          value: perSecond(base.pdfPages, base.pdftotextMs),
          unit: 'pages/s',
          baseline: { name: 'pdf.js alone', value: perSecond(base.pdfPages, base.pdfjsMs), unit: 'pages/s' },
        }),
      );
    }
    const memoryGoal = files >= 10_000;
    figures.push(
      figure({
        section: 'memory',
        name: `peak RSS of the engine indexing ${files} files`,
        value: Math.max(r.peakRssMb, run.sampledPeakRssMb),
        unit: 'MB',
        ...(memoryGoal ? { goal: { op: '<=', value: 600, on: 'value' } } : {}),
        note: memoryGoal ? undefined : 'the goal (≤ 600 MB) is for 10,000 files: `--full`',
      }),
    );
    details[`mixed-${files}`] = summary(corpus, base, r);
    libraries.push({ files, dataDir, corpus, options });
  }

  // Where the time goes, on the largest corpus of the default run (the sources, through tsx).
  const biggest = ctx.mode === 'quick' ? undefined : libraries.filter((l) => l.files <= 1000).at(-1);
  if (biggest) {
    ctx.log(`indexing breakdown on ${biggest.files} files…`);
    const b = (
      await runChild<Breakdown>('index-breakdown.ts', [join(ctx.workDir, 'data-breakdown'), biggest.corpus.dir])
    ).result;
    const share = (x: number) => `${Math.round((100 * x) / b.totalMs)} %`;
    const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    notes.push(
      `${biggest.files} files, stage by stage (sources through tsx, ${s(b.totalMs)} wall): parsing in the worker ${s(b.parseMs)} ` +
        `(${share(b.parseMs)} of the wall time; first file, starting the worker: ${Math.round(b.firstParseMs)} ms), overlapped with ` +
        `the main thread's ${s(b.mainMs)}: chunk ${s(b.chunkMs)}, embed ${s(b.embedMs)}, store + vector index + hashing + ` +
        `bookkeeping ${s(b.restMs)}.`,
    );
    figures.push(
      figure({
        section: SECTION,
        name: `${biggest.files} files: parse time in the pipeline (worker, layout)`,
        value: b.parseMs / 1000,
        unit: 's',
        baseline: { name: 'whole pipeline, same run', value: b.totalMs / 1000, unit: 's' },
      }),
    );
    details.breakdown = Object.fromEntries(Object.entries(b).map(([k, v]) => [k, round(v)]));
  }
  ctx.shared.set('indexed-libraries', libraries);
  return { figures, details, notes };
}

function summary(corpus: CorpusManifest, base: BaselineTimes, r: IndexChildResult) {
  return {
    corpus: corpus.totals,
    source: corpus.source,
    baselinesMs: {
      pdfjs: round(base.pdfjsMs),
      pdftotext: base.pdftotextMs === null ? null : round(base.pdftotextMs),
      mammoth: round(base.mammothMs),
      markdownRead: round(base.markdownReadMs),
    },
    engine: {
      openMs: round(r.openMs),
      indexMs: round(r.indexMs),
      closeMs: round(r.closeMs),
      documents: r.counts.documents,
      byStatus: r.counts.byStatus,
      pages: r.counts.pages,
      chunks: r.counts.chunks,
      peakRssMb: round(r.peakRssMb),
    },
  };
}
