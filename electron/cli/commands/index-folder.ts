// `lucarne index <folder>`: adds the folder to the library (or reuses it) and indexes it until nothing is
// left to do, with a progress line, then prints a summary. Later runs only pay for what changed. When the
// library is moving to another embedding model, that re-embed is run to the end first (reembed-progress.ts).
import { realpath } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { IndexProgress } from '../../../shared/types';
import { Engine } from '../../engine/index';
import { resolveDataDir } from '../../engine/public/data-dir';
import { LibraryError, formatProgressLine, formatSummary } from '../../engine/public/data-folder';
import { handleStopSignals, type StopSignal, signalExitCode } from '../../engine/stop-signals';
import { type ParsedArgs, stringFlag } from '../args';
import type { CommandIo } from '../command';
import { providerFlagsForRun } from '../provider-flags';
import { type ReembedStatus, runPendingReembed } from '../reembed-progress';
import { usageError } from '../usage';

const PLAIN_PROGRESS_EVERY_MS = 5000;

/** The stored path of a file given on the command line (folders are stored by their real path). */
async function storedPath(file: string): Promise<string[]> {
  const abs = resolve(file);
  const candidates = [abs];
  try {
    candidates.push(await realpath(abs));
  } catch {
    try {
      candidates.push(join(await realpath(dirname(abs)), basename(abs)));
    } catch {}
  }
  return candidates;
}

function progressPrinter(io: CommandIo, enabled: boolean) {
  let lastPlainAt = 0;
  let drawn = false;
  const columns = () => Math.max(40, ((io.stderr as NodeJS.WriteStream).columns || 100) - 1);
  return {
    update(p: IndexProgress) {
      if (!enabled || p.state === 'idle') return;
      if (io.isTTY) {
        io.stderr.write(`\r\x1b[2K${formatProgressLine(p, columns())}`);
        drawn = true;
      } else if (Date.now() - lastPlainAt >= PLAIN_PROGRESS_EVERY_MS) {
        lastPlainAt = Date.now();
        io.stderr.write(`${formatProgressLine(p, 200, false)}\n`);
      }
    },
    done() {
      if (drawn) io.stderr.write('\r\x1b[2K');
      drawn = false;
      enabled = false;
    },
  };
}

export async function run(args: ParsedArgs, io: CommandIo): Promise<number> {
  const folderArg = args.positionals[0];
  const json = args.flags.json === true;
  const password = stringFlag(args, 'password');
  const file = stringFlag(args, 'file');
  if (!folderArg) {
    io.stderr.write(usageError('index', 'which folder?'));
    return 2;
  }
  if ((password === undefined) !== (file === undefined)) {
    io.stderr.write('lucarne index: --password and --file go together (the password is stored for that one file).\n');
    return 2;
  }
  const dataDir = resolveDataDir(args.flags.data);
  const started = performance.now();
  const progress = progressPrinter(io, args.flags.quiet !== true);
  // Ctrl-C, a closed terminal or a shutdown stops cleanly, from the moment the engine starts opening: the
  // current file is put back in the queue, which the next run resumes, and nothing counts against it. A
  // second Ctrl-C exits at once.
  let interrupted: StopSignal | null = null;
  const stopped = new AbortController();
  let opening: Promise<Engine> | null = null;
  const stopListening = handleStopSignals({
    onSignal: (signal) => {
      interrupted = signal;
      stopped.abort();
      progress.done();
      io.stderr.write('Stopping… the remaining files stay queued; run the same command again to resume.\n');
    },
    stop: async () => (await opening?.catch(() => null))?.stopIndexing(),
    exitCode: signalExitCode,
    afterStop: () => {}, // this command returns its status below
  });
  opening = Engine.open({
    dataDir,
    run: 'once',
    storeFlags: args.flags,
    // Per-file problems end up in each document's status; --verbose also shows the engine's warnings.
    log: (m, level) => {
      if (level === 'warn' && args.flags.verbose === true) io.stderr.write(`warning: ${m}\n`);
    },
  });
  const engine = await opening.catch((error) => {
    stopListening();
    throw error;
  });
  engine.onEvent((name, payload) => {
    if (name === 'library.progress') progress.update(payload as IndexProgress);
  });
  if (interrupted) {
    // Stopped while the engine opened: nothing was indexed yet.
    stopListening();
    await engine.close();
    return signalExitCode(interrupted);
  }
  try {
    // --provider / --embed-model… become the library's settings: a new embedding model re-embeds it (below).
    const flagError = await providerFlagsForRun(engine, args, { dataDir, save: true });
    if (flagError) {
      io.stderr.write(`lucarne index: ${flagError}\n`);
      return 2;
    }
    // A change of embedding model still under way (the engine resumed it at open) is finished first, so the
    // files indexed below are embedded with the chosen model only.
    const reembed = await runPendingReembed(
      {
        status: () => engine.handle('library.reembedStatus', {}) as Promise<ReembedStatus | null>,
        onStatus: (listener) =>
          engine.onEvent((name, payload) => {
            if (name === 'library.reembed') listener(payload as ReembedStatus);
          }),
      },
      io,
      { progress: args.flags.quiet !== true, signal: stopped.signal },
    );
    if (interrupted) return signalExitCode(interrupted);
    let folder: { id: number; path: string };
    try {
      folder = await engine.indexOnce(folderArg);
      // A stop that came while the folder was being added found nothing started yet: stop what just started.
      if (interrupted) await engine.stopIndexing();
    } catch (error) {
      if (error instanceof LibraryError) {
        io.stderr.write(`lucarne index: ${error.message}\n`);
        return 1;
      }
      throw error;
    }
    if (file !== undefined && password !== undefined) {
      if (!(await engine.setPasswordAt(await storedPath(file), password))) {
        io.stderr.write(
          `lucarne index: ${file} is not a document of ${folder.path} (is it a supported file inside that folder?)\n`,
        );
        return 1;
      }
    }
    try {
      await engine.whenIdle();
    } catch (error) {
      if (interrupted) return signalExitCode(interrupted);
      throw error;
    }
    if (interrupted) return signalExitCode(interrupted);
    progress.done();
    const seconds = (performance.now() - started) / 1000;
    const summary = engine.indexSummary(folder, seconds);
    io.stdout.write(json ? `${JSON.stringify(summary, null, 2)}\n` : formatSummary(summary));
    // The files are indexed (with the model still active), but the chosen model is not in use yet.
    return reembed?.state === 'failed' ? 1 : 0;
  } finally {
    stopListening();
    progress.done();
    await engine.close();
  }
}
