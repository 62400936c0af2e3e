// A real Chroma server for tests: the npm package's own CLI (`chromadb/dist/cli.mjs run`), on a free port of
// 127.0.0.1, with its data in a temporary directory. Ready in ~0.3 s. stop() sends SIGTERM, kill() SIGKILL
// (to simulate a crash); restart() starts it again on the same port and directory.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(ROOT, 'node_modules', 'chromadb', 'dist', 'cli.mjs');

export interface ChromaServer {
  url: string;
  port: number;
  dir: string;
  /** PID of the running server process (changes after restart). */
  readonly pid: number;
  /** SIGTERM, then waits for the exit. */
  stop(): Promise<void>;
  /** SIGKILL, then waits for the exit: a crash. */
  kill(): Promise<void>;
  /** Starts it again on the same port and directory and waits until it answers. */
  restart(): Promise<void>;
  /** stop() and delete the directory (unless it was given). */
  dispose(): Promise<void>;
  /** The server's output so far (for failure messages). */
  output(): string;
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolvePort(port));
    });
  });
}

async function waitUntilUp(url: string, child: ChildProcess, log: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`Chroma exited (${child.exitCode ?? child.signalCode}) before answering:\n${log()}`);
    }
    try {
      const res = await fetch(`${url}/api/v2/heartbeat`, { signal: AbortSignal.timeout(500) });
      if (res.ok) return;
    } catch {}
    if (Date.now() > deadline) throw new Error(`Chroma did not answer on ${url} within ${timeoutMs} ms:\n${log()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((r) => child.once('exit', () => r()));
}

export async function startChroma(
  opts: { port?: number; dir?: string; timeoutMs?: number } = {},
): Promise<ChromaServer> {
  const ownDir = opts.dir === undefined;
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'lucarne-chroma-'));
  const port = opts.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  let log = '';
  let child: ChildProcess;

  const launch = async () => {
    child = spawn(process.execPath, [CLI, 'run', '--path', dir, '--host', '127.0.0.1', '--port', String(port)], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1' },
    });
    // A test process that dies without stop() must not leave a server behind.
    const reap = () => child.kill('SIGKILL');
    process.once('exit', reap);
    child.once('exit', () => process.removeListener('exit', reap));
    const keep = (b: Buffer) => {
      log = (log + b.toString()).slice(-20_000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    await waitUntilUp(url, child, () => log, opts.timeoutMs ?? 15_000);
  };
  await launch();

  const signal = async (sig: NodeJS.Signals) => {
    const c = child;
    if (c.exitCode === null && c.signalCode === null) c.kill(sig);
    await exited(c);
  };

  return {
    url,
    port,
    dir,
    get pid() {
      return child.pid ?? -1;
    },
    stop: () => signal('SIGTERM'),
    kill: () => signal('SIGKILL'),
    restart: async () => {
      await signal('SIGTERM');
      await launch();
    },
    dispose: async () => {
      await signal('SIGTERM');
      if (ownDir) rmSync(dir, { recursive: true, force: true });
    },
    output: () => log,
  };
}
