/**
 * Update rules. They see only the network's parameters (value and gradient);
 * L2 weight decay adds l2·W to the gradient of weights, not biases.
 *
 * - sgd:      w ← w − λ g
 * - momentum: v ← μ v + g;  w ← w − λ v
 * - adam:     m ← β₁m + (1−β₁)g;  v ← β₂v + (1−β₂)g²;
 *             w ← w − λ m̂ / (√v̂ + ε),  m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ)
 */
import type { Param } from './network';

export type OptimizerName = 'sgd' | 'momentum' | 'adam';

/** The settings an update rule reads; the training settings (TrainConfig in train.ts) extend them. */
export interface OptimizerConfig {
  optimizer: OptimizerName;
  /** L2 weight decay: adds l2·W to ∂L/∂W (biases are not decayed). */
  l2: number;
  /** momentum: velocity decay (default 0.9). */
  momentum?: number;
  /** adam (defaults 0.9, 0.999, 1e-8). */
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

export interface Optimizer {
  /** Applies one update with the gradients currently in the parameters. */
  update(learningRate: number): void;
}

export function createOptimizer(params: readonly Param[], config: OptimizerConfig): Optimizer {
  const l2 = config.l2;
  const state = () => params.map((p) => new Float64Array(p.rows * p.cols));
  switch (config.optimizer) {
    case 'sgd':
      return {
        update(lr) {
          for (let k = 0; k < params.length; k++) {
            const p = params[k];
            const w = p.value;
            const g = p.grad;
            const decay = p.decay ? l2 : 0;
            for (let i = 0; i < w.length; i++) w[i] -= lr * (g[i] + decay * w[i]);
          }
        },
      };
    case 'momentum': {
      const mu = config.momentum ?? 0.9;
      const velocity = state();
      return {
        update(lr) {
          for (let k = 0; k < params.length; k++) {
            const p = params[k];
            const w = p.value;
            const g = p.grad;
            const v = velocity[k];
            const decay = p.decay ? l2 : 0;
            for (let i = 0; i < w.length; i++) {
              v[i] = mu * v[i] + g[i] + decay * w[i];
              w[i] -= lr * v[i];
            }
          }
        },
      };
    }
    case 'adam': {
      const b1 = config.beta1 ?? 0.9;
      const b2 = config.beta2 ?? 0.999;
      const eps = config.epsilon ?? 1e-8;
      const first = state();
      const second = state();
      let t = 0;
      return {
        update(lr) {
          t++;
          const c1 = 1 / (1 - Math.pow(b1, t));
          const c2 = 1 / (1 - Math.pow(b2, t));
          for (let k = 0; k < params.length; k++) {
            const p = params[k];
            const w = p.value;
            const g = p.grad;
            const m1 = first[k];
            const m2 = second[k];
            const decay = p.decay ? l2 : 0;
            for (let i = 0; i < w.length; i++) {
              const gi = g[i] + decay * w[i];
              m1[i] = b1 * m1[i] + (1 - b1) * gi;
              m2[i] = b2 * m2[i] + (1 - b2) * gi * gi;
              w[i] -= (lr * m1[i] * c1) / (Math.sqrt(m2[i] * c2) + eps);
            }
          }
        },
      };
    }
  }
}
