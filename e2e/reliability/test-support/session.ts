// One browser host on its own data folder, with an API connection: what most reliability tests need.
// Runs the host as `nobody` when the tests run as root, so that file permissions mean something.
import { chmodSync, chownSync, lchownSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { DocStatus } from '../../../shared/types';
import { libraryCounts, waitIdle } from '../../../bench/children/wait-idle';
import { dropsPrivileges, isRoot } from './env';
import { connectApi, type HostApi } from './host-api';
import { type HostProcess, spawnHost } from './host-process';

export const NOBODY = { uid: 65534, gid: 65534 };

/** Makes a tree usable by the unprivileged host: directories 0755 and owned by it, files 0644. */
export function handOver(path: string): void {
  if (!isRoot) return;
  const st = lstatSync(path);
  if (st.isSymbolicLink()) {
    lchownSync(path, NOBODY.uid, NOBODY.gid);
    return;
  }
  chownSync(path, NOBODY.uid, NOBODY.gid);
  if (st.isDirectory()) {
    chmodSync(path, 0o755);
    for (const e of readdirSync(path)) handOver(join(path, e));
  } else if (st.isFile()) chmodSync(path, 0o644);
}

export interface Session {
  host: HostProcess;
  api: HostApi;
  origin: string;
  call<T = unknown>(method: string, args?: unknown): Promise<T>;
  idle(timeoutMs?: number): Promise<void>;
  counts(): ReturnType<typeof libraryCounts>;
  documents(statuses?: DocStatus[]): Promise<{ id: number; path: string; status: DocStatus; message: string | null }[]>;
  stop(): Promise<void>;
}

export async function openSession(
  dataDir: string,
  opts: { unprivileged?: boolean; env?: NodeJS.ProcessEnv; readyTimeoutMs?: number } = {},
): Promise<Session> {
  mkdirSync(dataDir, { recursive: true });
  const drop = (opts.unprivileged ?? true) && dropsPrivileges;
  if (drop) handOver(dataDir);
  const host = spawnHost(dataDir, { ...(drop ? NOBODY : {}), env: { HOME: dataDir, ...opts.env } });
  const origin = await host.ready(opts.readyTimeoutMs);
  const api = await connectApi(origin, host.token);
  const call = <T>(method: string, args: unknown = {}) => api.call<T>(method, args);
  return {
    host,
    api,
    origin,
    call,
    idle: (timeoutMs = 120_000) => waitIdle(call, { timeoutMs }),
    counts: () => libraryCounts(call),
    async documents(statuses) {
      const r = await call<{ items: { id: number; path: string; status: DocStatus; message: string | null }[] }>(
        'library.listDocuments',
        { ...(statuses ? { statuses } : {}), limit: 1000 },
      );
      return r.items;
    },
    async stop() {
      api.close();
      await host.stop();
    },
  };
}
