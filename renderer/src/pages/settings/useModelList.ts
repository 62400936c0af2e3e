// The GGUF files Lucarne knows (found in the well-known folders, downloaded, or added by the user), with
// the machine's free memory. One load when the section opens; `reload(true)` rescans the folders.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { MethodResult } from '../../../../shared/api';
import { api } from '../../api';
import { errorMessage } from '../../lib/errors';

export type ModelListing = MethodResult<'models.list'>;
export type FoundModel = ModelListing['models'][number];

export interface ModelList {
  listing: ModelListing | null;
  error: string | null;
  loading: boolean;
  reload(refresh?: boolean): Promise<void>;
}

export function useModelList(): ModelList {
  const [listing, setListing] = useState<ModelListing | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const live = useRef(true);
  // Answers can cross (a rescan, then a quick reload): only the latest request's answer is kept.
  const latest = useRef(0);

  const reload = useCallback(async (refresh = false) => {
    const n = ++latest.current;
    setLoading(true);
    try {
      const next = await api.call('models.list', { refresh });
      if (live.current && n === latest.current) {
        setListing(next);
        setError(null);
      }
    } catch (err) {
      if (live.current && n === latest.current) setError(errorMessage(err));
    } finally {
      if (live.current && n === latest.current) setLoading(false);
    }
  }, []);

  useEffect(() => {
    live.current = true;
    void reload(false);
    return () => {
      live.current = false;
    };
  }, [reload]);

  return { listing, error, loading, reload };
}
