// Search filters applied to vector results (the keyword list is filtered inside the store's SQL).
import picomatch from 'picomatch';
import type { FileKind, SearchFilters } from '../../../shared/types';

export function hasFilters(f: SearchFilters | undefined): f is SearchFilters {
  return !!f && ((f.folderIds?.length ?? 0) > 0 || (f.kinds?.length ?? 0) > 0 || !!f.pathGlob);
}

/**
 * A predicate over a chunk's source. A glob without a slash ("*.pdf") matches the file name at any depth;
 * one with a slash matches the whole absolute path ("**\/contracts/**").
 */
export function filterPredicate(f: SearchFilters): (src: { path: string; kind: FileKind | null; folderId: number }) => boolean {
  const folders = f.folderIds?.length ? new Set(f.folderIds) : null;
  const kinds = f.kinds?.length ? new Set<FileKind>(f.kinds) : null;
  const glob = f.pathGlob ? picomatch(f.pathGlob, { basename: !f.pathGlob.includes('/'), dot: true, nocase: true }) : null;
  return (src) => {
    if (folders && !folders.has(src.folderId)) return false;
    if (kinds && (src.kind === null || !kinds.has(src.kind))) return false;
    if (glob && !glob(src.path.replaceAll('\\', '/'))) return false;
    return true;
  };
}
