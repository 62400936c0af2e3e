// `npm run bench [-- --quick | --full] [--only indexing,query,incremental,startup,ocr,local-models,reembed,
// reembed-search,memory-by-kind] [--keep] [--docs]`
// Runs the performance benchmarks, prints the table (every speed next to a baseline measured in the same
// run, with the ratio), writes bench/results/latest.json (quick runs: quick.json) and, for default and
// full runs, the "Performance" section of docs/benchmarks.md.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { errorMessage } from '../shared/errors';
import { repoRoot } from './lib/child';
import type { BenchContext, BenchMode, SectionResult } from './lib/context';
import { writeMarkedSection } from './lib/docs-section';
import type { Figure } from './lib/figures';
import { calibrate, describeMachine } from './lib/machine';
import { builtHostAvailable, builtHostIsStale } from './lib/host-client';
import { consoleTable } from './lib/table';
import { renderPerformanceSection } from './lib/report';
import { incrementalSection } from './sections/incremental';
import { localModelsSection } from './sections/local-models';
import { ocrSection } from './sections/ocr';
import { providerMemorySection } from './sections/provider-memory';
import { reembedSection } from './sections/reembed';
import { reembedSearchSection } from './sections/reembed-search';
import { indexingSection } from './sections/indexing';
import { querySection } from './sections/query';
import { startupSection } from './sections/startup';

const SECTIONS: Record<string, (ctx: BenchContext) => Promise<SectionResult>> = {
  indexing: indexingSection,
  query: querySection,
  incremental: incrementalSection,
  startup: startupSection,
  ocr: ocrSection,
  'local-models': localModelsSection,
  reembed: reembedSection,
  'reembed-search': reembedSearchSection,
  'memory-by-kind': providerMemorySection,
};

function parseArgs(argv: string[]) {
  const mode: BenchMode = argv.includes('--full') ? 'full' : argv.includes('--quick') ? 'quick' : 'default';
  const only =
    argv.find((a) => a.startsWith('--only'))?.split('=')[1] ??
    (argv.includes('--only') ? argv[argv.indexOf('--only') + 1] : undefined);
  const sections = only ? only.split(',').map((s) => s.trim()) : Object.keys(SECTIONS);
  for (const s of sections)
    if (!SECTIONS[s]) throw new Error(`unknown section "${s}" (${Object.keys(SECTIONS).join(', ')})`);
  return {
    mode,
    sections,
    only: Boolean(only),
    keep: argv.includes('--keep'),
    source: argv.includes('--source'),
    build: !argv.includes('--no-build'),
    docs: argv.includes('--docs') || (mode !== 'quick' && !argv.includes('--no-docs') && !only),
  };
}

/** The benchmarks measure the engine as it ships (out/) unless told otherwise; a stale build is rebuilt. */
function prepareBuiltEngine(args: ReturnType<typeof parseArgs>, log: (m: string) => void): 'built' | 'source' {
  if (args.source) return 'source';
  if (args.build && (!builtHostAvailable() || builtHostIsStale())) {
    log('building out/ (electron-vite build) so the shipped engine is measured…');
    const r = spawnSync('npx', ['electron-vite', 'build'], { cwd: repoRoot, encoding: 'utf8' });
    if (r.status !== 0)
      log(`build failed, measuring the TypeScript sources instead:\n${(r.stderr || r.stdout).slice(-2000)}`);
  }
  return builtHostAvailable() ? 'built' : 'source';
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const cacheDir = process.env.LUCARNE_BENCH_CACHE ?? join(repoRoot, '.tmp', 'bench-cache');
  const workDir = join(repoRoot, '.tmp', `bench-work-${process.pid}`);
  mkdirSync(cacheDir, { recursive: true });
  mkdirSync(workDir, { recursive: true });
  const log = (m: string) => console.log(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${m}`);
  const engine = prepareBuiltEngine(args, log);
  const ctx: BenchContext = { mode: args.mode, cacheDir, workDir, log, engine, shared: new Map() };

  const machine = await describeMachine(workDir);
  const calibrationStart = calibrate();
  log(`engine measured: ${engine === 'built' ? 'the build in out/ (as shipped)' : 'TypeScript sources through tsx'}`);
  log(
    `${args.mode} run on ${machine.cpu}, ${machine.cores} cores, load ${machine.loadAverage.join(' ')}; CPU unit ${calibrationStart} ms`,
  );

  const figures: Figure[] = [];
  const details: Record<string, unknown> = {};
  const notes: string[] = [];
  try {
    for (const name of args.sections) {
      const t0 = Date.now();
      try {
        const r = await SECTIONS[name](ctx);
        figures.push(...r.figures);
        details[name] = r.details;
        notes.push(...(r.notes ?? []));
      } catch (error) {
        const message = errorMessage(error);
        log(`${name} FAILED: ${message.split('\n').slice(0, 8).join('\n')}`);
        notes.push(`${name} failed: ${message.split('\n')[0]}`);
      }
      log(`${name} done in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    }
  } finally {
    if (!args.keep) rmSync(workDir, { recursive: true, force: true });
  }
  const calibrationEnd = calibrate();
  const endLoad = (await describeMachine(cacheDir)).loadAverage;

  console.log(`\nLucarne benchmarks (${args.mode}) — ratios are against baselines measured in this run\n`);
  console.log(consoleTable(figures));
  if (notes.length) console.log(`\n${notes.map((n) => `note: ${n}`).join('\n')}`);
  console.log(
    `\nCPU unit ${calibrationStart} ms at the start, ${calibrationEnd} ms at the end (lower is faster; the difference is the machine's noise). Load average at the end: ${endLoad.join(' ')}.`,
  );

  const result = {
    mode: args.mode,
    date: new Date().toISOString(),
    durationS: Math.round((Date.now() - started) / 1000),
    machine,
    calibration: { startMs: calibrationStart, endMs: calibrationEnd, endLoad },
    figures,
    details,
    notes,
  };
  const resultsDir = join(repoRoot, 'bench', 'results');
  mkdirSync(resultsDir, { recursive: true });
  // A run of some sections only must not replace the full run's results.
  const jsonName = args.only
    ? `only-${args.sections.join('-')}.json`
    : args.mode === 'quick'
      ? 'quick.json'
      : 'latest.json';
  const jsonFile = join(resultsDir, jsonName);
  writeFileSync(jsonFile, `${JSON.stringify(result, null, 1)}\n`);
  console.log(`\nresults: ${jsonFile}`);
  if (args.docs) {
    const notesFile = join(repoRoot, 'bench', 'perf-notes.md');
    const written = existsSync(notesFile) ? readFileSync(notesFile, 'utf8') : '';
    writeMarkedSection(join(repoRoot, 'docs', 'benchmarks.md'), renderPerformanceSection(result, written));
    console.log('docs: docs/benchmarks.md (Performance section)');
  }
  const missed = figures.filter((f) => f.met === false);
  if (missed.length)
    console.log(`\n${missed.length} goal(s) missed: see the table and the note in docs/benchmarks.md.`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
