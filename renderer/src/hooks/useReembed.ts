// The background re-embedding of the library after the embedding model changed: one call for the current
// state ('library.reembedStatus', null when none was ever run), then the 'library.reembed' stream. A failed
// call (an engine without the method, a lost connection) is ignored: the views then simply show nothing.
import { useEffect, useState } from 'react';
import type { EventPayload } from '../../../shared/api';
import { api } from '../api';

export type ReembedStatus = EventPayload<'library.reembed'>;

export interface Reembed {
  status: ReembedStatus | null;
  /**
   * True once this view has seen the work under way or heard of it as it happened: a "done" is then news
   * worth saying. A "done" read at start-up is an old story (the last re-embedding, days ago maybe).
   */
  seenRunning: boolean;
}

export function useReembed(): Reembed {
  const [state, setState] = useState<Reembed>({ status: null, seenRunning: false });
  useEffect(() => {
    let live = true;
    let streamed = false;
    const take = (status: ReembedStatus | null, streamedNow: boolean) => {
      if (!live) return;
      setState((s) => ({
        status,
        seenRunning: s.seenRunning || (status !== null && (streamedNow || reembedActive(status))),
      }));
    };
    // The first answer may come after an event already said more: the event wins.
    api.call('library.reembedStatus', {}).then(
      (status) => !streamed && take(status, false),
      () => {},
    );
    const off = api.on('library.reembed', (status) => {
      streamed = true;
      take(status, true);
    });
    return () => {
      live = false;
      off();
    };
  }, []);
  return state;
}

/** Running or about to switch: search still answers with the old model meanwhile. */
export const reembedActive = (s: ReembedStatus | null): s is ReembedStatus & { state: 'running' | 'switching' } =>
  s !== null && (s.state === 'running' || s.state === 'switching');
