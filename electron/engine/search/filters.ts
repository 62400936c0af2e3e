// Search filters applied to vector results (the keyword list is filtered inside the store's SQL). The
// path glob is the store's own matcher (store/path-glob.ts), so both lists agree on what a pattern means.
import { relative } from 'node:path';
import type { FileKind, SearchFilters } from '../../../shared/types';
import { compilePathGlob } from '../store/path-glob';

/** Same rule as the store's keyword search: an empty list is a filter that nothing passes. */
export function hasFilters(f: SearchFilters | undefined): f is SearchFilters {
  return !!f && Boolean(f.folderIds || f.kinds || f.pathGlob);
}

export interface FilterSource {
  path: string;
  kind: FileKind | null;
  folderId: number;
}

/** A predicate over a chunk's source; `folderPath` gives a folder's root so relative globs work too. */
export function filterPredicate(
  f: SearchFilters,
  folderPath: (folderId: number) => string | null = () => null,
): (src: FilterSource) => boolean {
  const folders = f.folderIds ? new Set(f.folderIds) : null;
  const kinds = f.kinds ? new Set<FileKind>(f.kinds) : null;
  const glob = f.pathGlob ? compilePathGlob(f.pathGlob) : null;
  return (src) => {
    if (folders && !folders.has(src.folderId)) return false;
    if (kinds && (src.kind === null || !kinds.has(src.kind))) return false;
    if (glob) {
      const root = folderPath(src.folderId);
      if (!glob(src.path, root ? relative(root, src.path) : null)) return false;
    }
    return true;
  };
}
