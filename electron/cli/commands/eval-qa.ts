// `lucarne eval --qa DIR`: document question answering on a folder of real files and a CSV of questions
// (engine/eval/docqa.ts says what is scored). Unlike --beir, the documents go through the whole app: the
// folder is indexed by an Engine (parsing, chunking, embedding) into --data, or into a temporary data folder
// deleted afterwards, and each question runs through the app's search and, for numeric questions, the
// offline answer. With --data the indexed store is kept, so a second run only pays for the questions.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IndexProgress } from '../../../shared/types';
import { Engine } from '../../engine/index';
import { formatProgressLine } from '../../engine/public/data-folder';
import {
  type DocQaOutcome,
  DocQaFormatError,
  type DocQaReport,
  type DocQaSet,
  formatDocQaReport,
  isNumeric,
  loadDocQa,
  scoreQuestion,
  summarise,
} from '../../engine/public/eval';
import { type ParsedArgs, stringFlag } from '../args';
import type { CommandIo } from '../command';

const ANSWERS = ['numeric', 'all', 'none'] as const;
type AnswersFlag = (typeof ANSWERS)[number];

export interface EvalQaJson {
  version: 1;
  report: DocQaReport;
  questions: DocQaOutcome[];
}

function positiveInt(value: string | undefined, fallback: number | undefined): number | undefined | null {
  if (value === undefined) return fallback;
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 ? n : null;
}

export async function runQaEval(dir: string, args: ParsedArgs, io: CommandIo): Promise<number> {
  const k = positiveInt(stringFlag(args, 'k'), 5) ?? null;
  const limit = positiveInt(stringFlag(args, 'limit'), undefined);
  const answers = (stringFlag(args, 'answers') ?? 'numeric') as AnswersFlag;
  if (k === null || k === undefined || limit === null) {
    io.stderr.write('lucarne eval: --k and --limit take a positive whole number.\n');
    return 2;
  }
  if (!ANSWERS.includes(answers)) {
    io.stderr.write('lucarne eval: --answers is numeric, all or none.\n');
    return 2;
  }
  let set: DocQaSet;
  try {
    set = loadDocQa(dir);
  } catch (error) {
    if (error instanceof DocQaFormatError || (error as NodeJS.ErrnoException).code === 'ENOENT') {
      io.stderr.write(`lucarne eval: ${(error as Error).message}\n`);
      return 1;
    }
    throw error;
  }
  const given = stringFlag(args, 'data');
  const dataDir = given ?? mkdtempSync(join(tmpdir(), 'lucarne-eval-qa-'));
  const quiet = args.flags.quiet === true;
  const engine = await Engine.open({ dataDir, run: 'once', storeFlags: args.flags });
  try {
    let lastLine = 0;
    engine.onEvent((name, payload) => {
      if (quiet || name !== 'library.progress') return;
      const p = payload as IndexProgress;
      if (p.state !== 'idle' && Date.now() - lastLine >= 5000) {
        lastLine = Date.now();
        io.stderr.write(`${formatProgressLine(p, 200, false)}\n`);
      }
    });
    const started = performance.now();
    const folder = await engine.indexOnce(set.docsDir);
    await engine.whenIdle();
    const indexSeconds = (performance.now() - started) / 1000;
    const indexed = engine.indexSummary(folder, indexSeconds);

    const questions = set.questions.slice(0, limit ?? set.questions.length);
    const outcomes: DocQaOutcome[] = [];
    const askedAt = performance.now();
    for (const [i, q] of questions.entries()) {
      const hits = await engine.search(q.question, k, 'hybrid');
      const wantAnswer = answers === 'all' || (answers === 'numeric' && isNumeric(q));
      const answer = wantAnswer ? (await engine.askOnce(q.question, { provider: 'offline' }, () => {})).text : null;
      outcomes.push(
        scoreQuestion(
          q,
          hits.map((h) => ({ path: h.chunk.path, text: h.chunk.text, page: h.chunk.pageStart })),
          answer,
        ),
      );
      if (!quiet && (i + 1) % 25 === 0) io.stderr.write(`Questions: ${i + 1}/${questions.length}\n`);
    }
    const report = summarise(set, k, outcomes, (performance.now() - askedAt) / 1000);
    const details = stringFlag(args, 'details');
    if (details) writeFileSync(details, `${outcomes.map((o) => JSON.stringify(o)).join('\n')}\n`);
    if (args.flags.json === true) {
      const out: EvalQaJson = { version: 1, report, questions: outcomes };
      io.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    } else {
      const header =
        `${set.name} (${report.questions} questions, ${set.documents.length} documents, ` +
        `${indexed.totals.chunks} chunks) · ${engine.activeEmbedderId()} · indexed in ${indexSeconds.toFixed(1)} s`;
      io.stdout.write(formatDocQaReport(report, header));
    }
    return 0;
  } finally {
    await engine.close();
    if (!given) rmSync(dataDir, { recursive: true, force: true });
  }
}
