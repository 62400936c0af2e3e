// Spawns the built browser host (out/main/host.js) with a known token, for tests that must kill it at any
// moment, read its output, or wrap it (strace). The harness's startHost() is the polite version.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { repoRoot } from '../../test-support/harness';

export interface HostProcess {
  child: ChildProcess;
  token: string;
  output(): string;
  /** Resolves with the origin once "Lucarne is running" is printed; rejects if the process exits first. */
  ready(timeoutMs?: number): Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(signal?: NodeJS.Signals): void;
  stop(): Promise<void>;
}

/** Hosts still running when the test process exits (a timed-out test) are killed with it, not orphaned. */
const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const c of live) c.kill('SIGKILL');
});

export function spawnHost(
  dataDir: string,
  opts: { env?: NodeJS.ProcessEnv; wrapper?: string[]; uid?: number; gid?: number } = {},
): HostProcess {
  const token = randomBytes(18).toString('base64url');
  const hostJs = join(repoRoot, 'out', 'main', 'host.js');
  const [cmd, ...args] = [...(opts.wrapper ?? []), process.execPath, hostJs, '--data', dataDir];
  const child = spawn(cmd, args, {
    cwd: repoRoot,
    env: { ...process.env, LUCARNE_NO_OPEN: '1', LUCARNE_HOST_TOKEN: token, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    uid: opts.uid,
    gid: opts.gid,
  });
  live.add(child);
  child.once('exit', () => live.delete(child));
  let out = '';
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    token,
    output: () => out,
    exited,
    ready(timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`host not ready in ${timeoutMs} ms:\n${out}`)), timeoutMs);
        const check = () => {
          const m = /Lucarne is running at (\S+)/.exec(out);
          if (m) {
            clearTimeout(timer);
            resolve(new URL(m[1]).origin);
          }
        };
        check();
        child.stdout?.on('data', check);
        void exited.then(({ code, signal }) => {
          clearTimeout(timer);
          reject(new Error(`host exited (${signal ?? code}) before it was ready:\n${out}`));
        });
      });
    },
    kill(signal = 'SIGKILL') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
