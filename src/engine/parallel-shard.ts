/**
 * A thread's side of data-parallel training (parallel.ts has the first thread's): what it is
 * started with, its share of each step, and the part of every parameter it sums and updates
 * (partStep, which the first thread runs for its own part too).
 */
import type { Backend, Float } from './backend';
import type { CompiledGraph } from './compile';
import { createWasmBackend, type SharedKernel } from './kernels/backend-wasm';
import { Network } from './network';
import { OPTIMIZER_SLOTS, updateRule, type OptimizerConfig } from './optimizers';
import { Cell, Result, HEADER, arrive, readRows, waitFor, waitWhile } from './parallel-meeting';

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

/**
 * Thread `index`'s part of a step after the gradients: over elements [n·index/T, n·(index+1)/T)
 * of every parameter (n its size), g₀ ← (m₀/m)·g₀ + (m₁/m)·g₁, then g₀ ← g₀ + (mₛ/m)·gₛ for
 * s = 2 … T−1, then the rule's update of those elements with g₀ (one parameter at a time, so
 * its part is still in cache). The same operations in the same order whichever thread does a
 * part, so the bits depend only on the thread count. `grads[s][k]`: share s's gradient of
 * parameter k (share 0's holds the sum afterwards); `slots`: the rule's buffers, whole.
 * Returns `(rows, count, lr, t)`: the shares' rows, the batch's, and the update's lr and number.
 */
export function partStep(
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
    let gen = Atomics.load(c, Cell.GEN);
    arrive(c, Cell.READY);
    for (;;) {
      waitWhile(c, Cell.GEN, gen);
      gen = Atomics.load(c, Cell.GEN);
      if (Atomics.load(c, Cell.STOP)) return;
      const v = Atomics.load(c, Cell.VERSION);
      if (v !== version || !part) {
        part = bind();
        version = v;
      }
      const offset = c[Cell.SHARES + 4 * t];
      const mine = c[Cell.SHARES + 4 * t + 1];
      if (mine > 0) {
        net.passes = c[Cell.SHARES + 4 * t + 2];
        if (!net.loadRows(x, y, idx.subarray(offset, offset + mine), mine))
          throw new Error(`Training thread ${t}: the batch is not in its backend's memory`);
        res[Result.LOSS + 2 * t] = net.forward();
        net.backward();
        res[Result.LOSS + 2 * t + 1] = net.batchCorrect() ?? NaN;
      }
      arrive(c, Cell.ARRIVED);
      waitFor(c, Cell.ARRIVED, init.threads);
      if (Atomics.load(c, Cell.STOP)) return;
      const count = readRows(c, rows);
      part(rows, count, res[Result.LR], c[Cell.STEP]);
      arrive(c, Cell.UPDATED);
    }
  } catch (error) {
    Atomics.store(c, Cell.FAILED, t + 1);
    arrive(c, Cell.ARRIVED);
    arrive(c, Cell.UPDATED);
    Atomics.notify(c, Cell.READY);
    throw error;
  }
}
