/**
 * Update rules. They see only the network's parameters (value and gradient).
 * Regularisation adds to the gradient of decayed parameters (weights, not
 * biases): L2 adds l2·w, L1 adds l1·sign(w) (sign(0) = 0), so with
 * g = ∂L/∂w + l2·w + l1·sign(w):
 *
 * - sgd:      w ← w − λ g
 * - momentum: v ← μ v + g;  w ← w − λ v
 * - adam:     m ← β₁m + (1−β₁)g;  v ← β₂v + (1−β₂)g²;
 *             w ← w − λ m̂ / (√v̂ + ε),  m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ)
 *
 * `exportState()` / `importState()` carry what a rule remembers between
 * updates (momentum's velocity, Adam's moments and step count t), so a run
 * saved and resumed continues bit for bit.
 *
 * Given a backend with update kernels (the WebAssembly one), each parameter's
 * update runs there (the same expressions in float64, so the same bits), and
 * the rule's memory lives in the backend's memory when it can hold it.
 */
import type { Backend, UpdateKernels } from './backend';
import type { Param } from './network';

export type OptimizerName = 'sgd' | 'momentum' | 'adam';

/** The settings an update rule reads; the training settings (TrainConfig in train.ts) extend them. */
export interface OptimizerConfig {
  optimizer: OptimizerName;
  /** L2 weight decay: adds l2·W to ∂L/∂W (biases are not decayed). */
  l2: number;
  /** L1 regularisation: adds l1·sign(W) to ∂L/∂W (biases are not decayed); default 0. */
  l1?: number;
  /** momentum: velocity decay (default 0.9). */
  momentum?: number;
  /** adam (defaults 0.9, 0.999, 1e-8). */
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

/** The buffers each rule keeps per parameter, by name. */
export const OPTIMIZER_SLOTS = {
  sgd: [],
  momentum: ['velocity'],
  adam: ['m', 'v'],
} as const satisfies Record<OptimizerName, readonly string[]>;

/**
 * What an update rule remembers: the updates it applied (Adam's t) and, per
 * slot, one buffer per parameter in the order of the parameter list.
 */
export interface OptimizerState {
  optimizer: OptimizerName;
  t: number;
  slots: Record<string, Float64Array[]>;
}

export interface Optimizer {
  /** Applies one update with the gradients currently in the parameters. */
  update(learningRate: number): void;
  /**
   * Counts one update that the caller applies itself, in parts, with `updateRule` over the
   * parameters and `slots` (threads sharing the update: parallel.ts); returns its number t
   * (1 for the first).
   */
  advance(): number;
  /** The rule's memory as the updates write it: per slot, one buffer per parameter. */
  readonly slots: Readonly<Record<string, readonly Float64Array[]>>;
  /** A copy of the rule's memory. */
  exportState(): OptimizerState;
  /**
   * Continues from a state `exportState()` gave (a copy is taken). Throws, changing nothing,
   * when it is another rule's or its buffers do not fit the parameters.
   */
  importState(state: OptimizerState): void;
}

export function createOptimizer(
  params: readonly Param[],
  config: OptimizerConfig,
  backend?: Backend,
): Optimizer {
  const name = config.optimizer;
  const slots: Record<string, Float64Array[]> = {};
  const alloc64 = (n: number): Float64Array => backend?.allocF64?.(n) ?? new Float64Array(n);
  for (const slot of OPTIMIZER_SLOTS[name])
    slots[slot] = params.map((p) => alloc64(p.value.length));
  let t = 0;
  const step = updateRule(config, params, slots, backend?.updates);
  return {
    update(lr) {
      t++;
      step(lr, t);
    },
    advance() {
      return ++t;
    },
    slots,
    exportState() {
      const copy: Record<string, Float64Array[]> = {};
      for (const [slot, buffers] of Object.entries(slots))
        copy[slot] = buffers.map((b) => Float64Array.from(b));
      return { optimizer: name, t, slots: copy };
    },
    importState(state) {
      if (state.optimizer !== name)
        throw new Error(`the state is ${state.optimizer}'s, not ${name}'s`);
      if (!Number.isInteger(state.t) || state.t < 0)
        throw new Error(`the step count must be a whole number ≥ 0, got ${state.t}`);
      for (const slot of OPTIMIZER_SLOTS[name]) {
        const buffers = state.slots[slot];
        if (buffers?.length !== params.length)
          throw new Error(`${slot}: expected ${params.length} buffers`);
        buffers.forEach((b, k) => {
          if (b.length !== params[k].value.length)
            throw new Error(
              `${slot} of ${params[k].nodeId}.${params[k].name}: expected ${params[k].value.length} values, got ${b.length}`,
            );
        });
      }
      for (const slot of OPTIMIZER_SLOTS[name])
        state.slots[slot].forEach((b, k) => slots[slot][k].set(b));
      t = state.t;
    },
  };
}

/**
 * sign(x): 1, −1, or 0 at 0. Comparisons rather than Math.sign: weights' signs are random, and
 * this form stays branch-free in the hot loops (Math.sign there made an update about 4× slower).
 * With L1 at 0 the loops skip it, so the arithmetic is exactly that without L1.
 */
const sign = (x: number): number => +(x > 0) - +(x < 0);

/**
 * Parameters shorter than this update in JavaScript even where a kernel could: calling into
 * WebAssembly costs more than a few dozen values (both give the same bits).
 */
const KERNEL_MIN = 64;

/** What an update reads and writes of a parameter: all of it, or a part (the same elements of each). */
export type Updated = Pick<Param, 'value' | 'grad' | 'decay'>;

/**
 * The update of `config`'s rule over these parameters and the rule's buffers for them
 * (`slots`, one per parameter as OPTIMIZER_SLOTS names them): a function applying the t-th
 * update at learning rate `lr`. Each element's update reads only that element, so updating
 * parts of the parameters (subarrays of values, gradients and buffers) gives the bits updating
 * them whole gives.
 */
export function updateRule(
  config: OptimizerConfig,
  params: readonly Updated[],
  slots: Readonly<Record<string, readonly Float64Array[]>>,
  kernels?: UpdateKernels,
): (lr: number, t: number) => void {
  const l2 = config.l2;
  const l1 = config.l1 ?? 0;
  switch (config.optimizer) {
    case 'sgd':
      return (lr) => {
        for (let k = 0; k < params.length; k++) {
          const p = params[k];
          const w = p.value;
          const g = p.grad;
          const decay = p.decay ? l2 : 0;
          const lasso = p.decay ? l1 : 0;
          if (w.length >= KERNEL_MIN && kernels?.sgd(w, g, lr, decay, lasso)) continue;
          if (lasso === 0) for (let i = 0; i < w.length; i++) w[i] -= lr * (g[i] + decay * w[i]);
          else
            for (let i = 0; i < w.length; i++)
              w[i] -= lr * (g[i] + decay * w[i] + lasso * sign(w[i]));
        }
      };
    case 'momentum': {
      const mu = config.momentum ?? 0.9;
      const velocity = slots.velocity;
      return (lr) => {
        for (let k = 0; k < params.length; k++) {
          const p = params[k];
          const w = p.value;
          const g = p.grad;
          const v = velocity[k];
          const decay = p.decay ? l2 : 0;
          const lasso = p.decay ? l1 : 0;
          if (w.length >= KERNEL_MIN && kernels?.momentum(w, g, v, lr, mu, decay, lasso)) continue;
          if (lasso === 0)
            for (let i = 0; i < w.length; i++) {
              v[i] = mu * v[i] + g[i] + decay * w[i];
              w[i] -= lr * v[i];
            }
          else
            for (let i = 0; i < w.length; i++) {
              v[i] = mu * v[i] + g[i] + decay * w[i] + lasso * sign(w[i]);
              w[i] -= lr * v[i];
            }
        }
      };
    }
    case 'adam': {
      const b1 = config.beta1 ?? 0.9;
      const b2 = config.beta2 ?? 0.999;
      const eps = config.epsilon ?? 1e-8;
      const first = slots.m;
      const second = slots.v;
      return (lr, t) => {
        const c1 = 1 / (1 - Math.pow(b1, t));
        const c2 = 1 / (1 - Math.pow(b2, t));
        for (let k = 0; k < params.length; k++) {
          const p = params[k];
          const w = p.value;
          const g = p.grad;
          const m1 = first[k];
          const m2 = second[k];
          const decay = p.decay ? l2 : 0;
          const lasso = p.decay ? l1 : 0;
          if (
            w.length >= KERNEL_MIN &&
            kernels?.adam(w, g, m1, m2, lr, b1, b2, c1, c2, eps, decay, lasso)
          )
            continue;
          for (let i = 0; i < w.length; i++) {
            const gi = g[i] + decay * w[i] + (lasso === 0 ? 0 : lasso * sign(w[i]));
            m1[i] = b1 * m1[i] + (1 - b1) * gi;
            m2[i] = b2 * m2[i] + (1 - b2) * gi * gi;
            w[i] -= (lr * m1[i] * c1) / (Math.sqrt(m2[i] * c2) + eps);
          }
        }
      };
    }
  }
}
