// `lucarne eval --beir DIR`: retrieval quality on a BEIR dataset (nDCG@10, Recall@10/100, MRR@10, ms per
// query). The corpus is indexed into a temporary store with the chosen embedder (a progress line shows
// how far), every query of the split runs through the app's search, and the store is deleted afterwards.
// It does not open the Engine: its input is a BEIR folder, not a library (no data folder, saved settings
// or key file), so it builds its throwaway store (engine/eval/beir.ts) and its embedder from the flags.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { SearchMode } from '../../../shared/types';
import { defaultSettings } from '../../engine/public/data-folder';
import { resolveDataDir } from '../../engine/public/data-dir';
import { closeLocalModels, type Embedder, embedderSpecFor, openEmbedder } from '../../engine/public/retrieval';
import { applyProviderFlags, modelFinder } from '../provider-flags';
import { BeirFormatError, type BeirReport, indexBeirCorpus, loadBeir, runBeirQueries } from '../../engine/public/eval';
import { type ParsedArgs, stringFlag } from '../args';
import type { CommandIo } from '../command';
import { usageError } from '../usage';
import { runQaEval } from './eval-qa';

const MODES: SearchMode[] = ['bm25', 'vector', 'hybrid'];

export interface EvalJson {
  version: 1;
  results: BeirReport[];
}

/** One progress line: redrawn in place on a terminal, a line every few seconds otherwise. */
function progressLine(io: CommandIo, enabled: boolean) {
  let last = 0;
  let drawn = false;
  return {
    show(label: string, done: number, total: number) {
      if (!enabled) return;
      const pct = total ? Math.floor((done / total) * 100) : 100;
      const line = `${label} ${done}/${total} (${pct} %)`;
      if (io.isTTY) {
        io.stderr.write(`\r\x1b[2K${line}`);
        drawn = true;
      } else if (Date.now() - last >= 5000 || done === total) {
        last = Date.now();
        io.stderr.write(`${line}\n`);
      }
    },
    clear() {
      if (drawn) io.stderr.write('\r\x1b[2K');
      drawn = false;
    },
  };
}

export function formatReports(reports: BeirReport[]): string {
  const head = ['mode', 'nDCG@10', 'Recall@10', 'Recall@100', 'MRR@10', 'ms/query'];
  const rows = reports.map((r) => [
    r.mode,
    r.ndcg10.toFixed(4),
    r.recall10.toFixed(4),
    r.recall100.toFixed(4),
    r.mrr10.toFixed(4),
    r.msPerQuery.toFixed(1),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  const first = reports[0];
  const title = first
    ? `${first.dataset} (${first.split}: ${first.queries} queries, ${first.documents} documents, ${first.chunks} chunks) · ${first.embedder} · indexed in ${first.indexSeconds.toFixed(1)} s`
    : '';
  return `${title}\n${line(head)}\n${rows.map(line).join('\n')}\n`;
}

function defaultSplit(dir: string): string {
  if (existsSync(join(dir, 'qrels', 'test.tsv'))) return 'test';
  for (const s of ['dev', 'train']) if (existsSync(join(dir, 'qrels', `${s}.tsv`))) return s;
  return 'test';
}

/** The embedder the flags name (--provider, --embed-model, --base-url), over the default settings. */
async function makeEvalEmbedder(args: ParsedArgs): Promise<Embedder | { usage: string } | { failed: string }> {
  const settings = await applyProviderFlags(defaultSettings(), args, modelFinder(resolveDataDir(args.flags.data)));
  if (settings instanceof Error) return { usage: settings.message };
  const secrets = { geminiKey: null, env: process.env };
  if (settings.provider === 'gemini' && !process.env.GEMINI_API_KEY) {
    return { usage: 'the gemini provider needs GEMINI_API_KEY.' };
  }
  if (settings.provider !== 'offline' && settings.provider !== 'gemini' && args.flags['embed-model'] === undefined) {
    return { usage: `--provider ${settings.provider} needs --embed-model (the model to evaluate).` };
  }
  try {
    return await openEmbedder(embedderSpecFor(settings, secrets), {
      secrets,
      localOnly: false,
      idleMs: 60_000,
    });
  } catch (error) {
    // The model exists on the command line but cannot run (a server down, a broken file): not a usage error.
    return { failed: error instanceof Error ? error.message : String(error) };
  }
}

/** Runs the evaluation, then lets an in-process model's process go (the CLI would otherwise wait for its idle unload). */
export async function run(args: ParsedArgs, io: CommandIo): Promise<number> {
  try {
    return await evaluate(args, io);
  } finally {
    await closeLocalModels();
  }
}

async function evaluate(args: ParsedArgs, io: CommandIo): Promise<number> {
  const qa = stringFlag(args, 'qa');
  if (qa) return runQaEval(qa, args, io);
  const dir = stringFlag(args, 'beir') ?? args.positionals[0];
  if (!dir) {
    io.stderr.write(usageError('eval', 'which dataset?'));
    return 2;
  }
  // BEIR's convention is the test split; a folder holding only another split (e.g. train) uses that one.
  const split = stringFlag(args, 'split') ?? defaultSplit(dir);
  const modeFlag = stringFlag(args, 'mode') ?? 'hybrid';
  const modes = modeFlag === 'all' ? MODES : [modeFlag as SearchMode];
  if (!modes.every((m) => MODES.includes(m))) {
    io.stderr.write('lucarne eval: --mode is bm25, vector, hybrid or all.\n');
    return 2;
  }
  const limitFlag = stringFlag(args, 'limit');
  const limit = limitFlag === undefined ? undefined : Number(limitFlag);
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) {
    io.stderr.write('lucarne eval: --limit takes a positive whole number.\n');
    return 2;
  }
  const embedder = await makeEvalEmbedder(args);
  if ('usage' in embedder || 'failed' in embedder) {
    io.stderr.write(`lucarne eval: ${'usage' in embedder ? embedder.usage : embedder.failed}\n`);
    return 'usage' in embedder ? 2 : 1;
  }
  const json = args.flags.json === true;
  const progress = progressLine(io, args.flags.quiet !== true);

  let dataset: Awaited<ReturnType<typeof loadBeir>>;
  try {
    dataset = await loadBeir(dir, split);
  } catch (err) {
    if (err instanceof BeirFormatError) {
      io.stderr.write(`lucarne eval: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
  const index = await indexBeirCorpus(dataset, {
    embedder,
    onProgress: (done, total) => progress.show('Indexing corpus:', done, total),
  });
  try {
    progress.clear();
    const reports: BeirReport[] = [];
    for (const mode of modes) {
      reports.push(
        await runBeirQueries(index, dataset, {
          mode,
          limit,
          onProgress: (done, total) => progress.show(`Querying (${mode}):`, done, total),
        }),
      );
      progress.clear();
    }
    const out: EvalJson = { version: 1, results: reports };
    io.stdout.write(json ? `${JSON.stringify(out, null, 2)}\n` : formatReports(reports));
    return 0;
  } finally {
    progress.clear();
    await index.close();
  }
}
