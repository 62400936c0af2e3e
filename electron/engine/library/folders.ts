// Which folder a path the user adds stands for: it must exist and be a folder, and it may not overlap a
// folder already in the library (one inside the other would index the same files twice). Paths are
// compared by their real path, so a symlink to a library folder is that folder.
import type { Stats } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { relative, resolve, sep } from 'node:path';
import type { FolderInfo } from '../../../shared/types';
import type { SqliteStore } from '../store/sqlite';
import { LibraryError } from './types';

function isInside(child: string, parent: string): boolean {
  const rel = relative(parent, child);
  return rel !== '' && !rel.startsWith('..') && !rel.startsWith(sep) && rel !== '..';
}

/**
 * The library folder that already is `path` (existing), or else the real path to add. Throws a
 * LibraryError (its message is shown to the user) for a missing path, a file, or an overlapping folder.
 */
export async function resolveNewFolder(
  store: SqliteStore,
  path: string,
): Promise<{ existing: FolderInfo } | { existing: null; real: string }> {
  const abs = resolve(path);
  let stats: Stats;
  try {
    stats = await stat(abs);
  } catch {
    throw new LibraryError(`Folder not found: ${abs}`);
  }
  if (!stats.isDirectory()) throw new LibraryError(`Not a folder: ${abs}. Choose a folder, not a file.`);
  const real = await realpath(abs);
  for (const f of store.listFolders()) {
    const existing = await realpath(f.path).catch(() => f.path);
    if (existing === real) return { existing: f };
    if (isInside(real, existing)) {
      throw new LibraryError(
        `${abs} is inside ${f.path}, which is already in your library: its files are already indexed.`,
      );
    }
    if (isInside(existing, real)) {
      throw new LibraryError(
        `${abs} contains ${f.path}, which is already in your library. Remove ${f.path} first, then add this folder.`,
      );
    }
  }
  return { existing: null, real };
}
