// 5. Start-up: the engine ready (store open, FAISS index loaded, library started) on a large library, each
// in a fresh process, against the baseline of a process that only imports the engine's modules; and the
// renderer's first paint in Chromium through the browser host, against a static page in the same browser.
import { existsSync } from 'node:fs';
import { runChild } from '../lib/child';
import { repoRoot } from '../lib/child';
import type { BenchContext, SectionResult } from '../lib/context';
import { type Figure, figure } from '../lib/figures';
import { round, summarize } from '../lib/stats';
import type { ChunkLibrary } from '../corpus/chunk-library';
import { buildChunkLibrary } from '../corpus/chunk-library';
import { join } from 'node:path';

interface StartupResult {
  importMs: number;
  readyMs: number;
  firstSearchMs: number;
  storeOpenMs?: number;
  quickCheckMs?: number;
  faissOpenMs?: number;
}

const SECTION = 'start-up';
const RUNS = { quick: 1, default: 3, full: 5 };

async function median(ctx: BenchContext, mode: string, dir: string) {
  const runs: { wall: number; r: StartupResult }[] = [];
  for (let i = 0; i < RUNS[ctx.mode]; i++) {
    const run = await runChild<StartupResult>('startup.ts', [mode, dir]);
    runs.push({ wall: run.wallMs, r: run.result });
  }
  const median = (f: (r: StartupResult) => number | undefined) => summarize(runs.map((x) => f(x.r) ?? 0)).p50;
  return {
    wallMs: summarize(runs.map((x) => x.wall)).p50,
    importMs: median((r) => r.importMs),
    readyMs: median((r) => r.readyMs),
    firstSearchMs: median((r) => r.firstSearchMs),
    storeOpenMs: median((r) => r.storeOpenMs),
    quickCheckMs: median((r) => r.quickCheckMs),
    faissOpenMs: median((r) => r.faissOpenMs),
  };
}

async function firstPaint(ctx: BenchContext, dataDir: string): Promise<Record<string, number> | null> {
  if (
    !existsSync(join(repoRoot, 'out', 'main', 'host.js')) ||
    !existsSync(join(repoRoot, 'out', 'renderer', 'index.html'))
  ) {
    ctx.log('start-up: out/ is not built (npm run build): renderer first paint skipped');
    return null;
  }
  const { startHost, launchChromium } = await import('../../e2e/test-support/harness');
  const hostStart = performance.now();
  const host = await startHost({ dataDir });
  const hostReadyMs = performance.now() - hostStart;
  const browser = await launchChromium();
  try {
    const measure = async (url: string, ready: string) => {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(url, { waitUntil: 'load' });
      await page.waitForFunction(ready, undefined, { timeout: 30_000 });
      const t = await page.evaluate(() => {
        const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN;
        const fp = performance.getEntriesByName('first-paint')[0]?.startTime ?? Number.NaN;
        return { fp, fcp, readyAt: performance.now() };
      });
      await context.close();
      return t;
    };
    const staticPage =
      'data:text/html,<!doctype html><html><body><nav>Lucarne</nav><main><h1>Bibliothèque</h1><p>Static page.</p></main></body></html>';
    const app: { fp: number; fcp: number; readyAt: number }[] = [];
    const bare: { fp: number; fcp: number; readyAt: number }[] = [];
    for (let i = 0; i < RUNS[ctx.mode]; i++) {
      bare.push(await measure(staticPage, 'document.querySelector("main") !== null'));
      app.push(
        await measure(
          host.url,
          'document.querySelector("#root") && document.querySelector("#root").children.length > 0',
        ),
      );
    }
    return {
      hostReadyMs: hostReadyMs,
      appFcpMs: summarize(app.map((x) => x.fcp)).p50,
      appReadyMs: summarize(app.map((x) => x.readyAt)).p50,
      staticFcpMs: summarize(bare.map((x) => x.fcp)).p50,
    };
  } finally {
    await browser.close();
    await host.stop();
  }
}

export async function startupSection(ctx: BenchContext): Promise<SectionResult> {
  const n = ctx.mode === 'quick' ? 10_000 : 100_000;
  const lib =
    (ctx.shared.get(`chunk-library-${n}`) as ChunkLibrary | undefined) ??
    (await buildChunkLibrary(ctx.cacheDir, { chunks: n, vectors: 'real' }));
  const tag = `${n / 1000}k-chunk library`;
  ctx.log(`start-up: ${tag}…`);
  const modules = await median(ctx, 'modules', lib.dir);
  const store = await median(ctx, 'store', lib.dir);
  const engine = await median(ctx, 'engine', lib.dir);
  const figures: Figure[] = [
    figure({
      section: SECTION,
      name: `${tag}: engine ready (store, index, library), in process`,
      value: engine.readyMs,
      unit: 'ms',
      baseline: { name: 'importing the engine modules', value: modules.importMs, unit: 'ms' },
    }),
    figure({
      section: SECTION,
      name: `${tag}: store open + FAISS index loaded, in process`,
      value: store.readyMs,
      unit: 'ms',
      baseline: { name: 'importing the engine modules', value: modules.importMs, unit: 'ms' },
    }),
    figure({
      section: SECTION,
      name: `${tag}: process start → engine ready (wall)`,
      value: engine.wallMs,
      unit: 'ms',
      baseline: { name: 'process start → modules imported', value: modules.wallMs, unit: 'ms' },
    }),
    figure({
      section: SECTION,
      name: `${tag}: first hybrid search after start`,
      value: engine.firstSearchMs,
      unit: 'ms',
    }),
  ];
  ctx.log('start-up: renderer first paint in Chromium…');
  const paint = await firstPaint(ctx, lib.dir).catch((e: Error) => {
    ctx.log(`start-up: first paint failed: ${e.message.split('\n')[0]}`);
    return null;
  });
  if (paint) {
    figures.push(
      figure({
        section: SECTION,
        name: 'renderer first contentful paint (Chromium, browser host)',
        value: paint.appFcpMs,
        unit: 'ms',
        baseline: { name: 'static page, same browser', value: paint.staticFcpMs, unit: 'ms' },
      }),
      figure({
        section: SECTION,
        name: 'renderer: app shell rendered (#root filled)',
        value: paint.appReadyMs,
        unit: 'ms',
      }),
      figure({
        section: SECTION,
        name: `browser host process ready on the ${tag}`,
        value: paint.hostReadyMs,
        unit: 'ms',
      }),
    );
  }
  return {
    figures,
    details: {
      library: tag,
      modules: roundAll(modules),
      store: roundAll(store),
      engine: roundAll(engine),
      paint: paint ? roundAll(paint) : null,
    },
  };
}

function roundAll(o: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, round(v)]));
}
