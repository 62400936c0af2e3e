import { useCallback, useEffect, useState } from 'react';
import type { MethodResult } from '../../../shared/api';
import { api } from '../api';
import { useApiEvent } from './useApiEvent';
import { useThrottledCallback } from './useThrottledCallback';

export type FolderInfo = MethodResult<'library.listFolders'>[number];

/** The watched folders with their counts, refreshed (throttled) whenever the library changes. */
export function useFolders(): { folders: FolderInfo[] | null; refresh: () => void } {
  const [folders, setFolders] = useState<FolderInfo[] | null>(null);
  const load = useCallback(() => {
    api.call('library.listFolders', {}).then(setFolders, () => setFolders((f) => f ?? []));
  }, []);
  useEffect(() => load(), [load]);
  const throttled = useThrottledCallback(load, 800);
  useApiEvent('library.changed', throttled);
  useApiEvent('library.progress', (p) => {
    if (p.state === 'idle') throttled();
  });
  return { folders, refresh: load };
}
