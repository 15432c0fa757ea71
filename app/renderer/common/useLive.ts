import { useSyncExternalStore } from 'react';
import { live } from './live';

/**
 * Reads a value derived from the live buffer and re-renders when it changes,
 * at most once per animation frame. `select` must return a primitive (a
 * string or number), so that unchanged values do not re-render.
 */
export function useLive<T extends string | number | boolean | null>(select: () => T): T {
  return useSyncExternalStore(live.subscribe, select, select);
}
