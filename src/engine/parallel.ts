/**
 * Data-parallel training on several threads sharing one WebAssembly memory.
 *
 * Each update's mini-batch is cut into one contiguous share per thread (the
 * first threads take one row more when it does not divide). Every thread runs
 * forward and backward on its share with its own network (its own buffers and
 * gradients) reading the same weights: they live once, in the shared memory,
 * written only by the first thread. The first thread then adds the shares'
 * gradients, each weighted by its share of the rows, in thread order (so a
 * fixed thread count gives the same bits every time), and applies the update
 * once. A batch's loss is the same weighted sum: with mean losses,
 *   L = Σₜ (mₜ/m)·Lₜ  and  ∂L/∂W = Σₜ (mₜ/m)·∂Lₜ/∂W,
 * equal to one thread's up to float rounding.
 *
 * Pure engine code: threads are started by the host (Node's worker_threads in
 * the command line and the training sessions) through `SpawnShard`, and the
 * threads meet with Atomics on shared arrays, so a step stays synchronous.
 *
 * Not split: networks that keep state besides trainable weights (batch norm's
 * running statistics: each share would update them, and their batch
 * statistics would be the share's). `canSplit` says so; those train on one thread.
 */
import type { Backend, Float } from './backend';
import type { CompiledGraph } from './compile';
import { createWasmBackend, type SharedKernel } from './kernels/backend-wasm';
import { Network } from './network';

/** What a thread needs to build its network and find the shared arrays: structured-cloneable. */
export interface ShardInit {
  index: number;
  threads: number;
  graph: CompiledGraph;
  seed: number;
  kernel: SharedKernel;
  control: SharedArrayBuffer;
  /** Per thread: its share's loss and correct rows (float64). */
  results: SharedArrayBuffer;
  /** Per thread: the byte offsets of its trainable tensors' gradients (int32), which it fills in. */
  grads: SharedArrayBuffer;
  /** Byte offsets in the shared memory of the staged data and the batch's row numbers. */
  x: { offset: number; length: number };
  y: { offset: number; length: number };
  idx: { offset: number; length: number };
  /** Rows of the largest share. */
  capacity: number;
}

/** Starts a thread that calls `runShard(init)`; the host's way to start threads. */
export type SpawnShard = (init: ShardInit) => { terminate(): void };

// Control block (Int32): where the threads meet.
const GEN = 0; // bumped by the first thread for each step (or to stop)
const DONE = 1; // threads that finished the current step
const STOP = 2; // 1: leave the loop
const READY = 3; // threads that built their network
const VERSION = 4; // bumped when the first thread's tensors moved (ensureCapacity)
const FAILED = 5; // 1 + index of a thread that failed, 0 if none
const REDUCE = 6; // bumped by the first thread when every share's gradient is ready
const REDUCED = 7; // threads that summed their slice of the gradients
const SHARES = 8; // per thread: [row offset, rows, passes, unused]
const HEADER = SHARES + 4 * 64;
/** Most threads a group runs (the control block's room). */
export const MAX_THREADS = 64;

/** Spins this many times on a shared cell before sleeping on it (a thread's share is short). */
const SPIN = 20000;

function waitWhile(cells: Int32Array, at: number, value: number): void {
  for (let i = 0; i < SPIN; i++) if (Atomics.load(cells, at) !== value) return;
  while (Atomics.load(cells, at) === value) Atomics.wait(cells, at, value, 1000);
}

/** Whether a network's batches can be split across threads (no state besides trainable weights). */
export function canSplit(net: Network): boolean {
  return net.allTensors().every((p) => p.trainable);
}

/**
 * Least work of one thread's share per update, in multiply-adds (roughly), worth a thread:
 * below it, meeting the other threads costs more than the share saves. A rough count per
 * sample: the parameters, or the values the nodes compute if more (convolutions).
 */
export const MIN_SHARE_WORK = 1 << 18;

/**
 * Threads worth using for batches of `batch` rows, at most `threads`: each share must hold
 * MIN_SHARE_WORK. Small networks and batches (XOR, 2-16-16-1) stay on one thread, so their
 * runs are the same whatever the setting.
 */
export function threadsFor(net: Network, batch: number, threads: number): number {
  if (!canSplit(net)) return 1;
  const g = net.graph;
  const values = g.nodes.reduce((n, node) => n + node.width, 0);
  const perSample = Math.max(g.parameterCount, values);
  let t = Math.max(1, Math.min(threads, MAX_THREADS, batch));
  while (t > 1 && Math.floor(batch / t) * perSample < MIN_SHARE_WORK) t--;
  return t;
}

/**
 * Thread t's slice of the batch's gradient: over elements [n·t/T, n·(t+1)/T) of every
 * parameter, g₀ ← (m₀/m)·g₀ + (m₁/m)·g₁, then g₀ ← g₀ + (mₛ/m)·gₛ for s = 2 … T−1: the same
 * operations, in the same order, whichever thread does a slice, so the sum's bits depend only
 * on the thread count. `grads[s][k]`: share s's gradient of parameter k (share 0's is the
 * result).
 */
function reduceSlice(
  backend: Backend,
  grads: Float[][],
  rows: number[],
  count: number,
  t: number,
  threads: number,
): void {
  const g0 = grads[0];
  for (let k = 0; k < g0.length; k++) {
    const n = g0[k].length;
    const lo = Math.floor((n * t) / threads);
    const hi = Math.floor((n * (t + 1)) / threads);
    if (hi <= lo) continue;
    const dst = g0[k].subarray(lo, hi);
    let a = rows[0] / count;
    for (let s = 1; s < threads; s++) {
      if (rows[s] === 0) continue;
      const b = rows[s] / count;
      const src = grads[s][k].subarray(lo, hi);
      if (!backend.axpby?.(dst, src, hi - lo, a, b))
        for (let i = 0; i < dst.length; i++) dst[i] = a * dst[i] + b * src[i];
      a = 1;
    }
  }
}

/** Row counts of each thread's share of `count` rows, the first threads one more when it does not divide. */
export function shares(count: number, threads: number): number[] {
  const base = Math.floor(count / threads);
  const extra = count % threads;
  return Array.from({ length: threads }, (_, t) => base + (t < extra ? 1 : 0));
}

/**
 * The first thread's side: the group of threads a Trainer splits its batches over. Make the
 * network with `backend()`, then hand the group to the Trainer; `close()` ends the threads.
 */
export class ThreadGroup {
  /** Threads asked for (the setting). */
  readonly threads: number;
  /** Threads the attached trainer's batches are split across (threadsFor). */
  private active = 1;
  readonly kernel: SharedKernel;
  private readonly spawn: SpawnShard;
  private workers: { terminate(): void }[] = [];
  private control: Int32Array | null = null;
  private results: Float64Array | null = null;
  /** Per thread t ≥ 1, the byte offsets of its trainable tensors' gradients. */
  private gradTable: Int32Array | null = null;
  private valueTable: Int32Array | null = null;
  private net: Network | null = null;
  private idx: Int32Array | null = null;
  private x: Float | null = null;
  private y: Float | null = null;
  private gradViews: Float[][] = [];
  private valueOffsets: number[] = [];

  constructor(threads: number, spawn: SpawnShard, kernel: SharedKernel) {
    this.threads = Math.max(1, Math.min(MAX_THREADS, Math.floor(threads)));
    this.spawn = spawn;
    this.kernel = kernel;
  }

  /** A backend on the group's shared memory, for the network the trainer trains. */
  backend(): ReturnType<typeof createWasmBackend> {
    return createWasmBackend(this.kernel);
  }

  /**
   * Starts the other threads for this network and data (staged in the shared memory by the
   * trainer: x, y and a row-number buffer of `batch` rows). Called by the Trainer.
   */
  attach(net: Network, x: Float, y: Float, idx: Int32Array, batch: number, threads: number): void {
    if (this.net) throw new Error('ThreadGroup: already attached to a network');
    this.active = Math.max(1, Math.min(this.threads, threads));
    this.net = net;
    this.idx = idx;
    this.x = x;
    this.y = y;
    const tensors = net.allTensors();
    const trainable = net.params().length;
    const control = new SharedArrayBuffer(4 * (HEADER + tensors.length));
    this.control = new Int32Array(control);
    this.valueTable = new Int32Array(control, 4 * HEADER, tensors.length);
    const results = new SharedArrayBuffer(8 * 2 * this.active);
    this.results = new Float64Array(results);
    this.gradTable = new Int32Array(new SharedArrayBuffer(4 * this.active * trainable));
    this.publishValues();
    const capacity = Math.ceil(batch / this.active);
    const view = (a: Float | Int32Array) => ({ offset: a.byteOffset, length: a.length });
    for (let index = 1; index < this.active; index++) {
      this.workers.push(
        this.spawn({
          index,
          threads: this.active,
          graph: net.graph,
          seed: net.seed,
          kernel: this.kernel,
          control,
          results,
          x: view(x),
          y: view(y),
          idx: view(idx),
          capacity,
          grads: this.gradTable.buffer as SharedArrayBuffer,
        }),
      );
    }
  }

  /** Tells the threads where the weights (and the first thread's gradients) are, when they moved. */
  private publishValues(): void {
    const net = this.net!;
    const offsets = net.allTensors().map((p) => p.value.byteOffset);
    const grads = net.params().map((p) => p.grad.byteOffset);
    const all = [...offsets, ...grads];
    if (all.every((o, i) => o === this.valueOffsets[i])) return;
    this.valueOffsets = all;
    this.valueTable!.set(offsets);
    this.gradTable!.set(grads, 0);
    this.gradViews[0] = net.params().map((p) => p.grad);
    Atomics.add(this.control!, VERSION, 1);
  }

  private ready(): void {
    const c = this.control!;
    while (Atomics.load(c, READY) < this.active - 1) {
      this.checkFailed();
      Atomics.wait(c, READY, Atomics.load(c, READY), 100);
    }
    if (this.gradViews.length > 1) return;
    const net = this.net!;
    const params = net.params();
    const buffer = this.kernel.memory.buffer;
    for (let t = 1; t < this.active; t++) {
      this.gradViews[t] = params.map(
        (p, k) => new Float32Array(buffer, this.gradTable![t * params.length + k], p.grad.length),
      );
    }
  }

  /** Threads the attached trainer uses. */
  get activeThreads(): number {
    return this.active;
  }

  private checkFailed(): void {
    const failed = Atomics.load(this.control!, FAILED);
    if (failed) throw new Error(`Training thread ${failed - 1} failed`);
  }

  /**
   * One batch's forward and backward over rows `order[start..start+count)`, split across the
   * threads; leaves the batch's gradient in the network's parameters. Returns the batch loss
   * and (classification) the correct rows.
   */
  compute(order: Int32Array, start: number, count: number): { loss: number; correct?: number } {
    const net = this.net!;
    const c = this.control!;
    this.ready();
    this.publishValues();
    const idx = this.idx!;
    for (let r = 0; r < count; r++) idx[r] = order[start + r];
    const rows = shares(count, this.active);
    const passes = net.passes;
    let offset = 0;
    for (let t = 0; t < this.active; t++) {
      c[SHARES + 4 * t] = offset;
      c[SHARES + 4 * t + 1] = rows[t];
      c[SHARES + 4 * t + 2] = passes;
      offset += rows[t];
    }
    Atomics.store(c, DONE, 0);
    Atomics.add(c, GEN, 1);
    Atomics.notify(c, GEN);
    // The first thread's own share.
    const own = rows[0];
    if (!net.loadRows(this.x!, this.y!, idx.subarray(0, own), own))
      throw new Error('ThreadGroup: the network is not on the group’s backend');
    let loss = net.forward() * (own / count);
    net.backward();
    let correct = net.batchCorrect();
    const others = this.active - 1;
    let done = Atomics.load(c, DONE);
    while (done < others) {
      this.checkFailed();
      waitWhile(c, DONE, done);
      done = Atomics.load(c, DONE);
    }
    this.checkFailed();
    // Every share's gradient is ready: each thread sums its slice of them.
    Atomics.store(c, REDUCED, 0);
    Atomics.add(c, REDUCE, 1);
    Atomics.notify(c, REDUCE);
    reduceSlice(net.backend, this.gradViews, rows, count, 0, this.active);
    const res = this.results!;
    for (let t = 1; t < this.active; t++) {
      if (rows[t] === 0) continue;
      loss += res[2 * t] * (rows[t] / count);
      if (!Number.isNaN(res[2 * t + 1])) correct = (correct ?? 0) + res[2 * t + 1];
    }
    let reduced = Atomics.load(c, REDUCED);
    while (reduced < others) {
      this.checkFailed();
      waitWhile(c, REDUCED, reduced);
      reduced = Atomics.load(c, REDUCED);
    }
    this.checkFailed();
    return { loss, correct };
  }

  /** Ends the other threads. The group cannot be used afterwards. */
  close(): void {
    if (this.control) {
      Atomics.store(this.control, STOP, 1);
      Atomics.add(this.control, GEN, 1);
      Atomics.notify(this.control, GEN);
      Atomics.add(this.control, REDUCE, 1);
      Atomics.notify(this.control, REDUCE);
    }
    for (const w of this.workers) w.terminate();
    this.workers = [];
  }
}

/**
 * A thread's side: builds its network on the shared memory and computes its share of every
 * step until the group stops. Blocks the thread (its event loop does not run meanwhile).
 */
export function runShard(init: ShardInit): void {
  const c = new Int32Array(init.control);
  try {
    const res = new Float64Array(init.results);
    const backend = createWasmBackend(init.kernel);
    const net = new Network(init.graph, { backend, seed: init.seed });
    net.stream = init.index;
    net.ensureCapacity(init.capacity);
    const buffer = (): ArrayBufferLike => init.kernel.memory.buffer;
    const x = new Float32Array(buffer(), init.x.offset, init.x.length);
    const y = new Float32Array(buffer(), init.y.offset, init.y.length);
    const idx = new Int32Array(buffer(), init.idx.offset, init.idx.length);
    const tensors = net.allTensors();
    const values = new Int32Array(init.control, 4 * HEADER, tensors.length);
    const bind = (): void =>
      net.bindValues(
        tensors.map((p, i) => new Float32Array(buffer(), values[i], p.value.length) as Float),
      );
    const params = net.params();
    const grads = new Int32Array(init.grads);
    params.forEach((p, k) => (grads[init.index * params.length + k] = p.grad.byteOffset));
    /** Every share's gradients (share s, parameter k), for this thread's slice of their sum. */
    let views: Float[][] = [];
    const bindGrads = (): void => {
      views = Array.from({ length: init.threads }, (_, s) =>
        params.map(
          (p, k) =>
            new Float32Array(buffer(), grads[s * params.length + k], p.grad.length) as Float,
        ),
      );
    };
    let reduceGen = Atomics.load(c, REDUCE);
    let version = -1;
    let gen = Atomics.load(c, GEN);
    Atomics.add(c, READY, 1);
    Atomics.notify(c, READY);
    for (;;) {
      waitWhile(c, GEN, gen);
      gen = Atomics.load(c, GEN);
      if (Atomics.load(c, STOP)) return;
      const v = Atomics.load(c, VERSION);
      if (v !== version) {
        bind();
        bindGrads();
        version = v;
      }
      const t = init.index;
      const offset = c[SHARES + 4 * t];
      const rows = c[SHARES + 4 * t + 1];
      if (rows > 0) {
        net.passes = c[SHARES + 4 * t + 2];
        net.loadRows(x, y, idx.subarray(offset, offset + rows), rows);
        res[2 * t] = net.forward();
        net.backward();
        res[2 * t + 1] = net.batchCorrect() ?? NaN;
      }
      Atomics.add(c, DONE, 1);
      Atomics.notify(c, DONE);
      waitWhile(c, REDUCE, reduceGen);
      reduceGen = Atomics.load(c, REDUCE);
      if (Atomics.load(c, STOP)) return;
      const rowsOf = Array.from({ length: init.threads }, (_, s) => c[SHARES + 4 * s + 1]);
      const count = rowsOf.reduce((x, y) => x + y, 0);
      reduceSlice(backend, views, rowsOf, count, t, init.threads);
      Atomics.add(c, REDUCED, 1);
      Atomics.notify(c, REDUCED);
    }
  } catch (error) {
    Atomics.store(c, FAILED, init.index + 1);
    Atomics.add(c, DONE, 1);
    Atomics.notify(c, DONE);
    Atomics.add(c, REDUCED, 1);
    Atomics.notify(c, REDUCED);
    Atomics.notify(c, READY);
    throw error;
  }
}
