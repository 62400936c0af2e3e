import { useEffect, useRef } from 'react';

/**
 * Calls `fn` at most once per `ms`, always running a trailing call, so a burst of engine events
 * (one per indexed file) turns into a few refreshes instead of hundreds.
 */
export function useThrottledCallback(fn: () => void, ms: number): () => void {
  const fnRef = useRef(fn);
  fnRef.current = fn;
  const state = useRef({ last: 0, timer: 0 as number | 0 });
  useEffect(() => () => window.clearTimeout(state.current.timer), []);
  const ref = useRef<() => void>(null);
  ref.current ??= () => {
    const s = state.current;
    if (s.timer) return;
    const wait = Math.max(0, s.last + ms - Date.now());
    s.timer = window.setTimeout(() => {
      s.timer = 0;
      s.last = Date.now();
      fnRef.current();
    }, wait);
  };
  return ref.current;
}
