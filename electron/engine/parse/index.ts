// Document parsing for the engine: parseFile() runs each file in a pooled worker thread with a time and
// memory limit; every failure comes back as a ParseError with a message for the user.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ParsedDocument } from '../types';
import { DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT_MS, type ParseOptions } from './options';
import { ParserPool } from './pool';

export { kindOf } from './kind';
export { parseInProcess } from './in-process';
export type { ParseOptions } from './options';

/**
 * How to start a parse worker. From source (tests, tsx) the worker is worker.ts behind a tiny bootstrap
 * that registers tsx; in the build it is parse-worker.js, bundled next to the module that spawns it.
 */
function spawnWorker(memoryMb: number): Worker {
  const here = fileURLToPath(import.meta.url);
  const dir = path.dirname(here);
  const resourceLimits = { maxOldGenerationSizeMb: memoryMb };
  if (here.endsWith('.ts')) {
    return new Worker(path.join(dir, 'worker-bootstrap.mjs'), {
      workerData: { __entry: pathToFileURL(path.join(dir, 'worker.ts')).href },
      resourceLimits,
    });
  }
  // The bundler may put this module in out/main/chunks/: the worker entry is in out/main/.
  const entry = [path.join(dir, 'parse-worker.js'), path.join(dir, '..', 'parse-worker.js')].find((f) => existsSync(f));
  if (!entry) throw new Error(`parse-worker.js was not found next to ${dir}: rebuild with npm run build.`);
  return new Worker(entry, { resourceLimits });
}

let pool: ParserPool | null = null;

/** Parses a file in a worker thread. Rejects with a ParseError only. */
export function parseFile(filePath: string, opts: ParseOptions = {}): Promise<ParsedDocument> {
  pool ??= new ParserPool(1, spawnWorker);
  return pool.run({
    path: filePath,
    opts: { password: opts.password, maxBytes: opts.maxBytes, ocr: opts.ocr ?? null },
    timeoutMs: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    memoryMb: opts.memoryMb ?? DEFAULT_MEMORY_MB,
    onProgress: opts.onProgress,
  });
}

/** Readies a parse worker (pdf.js loaded) while nothing is being parsed; see ParserPool.warm. */
export function warmParsers(): Promise<void> {
  pool ??= new ParserPool(1, spawnWorker);
  return pool.warm(DEFAULT_MEMORY_MB);
}

/** Ends the worker pool; the next parseFile() starts a new one. */
export async function closeParsers(): Promise<void> {
  const current = pool;
  pool = null;
  await current?.close();
}

/** Number of live parse workers (0 before the first file and after closeParsers). */
export function parserWorkerCount(): number {
  return pool?.workerCount ?? 0;
}
