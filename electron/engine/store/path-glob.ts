// The `pathGlob` search filter. Shared by keyword search (as an SQL function) and anything that filters
// vector hits, so both sides agree on what a pattern means.
import picomatch from 'picomatch';

export type PathMatcher = (path: string, relPath?: string | null) => boolean;

const toPosix = (p: string) => p.replace(/\\/g, '/');

/**
 * A matcher for a user glob, case-insensitive, with dotfiles. A pattern without a slash matches the
 * file name anywhere ("*.pdf"); otherwise it is tried against the path relative to its folder and
 * against the absolute path ("reports/**", "/home/me/notes/**").
 */
export function compilePathGlob(glob: string): PathMatcher {
  const pattern = toPosix(glob.trim());
  const isMatch = picomatch(pattern, { dot: true, nocase: true, basename: !pattern.includes('/') });
  return (path, relPath) => isMatch(toPosix(path)) || (relPath != null && isMatch(toPosix(relPath)));
}

/** Caches compiled matchers (a search runs the same pattern over many rows). */
export class PathGlobCache {
  private readonly cache = new Map<string, PathMatcher>();

  get(glob: string): PathMatcher {
    let m = this.cache.get(glob);
    if (!m) {
      if (this.cache.size > 100) this.cache.clear();
      m = compilePathGlob(glob);
      this.cache.set(glob, m);
    }
    return m;
  }
}
