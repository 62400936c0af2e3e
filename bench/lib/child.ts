// Runs a benchmark step in a fresh Node process (TypeScript through tsx's loader), so that its memory is
// its own and its start-up is real. The child prints one line `@@result <json>`; the parent samples the
// child's resident memory from /proc while it runs.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const benchDir = join(dirname(fileURLToPath(import.meta.url)), '..');
export const repoRoot = join(benchDir, '..');

export interface ChildRun<T> {
  result: T;
  wallMs: number;
  /** Highest VmRSS seen by sampling, in MB (the child's own figure from getrusage is in the result). */
  sampledPeakRssMb: number;
  output: string;
}

function rssMb(pid: number): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+)/.exec(status)?.[1];
    return kb ? Number(kb) / 1024 : null;
  } catch {
    return null;
  }
}

/** Spawns `node --import tsx bench/children/<script> ...args` and resolves with its `@@result`. */
export function runChild<T>(
  script: string,
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; timeoutMs?: number; onLine?: (line: string) => void } = {},
): Promise<ChildRun<T>> {
  const file = join(benchDir, 'children', script);
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', file, ...args], {
    cwd: repoRoot,
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let peak = 0;
  let result: T | undefined;
  let pending = '';
  const sampler = setInterval(() => {
    const mb = child.pid ? rssMb(child.pid) : null;
    if (mb !== null) peak = Math.max(peak, mb);
  }, 50);
  child.stdout.on('data', (d: Buffer) => {
    pending += d.toString();
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      if (line.startsWith('@@result ')) result = JSON.parse(line.slice(9)) as T;
      else {
        output += `${line}\n`;
        opts.onLine?.(line);
      }
    }
  });
  child.stderr.on('data', (d: Buffer) => {
    output += d.toString();
  });
  const timeout = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 30 * 60_000);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearInterval(sampler);
      clearTimeout(timeout);
      if (pending.startsWith('@@result ')) result = JSON.parse(pending.slice(9)) as T;
      if (code !== 0 || result === undefined) {
        reject(new Error(`${script} exited with ${signal ?? code}:\n${output.slice(-4000)}`));
        return;
      }
      resolve({ result, wallMs: performance.now() - started, sampledPeakRssMb: peak, output });
    });
  });
}

/** In a child script: hands the result to the parent. */
export function sendResult(value: unknown): void {
  process.stdout.write(`@@result ${JSON.stringify(value)}\n`);
}

/** In a child script: the process's own peak resident set (getrusage ru_maxrss), in MB. */
export function ownPeakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}
