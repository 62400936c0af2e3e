// Two ways to make the data folder's disk full on purpose: a small tmpfs mounted over it (real ENOSPC from
// the kernel; needs root and a kernel that lets us mount), else the LD_PRELOAD layer of enospc-preload.c.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isRoot } from './env';

const here = dirname(fileURLToPath(import.meta.url));

export interface DiskFull {
  kind: 'tmpfs' | 'preload';
  /** Environment for the engine process. */
  env: NodeJS.ProcessEnv;
  fill(): void;
  free(): void;
  dispose(): void;
}

/** Mounts a tmpfs of `sizeMb` on `dir`; fill() takes all its free space with a ballast file. */
function tmpfs(dir: string, sizeMb: number): DiskFull | null {
  if (!isRoot) return null;
  mkdirSync(dir, { recursive: true });
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMb}m,mode=0777`, 'tmpfs', dir]);
  if (r.status !== 0) return null;
  const ballast = join(dir, '.ballast');
  return {
    kind: 'tmpfs',
    env: {},
    fill() {
      // dd stops at ENOSPC, which is the point.
      spawnSync('dd', ['if=/dev/zero', `of=${ballast}`, 'bs=64k'], { stdio: 'ignore' });
    },
    free() {
      rmSync(ballast, { force: true });
    },
    dispose() {
      spawnSync('umount', ['-l', dir]);
    },
  };
}

function preload(dir: string, work: string): DiskFull | null {
  const lib = join(work, 'enospc.so');
  for (const cc of ['cc', 'gcc', 'g++']) {
    try {
      const lang = cc === 'g++' ? ['-x', 'c'] : [];
      execFileSync(cc, [...lang, '-shared', '-fPIC', '-O2', '-o', lib, join(here, 'enospc-preload.c'), '-ldl'], {
        stdio: 'pipe',
      });
      break;
    } catch {}
  }
  if (!existsSync(lib)) return null;
  mkdirSync(dir, { recursive: true });
  const flag = join(work, 'disk-is-full');
  return {
    kind: 'preload',
    env: { LD_PRELOAD: lib, LUCARNE_ENOSPC_FLAG: flag, LUCARNE_ENOSPC_DIR: dir },
    fill: () => writeFileSync(flag, ''),
    free: () => rmSync(flag, { force: true }),
    dispose: () => rmSync(flag, { force: true }),
  };
}

export function makeDiskFull(
  dir: string,
  work: string,
  opts: { sizeMb?: number; prefer?: 'tmpfs' | 'preload' } = {},
): DiskFull {
  const first = opts.prefer === 'preload' ? null : tmpfs(dir, opts.sizeMb ?? 48);
  const made = first ?? preload(dir, work);
  if (!made)
    throw new Error(
      'cannot simulate a full disk here: no tmpfs mount (needs root) and no C compiler for the preload layer',
    );
  return made;
}
