// The indexer's progress for the whole app (one subscription), with pause/resume.
import { createContext, type ReactNode, useContext, useMemo } from 'react';
import { api } from '../api';
import { type IndexProgress, useProgress } from './useProgress';

interface Indexing {
  progress: IndexProgress | null;
  pause(): Promise<void>;
  resume(): Promise<void>;
}

const Ctx = createContext<Indexing>({ progress: null, pause: async () => {}, resume: async () => {} });
export const useIndexing = () => useContext(Ctx);

export function IndexingProvider({ children }: { children: ReactNode }) {
  const [progress, setProgress] = useProgress();
  const value = useMemo(
    () => ({
      progress,
      pause: async () => setProgress(await api.call('library.pause', {})),
      resume: async () => setProgress(await api.call('library.resume', {})),
    }),
    [progress, setProgress],
  );
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}
