import { useEffect, useState } from 'react';
import type { MethodResult } from '../../../shared/api';
import { api } from '../api';
import { useApiEvent } from './useApiEvent';

export type IndexProgress = MethodResult<'library.progress'>;

/** The indexer's live progress: one call for the current state, then the 'library.progress' stream. */
export function useProgress(): [IndexProgress | null, (p: IndexProgress) => void] {
  const [progress, setProgress] = useState<IndexProgress | null>(null);
  useEffect(() => {
    let live = true;
    api.call('library.progress', {}).then(
      (p) => live && setProgress(p),
      () => {},
    );
    return () => {
      live = false;
    };
  }, []);
  useApiEvent('library.progress', setProgress);
  return [progress, setProgress];
}
