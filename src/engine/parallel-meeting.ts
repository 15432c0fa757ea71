/**
 * Where the threads of a data-parallel group meet (parallel.ts): the layout of the shared
 * control block and results, and the waits on them. A cell is waited on by spinning a little,
 * then sleeping with Atomics.wait; a thread arriving adds one and wakes the sleepers.
 */
/** The control block's cells (Int32): where the threads meet. */
export const Cell = {
  /** Bumped by the first thread for each step (or to stop). */
  GEN: 0,
  /** 1: leave the loop. */
  STOP: 1,
  /** Threads that built their network. */
  READY: 2,
  /** Bumped when the first thread's tensors moved (ensureCapacity). */
  VERSION: 3,
  /** 1 + index of a thread that failed, 0 if none. */
  FAILED: 4,
  /** Threads (all of them) whose share's gradient is ready, this step. */
  ARRIVED: 5,
  /** Other threads that summed and updated their part, this step. */
  UPDATED: 6,
  /** The update's number (the optimizer's t). */
  STEP: 7,
  /** Per thread: [row offset, rows, passes, unused]. */
  SHARES: 8,
} as const;
/** Most threads a group runs (the control block's room). */
export const MAX_THREADS = 64;
/** Cells before the tensors' byte offsets. */
export const HEADER = Cell.SHARES + 4 * MAX_THREADS;

/** The results' cells (Float64): the learning rate, then per thread [loss, correct rows or NaN] from LOSS on. */
export const Result = { LR: 0, LOSS: 1 } as const;

/**
 * How long a thread spins on a shared cell before sleeping on it, in ms: at most SPIN_MS, at
 * least SPIN_MIN_MS. A share's work is short (≈ 0.4 ms in B), and waking from Atomics.wait
 * costs tens of microseconds on an idle core and up to a scheduler's slice on a busy one: a
 * thread that slept starts its next share that much later, and the thread waiting for it
 * sleeps in turn. But a spin also keeps its core from a thread sharing it (a busy machine puts
 * both on one core at times), so a spin that ran out halves the next one and one that did not
 * doubles it.
 */
const SPIN_MS = 2;
const SPIN_MIN_MS = 0.05;
let spinMs = SPIN_MS;

/** Spins while cells[at] is `value`, up to spinMs; whether it changed. */
function spin(cells: Int32Array, at: number, value: number): boolean {
  const end = performance.now() + spinMs;
  do
    for (let i = 0; i < 1024; i++)
      if (Atomics.load(cells, at) !== value) {
        spinMs = Math.min(SPIN_MS, spinMs * 2);
        return true;
      }
  while (performance.now() < end);
  spinMs = Math.max(SPIN_MIN_MS, spinMs / 2);
  return false;
}

/** Waits while cells[at] is `value`. */
export function waitWhile(cells: Int32Array, at: number, value: number): void {
  if (spin(cells, at, value)) return;
  while (Atomics.load(cells, at) === value) Atomics.wait(cells, at, value, 1000);
}

/** Waits until cells[at] ≥ target, or (once it sleeps) the group stops. */
export function waitFor(cells: Int32Array, at: number, target: number): void {
  for (;;) {
    const value = Atomics.load(cells, at);
    if (value >= target) return;
    if (spin(cells, at, value)) continue;
    if (Atomics.load(cells, Cell.STOP)) return;
    Atomics.wait(cells, at, value, 1000);
  }
}

/** Adds one to cells[at] and wakes whoever sleeps on it. */
export function arrive(cells: Int32Array, at: number): void {
  Atomics.add(cells, at, 1);
  Atomics.notify(cells, at);
}

/** Reads the step's shares' rows out of the control block into `rows`; returns the batch's rows. */
export function readRows(c: Int32Array, rows: Float64Array): number {
  let count = 0;
  for (let s = 0; s < rows.length; s++) count += rows[s] = c[Cell.SHARES + 4 * s + 1];
  return count;
}
