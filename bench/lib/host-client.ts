// Drives the built browser host (out/main/host.js: the engine as it ships, bundled, with its parse worker)
// over its WebSocket API, as the renderer does. Used where the figure is about the product itself:
// indexing throughput, memory, start-up.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import WebSocket from 'ws';
import type { ApiResult } from '../../shared/api';
import { type RunningHost, startHost } from '../../e2e/test-support/harness';
import { repoRoot } from './child';
import { procStatusMb } from './proc';

export interface HostSession {
  host: RunningHost;
  /** From spawning the process to "Lucarne is running" (engine open, server listening). */
  readyMs: number;
  call<T>(method: string, args?: unknown): Promise<T>;
  /** The host's events (chat.delta, chat.done, library.reembed…), as the renderer receives them. */
  onEvent(listener: (name: string, payload: unknown) => void): () => void;
  /** Peak resident set of the host process so far (VmHWM), MB. */
  peakRssMb(): number;
  rssMb(): number;
  stop(): Promise<void>;
}

export function builtHostAvailable(): boolean {
  const host = join(repoRoot, 'out', 'main', 'host.js');
  return existsSync(host) && existsSync(join(repoRoot, 'out', 'main', 'parse-worker.js'));
}

/** The build's age against the newest engine source: a stale build would measure old code. */
export function builtHostIsStale(): boolean {
  const built = statSync(join(repoRoot, 'out', 'main', 'host.js')).mtimeMs;
  const newest = (dir: string): number => {
    let m = 0;
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) m = Math.max(m, newest(p));
      else if (/\.(ts|mjs)$/.test(e.name) && !e.name.endsWith('.test.ts')) m = Math.max(m, statSync(p).mtimeMs);
    }
    return m;
  };
  return newest(join(repoRoot, 'electron', 'engine')) > built || newest(join(repoRoot, 'shared')) > built;
}

export async function openHostSession(dataDir: string, env: NodeJS.ProcessEnv = {}): Promise<HostSession> {
  const t0 = performance.now();
  const host = await startHost({ dataDir, env });
  const readyMs = performance.now() - t0;
  const ws = new WebSocket(`ws://127.0.0.1:${new URL(host.url).port}/api?token=${encodeURIComponent(host.token)}`);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  let nextId = 1;
  const pending = new Map<number, (r: ApiResult<unknown>) => void>();
  const listeners = new Set<(name: string, payload: unknown) => void>();
  ws.on('message', (data) => {
    const frame = JSON.parse(data.toString()) as {
      id?: number;
      result?: ApiResult<unknown>;
      event?: string;
      payload?: unknown;
    };
    if (typeof frame.id === 'number' && frame.result) {
      pending.get(frame.id)?.(frame.result);
      pending.delete(frame.id);
    } else if (typeof frame.event === 'string') {
      for (const l of listeners) l(frame.event, frame.payload);
    }
  });
  const pid = host.child.pid ?? 0;
  return {
    host,
    readyMs,
    call<T>(method: string, args: unknown = {}) {
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        pending.set(id, (r) => (r.ok ? resolve(r.value as T) : reject(new Error(`${method}: ${r.error.message}`))));
        ws.send(JSON.stringify({ id, method, args }));
      });
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    peakRssMb: () => procStatusMb(pid, 'VmHWM'),
    rssMb: () => procStatusMb(pid, 'VmRSS'),
    async stop() {
      ws.close();
      await host.stop();
    },
  };
}
