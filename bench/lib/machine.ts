// What the numbers were measured on, and a CPU calibration unit measured at the start and the end of the
// run: the difference between the two says how noisy the machine was while the benchmark ran.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { cpus, freemem, loadavg, release, totalmem } from 'node:os';
import { round } from './stats';

export interface MachineInfo {
  cpu: string;
  cores: number;
  memoryGb: number;
  freeMemoryGb: number;
  os: string;
  kernel: string;
  node: string;
  sqlite: string;
  loadAverage: number[];
  disk: string;
}

function osName(): string {
  try {
    const text = readFileSync('/etc/os-release', 'utf8');
    return /^PRETTY_NAME="?([^"\n]+)"?/m.exec(text)?.[1] ?? process.platform;
  } catch {
    return process.platform;
  }
}

function diskOf(path: string): string {
  try {
    const out = execFileSync('df', ['-hT', path], { encoding: 'utf8' }).trim().split('\n')[1]?.split(/\s+/);
    return out ? `${out[1]} on ${out[0]}, ${out[4]} free` : 'unknown';
  } catch {
    return 'unknown';
  }
}

export async function describeMachine(workDir: string): Promise<MachineInfo> {
  const { default: Database } = await import('better-sqlite3');
  const db = new Database(':memory:');
  const sqlite = (db.prepare('select sqlite_version() as v').get() as { v: string }).v;
  db.close();
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGb: round(totalmem() / 2 ** 30, 3),
    freeMemoryGb: round(freemem() / 2 ** 30, 3),
    os: osName(),
    kernel: release(),
    node: process.version,
    sqlite,
    loadAverage: loadavg().map((x) => round(x, 2)),
    disk: diskOf(workDir),
  };
}

/**
 * A fixed single-threaded workload (hashing and float arithmetic, like the indexer's): the fastest of 5
 * tries, in ms. Speed figures can be divided by it to compare machines or runs.
 */
export function calibrate(): number {
  const buf = Buffer.alloc(8 * 2 ** 20, 7);
  const a = new Float32Array(1 << 16).map((_, i) => Math.sin(i));
  let best = Number.POSITIVE_INFINITY;
  let sink = 0;
  for (let t = 0; t < 5; t++) {
    const t0 = performance.now();
    sink += createHash('sha256').update(buf).digest()[0];
    for (let r = 0; r < 150; r++) {
      let s = 0;
      for (let i = 0; i < a.length; i++) s += a[i] * a[(i * 7) & 0xffff];
      sink += s;
    }
    best = Math.min(best, performance.now() - t0);
  }
  if (sink === 42) console.log(''); // keeps the loop from being optimised away
  return round(best, 3);
}
