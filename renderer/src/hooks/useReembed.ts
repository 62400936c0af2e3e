// The background re-embedding of the library after the embedding model changed: one call for the current
// state ('library.reembedStatus'), then the 'library.reembed' stream. Both come with the re-embedding work
// of issue #13 and may not be in the contract this build was made against: the names are looked up at run
// time, a missing method answers an error that is ignored, and the hook then simply reports nothing.
import { useEffect, useState } from 'react';
import { api } from '../api';

export type ReembedState = 'running' | 'switching' | 'done' | 'failed' | 'cancelled';

export interface ReembedStatus {
  /** The embedder the library is moving to (its settings key); search uses the old one until the switch. */
  targetId: string;
  done: number;
  total: number;
  etaSeconds: number | null;
  /** Passages embedded per second. */
  rate: number;
  state: ReembedState;
  error?: string;
}

const STATES: readonly string[] = ['running', 'switching', 'done', 'failed', 'cancelled'];

/** Checks the payload's shape: it comes from a contract this file cannot import yet. */
export function asReembedStatus(v: unknown): ReembedStatus | null {
  if (!v || typeof v !== 'object') return null;
  const o = v as Record<string, unknown>;
  if (typeof o.state !== 'string' || !STATES.includes(o.state)) return null;
  if (typeof o.done !== 'number' || typeof o.total !== 'number') return null;
  return {
    targetId: typeof o.targetId === 'string' ? o.targetId : '',
    done: o.done,
    total: o.total,
    etaSeconds: typeof o.etaSeconds === 'number' && Number.isFinite(o.etaSeconds) ? o.etaSeconds : null,
    rate: typeof o.rate === 'number' && Number.isFinite(o.rate) ? o.rate : 0,
    state: o.state as ReembedState,
    error: typeof o.error === 'string' ? o.error : undefined,
  };
}

/** The same client as everywhere, seen without the contract's name checks (see the comment at the top). */
const loose = api as unknown as {
  call(name: string, args: object): Promise<unknown>;
  on(name: string, listener: (payload: unknown) => void): () => void;
};

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
    const take = (raw: unknown, streamedNow: boolean) => {
      const status = asReembedStatus(raw);
      if (!live) return;
      setState((s) => ({
        status: status ?? (raw === null ? null : s.status),
        seenRunning:
          s.seenRunning ||
          (status !== null && (streamedNow || status.state === 'running' || status.state === 'switching')),
      }));
    };
    let streamed = false;
    // The first answer may come after an event already said more: the event wins.
    loose.call('library.reembedStatus', {}).then(
      (raw) => !streamed && take(raw, false),
      () => {},
    );
    let off = () => {};
    try {
      off = loose.on('library.reembed', (raw) => {
        streamed = true;
        take(raw, true);
      });
    } catch {
      // An older bridge that refuses the name outright: nothing to follow.
    }
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
