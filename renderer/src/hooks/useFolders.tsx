// The watched folders with their counts, shared by every view and refreshed (throttled) whenever the
// library changes or the indexer goes idle.
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { MethodResult } from '../../../shared/api';
import { api } from '../api';
import { useApiEvent } from './useApiEvent';
import { useThrottledCallback } from './useThrottledCallback';

export type FolderInfo = MethodResult<'library.listFolders'>[number];

interface Folders {
  folders: FolderInfo[] | null;
  refresh(): void;
}

const Ctx = createContext<Folders>({ folders: null, refresh: () => {} });
export const useFolders = () => useContext(Ctx);

export function FoldersProvider({ children }: { children: ReactNode }) {
  const [folders, setFolders] = useState<FolderInfo[] | null>(null);
  const refresh = useCallback(() => {
    api.call('library.listFolders', {}).then(setFolders, () => setFolders((f) => f ?? []));
  }, []);
  useEffect(() => refresh(), [refresh]);
  const throttled = useThrottledCallback(refresh, 800);
  useApiEvent('library.changed', throttled);
  useApiEvent('library.progress', (p) => {
    if (p.state === 'idle') throttled();
  });
  const value = useMemo(() => ({ folders, refresh }), [folders, refresh]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}
