// Recursive walk of a watched folder: what is on disk now, for the catch-up sync.
import type { Dirent, Stats } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { FileKind } from '../../../shared/types';
import { FileFilter, type FilterRules, isSkippedName } from './filter';

export interface ScannedFile {
  path: string; // absolute, through the folder (symlinks are not resolved)
  relPath: string;
  kind: FileKind;
  size: number;
  mtimeMs: number;
  tooLarge: boolean; // above maxFileMb: listed with status 'too-large', never parsed
}

export interface ScanOptions extends FilterRules {
  maxFileMb: number;
  signal?: AbortSignal;
  onError?: (path: string, error: unknown) => void;
}

export function maxBytesOf(maxFileMb: number): number {
  return Math.floor(maxFileMb * 1024 * 1024);
}

/**
 * Lists every indexable file under `root`. Hidden entries, .git, node_modules, excluded globs and unsupported
 * types are left out; symlinked directories are followed once (realpaths are tracked, so loops end).
 */
export async function scanFolder(root: string, opts: ScanOptions): Promise<ScannedFile[]> {
  const filter = new FileFilter(opts);
  const maxBytes = maxBytesOf(opts.maxFileMb);
  const files: ScannedFile[] = [];
  const visited = new Set<string>();
  const rootReal = await realpath(root);
  visited.add(rootReal);
  const stack: string[] = [root];
  while (stack.length > 0) {
    if (opts.signal?.aborted) throw new Error('scan aborted');
    const dir = stack.pop()!;
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      opts.onError?.(dir, error);
      continue;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (isSkippedName(entry.name)) continue;
      const full = join(dir, entry.name);
      const rel = relative(root, full);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      let stats: Stats | null = null;
      if (entry.isSymbolicLink()) {
        try {
          stats = await stat(full);
        } catch {
          continue; // dangling link
        }
        isDir = stats.isDirectory();
        isFile = stats.isFile();
      }
      if (isDir) {
        if (filter.skipsDirectory(rel)) continue;
        let real: string;
        try {
          real = await realpath(full);
        } catch (error) {
          opts.onError?.(full, error);
          continue;
        }
        if (visited.has(real)) continue; // a symlink loop or a second link to the same tree
        visited.add(real);
        stack.push(full);
        continue;
      }
      if (!isFile) continue;
      const kind = filter.accepts(rel);
      if (kind === null) continue;
      try {
        stats ??= await stat(full);
      } catch (error) {
        opts.onError?.(full, error);
        continue;
      }
      files.push({
        path: full,
        relPath: rel,
        kind,
        size: stats.size,
        mtimeMs: stats.mtimeMs,
        tooLarge: stats.size > maxBytes,
      });
    }
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return files;
}
