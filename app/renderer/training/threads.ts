/**
 * How many threads a run splits its batches across: a setting of this machine, kept in
 * localStorage, not in the model file (a file trains the same everywhere; the thread count
 * only changes how the work is shared, and the last bits of rounding). `null`: every core but
 * one, which keeps one for the window. Small networks train on one thread whatever it says.
 */
import { create } from 'zustand';

const KEY = 'bp.threads.v1';
/** Most threads offered (the engine takes up to 64). */
export const MAX_OFFERED = 16;

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

/** The saved choice: a whole number from 1 to MAX_OFFERED, else null (automatic). */
export function readThreads(text: string | null): number | null {
  const n = Number(text);
  return text !== null && Number.isInteger(n) && n >= 1 && n <= MAX_OFFERED ? n : null;
}

/** Cores of this machine as the window sees them. */
export function coresHere(): number {
  const n = typeof navigator === 'undefined' ? 1 : navigator.hardwareConcurrency;
  return Number.isInteger(n) && n > 0 ? n : 1;
}

interface ThreadsState {
  threads: number | null;
  setThreads(threads: number | null): void;
}

export const useThreads = create<ThreadsState>()((set) => ({
  threads: readThreads(storage()?.getItem(KEY) ?? null),
  setThreads: (threads) => {
    try {
      if (threads === null) storage()?.removeItem(KEY);
      else storage()?.setItem(KEY, String(threads));
    } catch {
      // Storage full or disabled: the choice holds for this session.
    }
    set({ threads });
  },
}));
