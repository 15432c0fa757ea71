/**
 * Data-parallel training on several threads sharing one WebAssembly memory.
 *
 * Each update's mini-batch is cut into one contiguous share per thread (the
 * first threads take one row more when it does not divide). Every thread runs
 * forward and backward on its share with its own network (its own buffers and
 * gradients) reading the same weights: they live once, in the shared memory.
 * Then every thread takes its part of every parameter (a contiguous run of its
 * elements): it adds the shares' gradients there, each weighted by its share
 * of the rows, in thread order (so a fixed thread count gives the same bits
 * every time, whichever thread does a part), and applies the optimizer's
 * update to those elements (an element's update reads only that element, so
 * the parts give the bits of one whole update). A batch's loss is the same
 * weighted sum: with mean losses,
 *   L = Σₜ (mₜ/m)·Lₜ  and  ∂L/∂W = Σₜ (mₜ/m)·∂Lₜ/∂W,
 * equal to one thread's up to float rounding.
 *
 * A step is three meetings: the first thread starts it (the batch's rows are in
 * the shared memory), every thread waits for all gradients before summing, and
 * the first thread waits for every part's update before it returns.
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
import { OPTIMIZER_SLOTS, updateRule, type Optimizer, type OptimizerConfig } from './optimizers';

/** What a thread needs to build its network and find the shared arrays: structured-cloneable. */
export interface ShardInit {
  index: number;
  threads: number;
  graph: CompiledGraph;
  seed: number;
  kernel: SharedKernel;
  control: SharedArrayBuffer;
  /** The step's learning rate, then per thread its share's loss and correct rows (float64). */
  results: SharedArrayBuffer;
  /** Per thread: the byte offsets of its trainable tensors' gradients (int32), which it fills in. */
  grads: SharedArrayBuffer;
  /** Byte offsets in the shared memory of the staged data and the batch's row numbers. */
  x: { offset: number; length: number };
  y: { offset: number; length: number };
  idx: { offset: number; length: number };
  /** Rows of the largest share. */
  capacity: number;
  /** The update rule and the byte offsets of its buffers (per slot, one per trainable tensor). */
  optimizer: OptimizerConfig;
  slots: Record<string, number[]>;
}

/** Starts a thread that calls `runShard(init)`; the host's way to start threads. */
export type SpawnShard = (init: ShardInit) => { terminate(): void };

// Control block (Int32): where the threads meet.
const GEN = 0; // bumped by the first thread for each step (or to stop)
const STOP = 1; // 1: leave the loop
const READY = 2; // threads that built their network
const VERSION = 3; // bumped when the first thread's tensors moved (ensureCapacity)
const FAILED = 4; // 1 + index of a thread that failed, 0 if none
const ARRIVED = 5; // threads (all of them) whose share's gradient is ready, this step
const UPDATED = 6; // other threads that summed and updated their part, this step
const STEP = 7; // the update's number (the optimizer's t)
const SHARES = 8; // per thread: [row offset, rows, passes, unused]
const HEADER = SHARES + 4 * 64;
/** Most threads a group runs (the control block's room). */
export const MAX_THREADS = 64;

// Results (Float64): the learning rate, then per thread [loss, correct rows or NaN].
const LR = 0;
const LOSS = 1;

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
function waitWhile(cells: Int32Array, at: number, value: number): void {
  if (spin(cells, at, value)) return;
  while (Atomics.load(cells, at) === value) Atomics.wait(cells, at, value, 1000);
}

/** Waits until cells[at] ≥ target, or (once it sleeps) the group stops. */
function waitFor(cells: Int32Array, at: number, target: number): void {
  for (;;) {
    const value = Atomics.load(cells, at);
    if (value >= target) return;
    if (spin(cells, at, value)) continue;
    if (Atomics.load(cells, STOP)) return;
    Atomics.wait(cells, at, value, 1000);
  }
}

/** Adds one to cells[at] and wakes whoever sleeps on it. */
function arrive(cells: Int32Array, at: number): void {
  Atomics.add(cells, at, 1);
  Atomics.notify(cells, at);
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

/** Rows of thread t's share of `count` rows: the first threads take one more when it does not divide. */
function shareOf(count: number, threads: number, t: number): number {
  return Math.floor(count / threads) + (t < count % threads ? 1 : 0);
}

/** Row counts of each thread's share of `count` rows, the first threads one more when it does not divide. */
export function shares(count: number, threads: number): number[] {
  return Array.from({ length: threads }, (_, t) => shareOf(count, threads, t));
}

/** The optimizer settings a thread needs (TrainConfig has more, not all of it cloneable). */
function ruleSettings(c: OptimizerConfig): OptimizerConfig {
  const { optimizer, l2, l1, momentum, beta1, beta2, epsilon } = c;
  return { optimizer, l2, l1, momentum, beta1, beta2, epsilon };
}

/**
 * Thread `index`'s part of a step after the gradients: over elements [n·index/T, n·(index+1)/T)
 * of every parameter (n its size), g₀ ← (m₀/m)·g₀ + (m₁/m)·g₁, then g₀ ← g₀ + (mₛ/m)·gₛ for
 * s = 2 … T−1, then the rule's update of those elements with g₀ (one parameter at a time, so
 * its part is still in cache). The same operations in the same order whichever thread does a
 * part, so the bits depend only on the thread count. `grads[s][k]`: share s's gradient of
 * parameter k (share 0's holds the sum afterwards); `slots`: the rule's buffers, whole.
 * Returns `(rows, count, lr, t)`: the shares' rows, the batch's, and the update's lr and number.
 */
function partStep(
  backend: Backend,
  config: OptimizerConfig,
  params: readonly { value: Float; decay: boolean }[],
  grads: Float[][],
  slots: Readonly<Record<string, readonly Float64Array[]>>,
  index: number,
  threads: number,
): (rows: Float64Array, count: number, lr: number, t: number) => void {
  const part = <T extends Float | Float64Array>(x: T): T => {
    const n = x.length;
    return x.subarray(
      Math.floor((n * index) / threads),
      Math.floor((n * (index + 1)) / threads),
    ) as T;
  };
  const sums = grads[0].map(part);
  const others = params.map((_, k) => grads.map((g) => part(g[k])));
  const rules = params.map((p, k) => {
    const mine: Record<string, Float64Array[]> = {};
    for (const slot of OPTIMIZER_SLOTS[config.optimizer]) mine[slot] = [part(slots[slot][k])];
    return updateRule(
      config,
      [{ value: part(p.value), grad: sums[k], decay: p.decay }],
      mine,
      backend.updates,
    );
  });
  return (rows, count, lr, t) => {
    for (let k = 0; k < sums.length; k++) {
      const dst = sums[k];
      const n = dst.length;
      if (n === 0) continue;
      let a = rows[0] / count;
      for (let s = 1; s < threads; s++) {
        if (rows[s] === 0) continue;
        const b = rows[s] / count;
        const src = others[k][s];
        if (!backend.axpby?.(dst, src, n, a, b))
          for (let i = 0; i < n; i++) dst[i] = a * dst[i] + b * src[i];
        a = 1;
      }
      rules[k](lr, t);
    }
  };
}

/** Reads the step's shares' rows out of the control block into `rows`; returns the batch's rows. */
function readRows(c: Int32Array, rows: Float64Array): number {
  let count = 0;
  for (let s = 0; s < rows.length; s++) count += rows[s] = c[SHARES + 4 * s + 1];
  return count;
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
  private optimizer: Optimizer | null = null;
  private config: OptimizerConfig | null = null;
  private idx: Int32Array | null = null;
  private x: Float | null = null;
  private y: Float | null = null;
  /** The first thread's part of the sum and update, for the tensors where they are now. */
  private part: ReturnType<typeof partStep> | null = null;
  private rows = new Float64Array(0);

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
   * Starts the other threads for this network, data (staged in the shared memory by the
   * trainer: x, y and a row-number buffer of `batch` rows) and update rule (its buffers in the
   * shared memory too: made on the network's backend). Called by the Trainer.
   */
  attach(
    net: Network,
    x: Float,
    y: Float,
    idx: Int32Array,
    batch: number,
    threads: number,
    optimizer: Optimizer,
    config: OptimizerConfig,
  ): void {
    if (this.net) throw new Error('ThreadGroup: already attached to a network');
    this.active = Math.max(1, Math.min(this.threads, threads));
    this.net = net;
    this.optimizer = optimizer;
    this.config = ruleSettings(config);
    this.idx = idx;
    this.x = x;
    this.y = y;
    this.rows = new Float64Array(this.active);
    const tensors = net.allTensors();
    const trainable = net.params().length;
    const control = new SharedArrayBuffer(4 * (HEADER + tensors.length));
    this.control = new Int32Array(control);
    this.valueTable = new Int32Array(control, 4 * HEADER, tensors.length);
    const results = new SharedArrayBuffer(8 * (LOSS + 2 * this.active));
    this.results = new Float64Array(results);
    this.gradTable = new Int32Array(new SharedArrayBuffer(4 * this.active * trainable));
    this.publishValues();
    const capacity = Math.ceil(batch / this.active);
    const view = (a: Float | Int32Array) => ({ offset: a.byteOffset, length: a.length });
    const slots: Record<string, number[]> = {};
    for (const [slot, buffers] of Object.entries(optimizer.slots)) {
      if (buffers.some((b) => !(b.buffer instanceof SharedArrayBuffer)))
        throw new Error('ThreadGroup: the optimizer’s memory is not on the group’s backend');
      slots[slot] = buffers.map((b) => b.byteOffset);
    }
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
          optimizer: this.config,
          slots,
        }),
      );
    }
  }

  /**
   * Tells the threads where the weights (and the first thread's gradients) are, when they
   * moved; the first thread's part then follows them too.
   */
  private publishValues(): void {
    const net = this.net!;
    const tensors = net.allTensors();
    const params = net.params();
    const values = this.valueTable!;
    const grads = this.gradTable!;
    let moved = this.part === null;
    for (let i = 0; i < tensors.length; i++)
      if (values[i] !== tensors[i].value.byteOffset) moved = true;
    for (let k = 0; k < params.length; k++)
      if (grads[k] !== params[k].grad.byteOffset) moved = true;
    if (!moved) return;
    for (let i = 0; i < tensors.length; i++) values[i] = tensors[i].value.byteOffset;
    for (let k = 0; k < params.length; k++) grads[k] = params[k].grad.byteOffset;
    Atomics.add(this.control!, VERSION, 1);
    this.part = null;
  }

  /** Waits for the threads to build their networks; the first thread's part of the update. */
  private ready(): ReturnType<typeof partStep> {
    const c = this.control!;
    while (Atomics.load(c, READY) < this.active - 1) {
      this.checkFailed();
      Atomics.wait(c, READY, Atomics.load(c, READY), 100);
    }
    if (this.part) return this.part;
    const net = this.net!;
    const params = net.params();
    const buffer = this.kernel.memory.buffer;
    const grads: Float[][] = [params.map((p) => p.grad)];
    for (let t = 1; t < this.active; t++) {
      grads[t] = params.map(
        (p, k) => new Float32Array(buffer, this.gradTable![t * params.length + k], p.grad.length),
      );
    }
    const slots = this.optimizer!.slots;
    return (this.part = partStep(net.backend, this.config!, params, grads, slots, 0, this.active));
  }

  /** Threads the attached trainer uses. */
  get activeThreads(): number {
    return this.active;
  }

  private checkFailed(): void {
    const failed = Atomics.load(this.control!, FAILED);
    if (failed) throw new Error(`Training thread ${failed - 1} failed`);
  }

  /** Waits, as the first thread, until cells[at] ≥ target; throws if a thread failed. */
  private await(at: number, target: number): void {
    const c = this.control!;
    while (Atomics.load(c, at) < target) {
      this.checkFailed();
      waitFor(c, at, target);
    }
    this.checkFailed();
  }

  /**
   * One update on rows `order[start..start+count)`, split across the threads: each share's
   * forward and backward, the sum of their gradients (left in the network's parameters) and
   * the optimizer's update at `learningRate` (counted by the optimizer as one). Returns the
   * batch loss (before the update) and (classification) the correct rows.
   */
  step(
    order: Int32Array,
    start: number,
    count: number,
    learningRate: number,
  ): { loss: number; correct?: number } {
    const net = this.net!;
    const c = this.control!;
    this.publishValues();
    const part = this.ready();
    const idx = this.idx!;
    for (let r = 0; r < count; r++) idx[r] = order[start + r];
    const threads = this.active;
    let offset = 0;
    for (let t = 0; t < threads; t++) {
      const rows = shareOf(count, threads, t);
      c[SHARES + 4 * t] = offset;
      c[SHARES + 4 * t + 1] = rows;
      c[SHARES + 4 * t + 2] = net.passes;
      offset += rows;
    }
    const res = this.results!;
    res[LR] = learningRate;
    c[STEP] = this.optimizer!.advance();
    Atomics.store(c, ARRIVED, 0);
    Atomics.store(c, UPDATED, 0);
    Atomics.add(c, GEN, 1);
    Atomics.notify(c, GEN);
    // The first thread's own share.
    const own = shareOf(count, threads, 0);
    if (!net.loadRows(this.x!, this.y!, idx.subarray(0, own), own))
      throw new Error('ThreadGroup: the network is not on the group’s backend');
    let loss = net.forward() * (own / count);
    net.backward();
    let correct = net.batchCorrect();
    arrive(c, ARRIVED);
    this.await(ARRIVED, threads);
    // Every share's gradient is ready: each thread sums and updates its part.
    const rows = this.rows;
    readRows(c, rows);
    part(rows, count, learningRate, c[STEP]);
    for (let t = 1; t < threads; t++) {
      if (rows[t] === 0) continue;
      loss += res[LOSS + 2 * t] * (rows[t] / count);
      if (!Number.isNaN(res[LOSS + 2 * t + 1])) correct = (correct ?? 0) + res[LOSS + 2 * t + 1];
    }
    this.await(UPDATED, threads - 1);
    return { loss, correct };
  }

  /** Ends the other threads. The group cannot be used afterwards. */
  close(): void {
    const c = this.control;
    if (c) {
      Atomics.store(c, STOP, 1);
      for (const at of [GEN, ARRIVED]) {
        Atomics.add(c, at, 1);
        Atomics.notify(c, at);
      }
    }
    for (const w of this.workers) w.terminate();
    this.workers = [];
  }
}

/**
 * A thread's side: builds its network on the shared memory and computes its share of every
 * step, and its part of the sum and update, until the group stops. Blocks the thread (its
 * event loop does not run meanwhile).
 */
export function runShard(init: ShardInit): void {
  const c = new Int32Array(init.control);
  const t = init.index;
  try {
    const res = new Float64Array(init.results);
    const backend = createWasmBackend(init.kernel);
    const net = new Network(init.graph, { backend, seed: init.seed });
    net.stream = t;
    net.ensureCapacity(init.capacity);
    const buffer = (): ArrayBufferLike => init.kernel.memory.buffer;
    const x = new Float32Array(buffer(), init.x.offset, init.x.length);
    const y = new Float32Array(buffer(), init.y.offset, init.y.length);
    const idx = new Int32Array(buffer(), init.idx.offset, init.idx.length);
    const tensors = net.allTensors();
    const values = new Int32Array(init.control, 4 * HEADER, tensors.length);
    const params = net.params();
    const grads = new Int32Array(init.grads);
    params.forEach((p, k) => (grads[t * params.length + k] = p.grad.byteOffset));
    const f64 = (offset: number, k: number) =>
      new Float64Array(buffer(), offset, params[k].value.length);
    const slots: Record<string, Float64Array[]> = {};
    for (const [slot, offsets] of Object.entries(init.slots)) slots[slot] = offsets.map(f64);
    /** Binds the weights where the first thread has them, and makes this thread's part for them. */
    const bind = (): ReturnType<typeof partStep> => {
      net.bindValues(
        tensors.map((p, i) => new Float32Array(buffer(), values[i], p.value.length) as Float),
      );
      const shares = Array.from({ length: init.threads }, (_, s) =>
        params.map(
          (p, k) =>
            new Float32Array(buffer(), grads[s * params.length + k], p.grad.length) as Float,
        ),
      );
      return partStep(backend, init.optimizer, params, shares, slots, t, init.threads);
    };
    const rows = new Float64Array(init.threads);
    let part: ReturnType<typeof partStep> | null = null;
    let version = -1;
    let gen = Atomics.load(c, GEN);
    arrive(c, READY);
    for (;;) {
      waitWhile(c, GEN, gen);
      gen = Atomics.load(c, GEN);
      if (Atomics.load(c, STOP)) return;
      const v = Atomics.load(c, VERSION);
      if (v !== version || !part) {
        part = bind();
        version = v;
      }
      const offset = c[SHARES + 4 * t];
      const mine = c[SHARES + 4 * t + 1];
      if (mine > 0) {
        net.passes = c[SHARES + 4 * t + 2];
        if (!net.loadRows(x, y, idx.subarray(offset, offset + mine), mine))
          throw new Error(`Training thread ${t}: the batch is not in its backend's memory`);
        res[LOSS + 2 * t] = net.forward();
        net.backward();
        res[LOSS + 2 * t + 1] = net.batchCorrect() ?? NaN;
      }
      arrive(c, ARRIVED);
      waitFor(c, ARRIVED, init.threads);
      if (Atomics.load(c, STOP)) return;
      const count = readRows(c, rows);
      part(rows, count, res[LR], c[STEP]);
      arrive(c, UPDATED);
    }
  } catch (error) {
    Atomics.store(c, FAILED, t + 1);
    arrive(c, ARRIVED);
    arrive(c, UPDATED);
    Atomics.notify(c, READY);
    throw error;
  }
}
