// Which files of a watched folder Lucarne looks at. The catch-up scan and the watcher share these rules so a
// file ignored at start is also ignored when it changes.
import { sep } from 'node:path';
import picomatch from 'picomatch';
import type { FileKind } from '../../../shared/types';
import type { KindOfFn } from './types';

export interface FilterRules {
  include: string[]; // globs relative to the folder; empty = every supported file
  exclude: string[];
  kindOf: KindOfFn;
}

/** Folder names never worth indexing (besides hidden ones): VCS data and dependency trees. */
const SKIPPED_NAMES = new Set(['node_modules', '.git', '__pycache__']);

export function isSkippedName(name: string): boolean {
  return name.startsWith('.') || SKIPPED_NAMES.has(name) || name.startsWith('~$'); // ~$x.docx: Office lock files
}

/** Folder-relative path with forward slashes, the form globs are written in. */
export function toGlobPath(relPath: string): string {
  return sep === '/' ? relPath : relPath.split(sep).join('/');
}

export class FileFilter {
  private readonly included: ((p: string) => boolean) | null;
  private readonly excluded: ((p: string) => boolean) | null;

  constructor(private readonly rules: FilterRules) {
    // `basename`: a pattern without a slash ("*.pdf") matches at any depth, which is what people expect.
    const opts = { basename: true, dot: false };
    this.included = rules.include.length > 0 ? picomatch(rules.include, opts) : null;
    this.excluded = rules.exclude.length > 0 ? picomatch(rules.exclude, opts) : null;
  }

  /** True when no file under this folder-relative directory can be indexed (prunes the walk / the watcher). */
  skipsDirectory(relDir: string): boolean {
    if (relDir === '' || relDir === '.') return false;
    const glob = toGlobPath(relDir);
    if (glob.split('/').some(isSkippedName)) return true;
    return this.excluded?.(glob) ?? false;
  }

  /** The file's kind when it is to be indexed, else null (hidden, excluded, not included, unsupported type). */
  accepts(relPath: string): FileKind | null {
    const glob = toGlobPath(relPath);
    if (glob === '' || glob.startsWith('../')) return null;
    if (glob.split('/').some(isSkippedName)) return null;
    const kind = this.rules.kindOf(relPath);
    if (kind === null) return null;
    if (this.excluded?.(glob)) return null;
    if (this.included && !this.included(glob)) return null;
    return kind;
  }
}

/** A folder's own include list replaces the global one when set; excludes add up. */
export function folderRules(
  settings: { include: string[]; exclude: string[] },
  folder: { include?: string[]; exclude?: string[] },
  kindOf: KindOfFn,
): FilterRules {
  const include = folder.include && folder.include.length > 0 ? folder.include : settings.include;
  return { include, exclude: [...settings.exclude, ...(folder.exclude ?? [])], kindOf };
}
