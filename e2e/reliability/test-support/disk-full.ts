// Two ways to make the data folder's disk full on purpose: a small tmpfs mounted over it (real ENOSPC from
// the kernel; needs root and a kernel that lets us mount), else the LD_PRELOAD layer of enospc-preload.c.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

function compilePreload(work: string): string | null {
  const lib = join(work, 'enospc.so');
  if (existsSync(lib)) return lib;
  for (const cc of ['cc', 'gcc', 'g++']) {
    try {
      const lang = cc === 'g++' ? ['-x', 'c'] : [];
      execFileSync(cc, [...lang, '-shared', '-fPIC', '-O2', '-o', lib, join(here, 'enospc-preload.c'), '-ldl'], {
        stdio: 'pipe',
      });
      break;
    } catch {}
  }
  return existsSync(lib) ? lib : null;
}

function preload(dir: string, work: string): DiskFull | null {
  const lib = compilePreload(work);
  if (!lib) return null;
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

/**
 * Which of the two ways works on this machine, tried for real: a tmpfs is mounted and unmounted, and a
 * Node process under the preload layer must get ENOSPC writing in the "full" folder (and succeed after).
 */
export function diskFullSupport(): { tmpfs: boolean; preload: boolean; why: string[] } {
  const why: string[] = [];
  const probe = mkdtempSync(join(tmpdir(), 'lucarne-enospc-probe-'));
  try {
    const t = tmpfs(join(probe, 'mnt'), 1);
    t?.dispose();
    if (!t) why.push(isRoot ? 'mounting a tmpfs failed' : 'mounting a tmpfs needs root');

    let preloadWorks = false;
    const p = preload(join(probe, 'full'), probe);
    if (!p) why.push('no C compiler (cc, gcc or g++) to build the preload layer');
    else {
      const target = join(probe, 'full', 'x');
      const script = `try{require('fs').writeFileSync(${JSON.stringify(target)},'x');console.log('wrote')}catch(e){console.log(e.code)}`;
      const run = () =>
        spawnSync(process.execPath, ['-e', script], {
          env: { ...process.env, ...p.env },
          encoding: 'utf8',
        }).stdout.trim();
      p.fill();
      const whileFull = run();
      p.free();
      const afterwards = run();
      preloadWorks = whileFull === 'ENOSPC' && afterwards === 'wrote';
      if (!preloadWorks) why.push(`the preload layer does not take effect (full: ${whileFull}, freed: ${afterwards})`);
    }
    return { tmpfs: t !== null, preload: preloadWorks, why };
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
}
