/**
 * Threads for data-parallel training in Node (the command line, training sessions): a
 * ThreadGroup whose extra threads are worker_threads running shard-worker.ts.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { createSharedKernel, sharedWasmSupported } from '../engine/kernels/backend-wasm';
import { ThreadGroup, MAX_THREADS } from '../engine/parallel';
import { shardWorkerUrl } from './worker-url';

/** Cores of this machine. */
export function cores(): number {
  return availableParallelism();
}

/**
 * A thread count as a setting gives it: a whole number from 1 to MAX_THREADS, or `auto`
 * (the default for where it runs: every core in the command line, one fewer in the window,
 * which keeps one for drawing).
 */
export function threadCount(setting: number | 'auto' | undefined, where: 'cli' | 'window'): number {
  const auto = where === 'cli' ? cores() : cores() - 1;
  const n = setting === undefined || setting === 'auto' ? auto : setting;
  return Math.max(1, Math.min(MAX_THREADS, Math.floor(n)));
}

/** A group of `threads` threads (the caller's and threads − 1 workers), or null for one thread or where shared memory is missing. */
export function startThreadGroup(threads: number): ThreadGroup | null {
  if (threads <= 1 || !sharedWasmSupported()) return null;
  const url = shardWorkerUrl();
  return new ThreadGroup(
    threads,
    (init) => {
      const worker = new Worker(url, { workerData: init });
      // A failing thread marks the group's control block; the first thread reports it.
      worker.on('error', () => {});
      worker.unref();
      return { terminate: () => void worker.terminate() };
    },
    createSharedKernel(),
  );
}
