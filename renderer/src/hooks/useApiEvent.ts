import { useEffect, useRef } from 'react';
import type { EventName, EventPayload } from '../../../shared/api';
import { api } from '../api';

/** Subscribes to an engine event for the component's lifetime; the latest callback is always the one called. */
export function useApiEvent<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): void {
  const ref = useRef(listener);
  ref.current = listener;
  useEffect(() => api.on(name, (p) => ref.current(p)), [name]);
}
