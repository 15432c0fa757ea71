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
import type { Float } from './backend';
import { createWasmBackend, type SharedKernel } from './kernels/backend-wasm';
import type { Network } from './network';
import type { Optimizer, OptimizerConfig } from './optimizers';
import { Cell, Result, HEADER, MAX_THREADS, arrive, readRows, waitFor } from './parallel-meeting';
import { partStep, type ShardInit } from './parallel-shard';

export { MAX_THREADS } from './parallel-meeting';

/** Starts a thread that calls `runShard(init)`; the host's way to start threads. */
export type SpawnShard = (init: ShardInit) => { terminate(): void };

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
    const results = new SharedArrayBuffer(8 * (Result.LOSS + 2 * this.active));
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
    Atomics.add(this.control!, Cell.VERSION, 1);
    this.part = null;
  }

  /** Waits for the threads to build their networks; the first thread's part of the update. */
  private ready(): ReturnType<typeof partStep> {
    const c = this.control!;
    while (Atomics.load(c, Cell.READY) < this.active - 1) {
      this.checkFailed();
      Atomics.wait(c, Cell.READY, Atomics.load(c, Cell.READY), 100);
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
    const failed = Atomics.load(this.control!, Cell.FAILED);
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
      c[Cell.SHARES + 4 * t] = offset;
      c[Cell.SHARES + 4 * t + 1] = rows;
      c[Cell.SHARES + 4 * t + 2] = net.passes;
      offset += rows;
    }
    const res = this.results!;
    res[Result.LR] = learningRate;
    c[Cell.STEP] = this.optimizer!.advance();
    Atomics.store(c, Cell.ARRIVED, 0);
    Atomics.store(c, Cell.UPDATED, 0);
    Atomics.add(c, Cell.GEN, 1);
    Atomics.notify(c, Cell.GEN);
    // The first thread's own share.
    const own = shareOf(count, threads, 0);
    if (!net.loadRows(this.x!, this.y!, idx.subarray(0, own), own))
      throw new Error('ThreadGroup: the network is not on the group’s backend');
    let loss = net.forward() * (own / count);
    net.backward();
    let correct = net.batchCorrect();
    arrive(c, Cell.ARRIVED);
    this.await(Cell.ARRIVED, threads);
    // Every share's gradient is ready: each thread sums and updates its part.
    const rows = this.rows;
    readRows(c, rows);
    part(rows, count, learningRate, c[Cell.STEP]);
    for (let t = 1; t < threads; t++) {
      if (rows[t] === 0) continue;
      loss += res[Result.LOSS + 2 * t] * (rows[t] / count);
      if (!Number.isNaN(res[Result.LOSS + 2 * t + 1]))
        correct = (correct ?? 0) + res[Result.LOSS + 2 * t + 1];
    }
    this.await(Cell.UPDATED, threads - 1);
    return { loss, correct };
  }

  /** Ends the other threads. The group cannot be used afterwards. */
  close(): void {
    const c = this.control;
    if (c) {
      Atomics.store(c, Cell.STOP, 1);
      for (const at of [Cell.GEN, Cell.ARRIVED]) {
        Atomics.add(c, at, 1);
        Atomics.notify(c, at);
      }
    }
    for (const w of this.workers) w.terminate();
    this.workers = [];
  }
}
