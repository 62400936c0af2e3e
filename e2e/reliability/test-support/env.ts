// Switches and small utilities of the reliability suite.
import { chmodSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { repoRoot } from '../../test-support/harness';

/** The long forms (more kill runs, the 100,000-file folder indexed to the end, bigger corpora). */
export const FULL = process.env.LUCARNE_RELIABILITY_FULL === '1';

export const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/**
 * Whether the tests, running as root, can run the host as `nobody` (so file permissions mean something):
 * only if `nobody` can reach the checkout. A clone inside `mktemp -d` (mode 0700) cannot be reached; the
 * host then runs as root, said once, and a file made unreadable is simply read.
 */
export const dropsPrivileges = isRoot && othersCanTraverse(repoRoot);
if (isRoot && !dropsPrivileges) {
  console.log(`[reliability] ${repoRoot} is not reachable by an unprivileged user: the host runs as root`);
}

function othersCanTraverse(dir: string): boolean {
  for (let d = dir; ; d = dirname(d)) {
    if ((statSync(d).mode & 0o001) === 0) return false;
    if (dirname(d) === d) return true;
  }
}

export function requireBuild(): void {
  if (!existsSync(join(repoRoot, 'out', 'main', 'host.js'))) {
    throw new Error('out/main/host.js is missing: run `npm run build` first (npm test does).');
  }
}

export function tempDir(prefix: string): { path: string; cleanup(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  // An unprivileged engine (see session.ts) must be able to reach what is inside.
  if (isRoot) chmodSync(path, 0o755);
  return { path, cleanup: () => rmSync(path, { recursive: true, force: true }) };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `check` until it returns a truthy value or the time is up (then throws with `what`). */
export async function until<T>(
  what: string,
  check: () => Promise<T> | T,
  timeoutMs = 60_000,
  everyMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(everyMs);
  }
}

/** A seeded generator (the seed is printed by the tests, so a failure can be replayed). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
