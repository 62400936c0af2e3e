// Issue #20's reproduction, as a user runs it: real quarterly filings (10-Q PDFs of 40–100 pages) indexed with
// `lucarne index FOLDER --data DIR`, interrupted several times at random moments, often while the progress
// line still says "scanning" (kill -9 as a force-quit, SIGTERM as a shutdown or a closed terminal, SIGINT as
// Ctrl-C), then run to the end, then once more. Every file must end indexed with the chunk and page counts of
// a clean run, and no file may be set aside. The default run does TRIALS trials; LUCARNE_RELIABILITY_FULL=1
// does 10, as the issue asks.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedFixture } from '../../test-support/fixture-paths';
import { repoRoot } from '../test-support/harness';
import { FULL, requireBuild, rng, sleep, tempDir } from './test-support/env';

const FILINGS = sharedFixture('sec10q', 'docs');
const TRIALS = Number(process.env.LUCARNE_INTERRUPT_TRIALS ?? (FULL ? 10 : 2));
const SEED = Number(process.env.LUCARNE_INTERRUPT_SEED ?? 20_261_207);
const bin = join(repoRoot, 'bin', 'lucarne.js');

interface StatusDoc {
  path: string;
  status: string;
  pages: number | null;
  chunks: number;
  flags: string[];
  message: string | null;
}

function status(data: string): StatusDoc[] {
  const r = spawnSync(process.execPath, [bin, 'status', '--data', data, '--json'], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as { documents: StatusDoc[] }).documents;
}

function index(data: string, folder: string): ChildProcess {
  return spawn(process.execPath, [bin, 'index', folder, '--data', data], { stdio: ['ignore', 'pipe', 'pipe'] });
}

function exit(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null; err: string }> {
  let err = '';
  child.stderr?.on('data', (b: Buffer) => {
    err += b.toString();
  });
  child.stdout?.resume();
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal, err })));
}

let work: { path: string; cleanup(): void };
let folder: string;
let clean: StatusDoc[];
/** How long a clean run takes here: kills are spread over it. */
let cleanMs = 0;

beforeAll(async () => {
  requireBuild();
  work = tempDir('lucarne-interrupt-');
  folder = join(work.path, 'filings');
  mkdirSync(folder);
  // Five filings of different companies, as in the report.
  const picked = readdirSync(FILINGS)
    .filter((f) => f.endsWith('.pdf') && f.startsWith('2023 Q1'))
    .slice(0, 5);
  expect(picked).toHaveLength(5);
  for (const f of picked) copyFileSync(join(FILINGS, f), join(folder, f));
  const data = join(work.path, 'clean');
  const t0 = performance.now();
  const r = await exit(index(data, folder));
  cleanMs = performance.now() - t0;
  expect(r.code, r.err).toBe(0);
  clean = status(data);
  expect(clean.map((d) => d.status)).toEqual(Array(5).fill('indexed'));
}, 600_000);
afterAll(() => work?.cleanup());

describe('lucarne index, interrupted', () => {
  it(`ends with every filing indexed as in a clean run, in each of ${TRIALS} trials`, async () => {
    expect(existsSync(FILINGS)).toBe(true);
    const rand = rng(SEED);
    const signals: NodeJS.Signals[] = ['SIGKILL', 'SIGKILL', 'SIGTERM', 'SIGINT'];
    for (let trial = 0; trial < TRIALS; trial++) {
      const data = join(work.path, `trial-${trial}`);
      const log: string[] = [];
      const kills = 3 + Math.floor(rand() * 2);
      for (let k = 0; k < kills; k++) {
        const signal = signals[Math.floor(rand() * signals.length)];
        // From start-up and the scan to the middle of a filing (a run that resumes has less left to do).
        const delay = 300 + rand() * cleanMs * 0.8;
        const child = index(data, folder);
        const ended = exit(child);
        await Promise.race([sleep(delay), ended]);
        child.kill(signal);
        const r = await ended;
        log.push(`${signal} after ${Math.round(delay)} ms → ${r.signal ?? `exit ${r.code}`}`);
        // A requested stop ends by itself (130 Ctrl-C, 143 SIGTERM), or had finished already; only kill -9 kills
        // it, or a signal that comes while Node still loads the program (nothing printed, nothing opened).
        if (signal !== 'SIGKILL' && r.signal !== null)
          expect({ signal: r.signal, err: r.err }).toEqual({ signal, err: '' });
        else if (signal !== 'SIGKILL') expect([0, signal === 'SIGINT' ? 130 : 143], r.err).toContain(r.code);
      }
      for (let again = 0; again < 2; again++) {
        const r = await exit(index(data, folder));
        expect(r.code, `${r.err}\n${log.join('\n')}`).toBe(0);
      }
      const after = status(data);
      const view = (docs: StatusDoc[]) =>
        docs.map(({ path, status, pages, chunks, flags }) => ({ path, status, pages, chunks, flags }));
      expect(view(after), `trial ${trial}:\n${log.join('\n')}`).toEqual(view(clean));
      console.log(`trial ${trial}: ${log.join(', ')}: all ${after.length} indexed as in the clean run`);
    }
  }, 3_600_000);
});
