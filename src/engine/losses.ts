/**
 * Loss functions and their gradients with respect to the prediction a
 * (shape m × w, targets y of the same shape).
 *
 * - mse: L = 1/(m·w) Σ (a − y)²,  ∂L/∂a = 2(a − y) / (m·w).
 *   For one output this is the seed notes' (1/m) Σᵢ (aᵢ − yᵢ)².
 * - bce: L = −1/(m·w) Σ [y log a + (1 − y) log(1 − a)],
 *   ∂L/∂a = (a − y) / (a(1 − a)) / (m·w).
 * - cross_entropy: L = −1/m Σᵢ Σₖ yᵢₖ log pᵢₖ,  ∂L/∂p = −y / (m·p).
 *   After a softmax the two are fused: ∂L/∂z = (p − y) / m, which stays
 *   finite when p underflows to 0.
 */
import type { LossFn } from './graph';
import type { Float } from './backend';

export interface LossInfo {
  name: LossFn;
  formula: string;
  gradient: string;
}

export const LOSS_TABLE: Record<LossFn, LossInfo> = {
  mse: { name: 'mse', formula: 'L = (1/m) Σ (a − y)²', gradient: '∂L/∂a = (2/m)(a − y)' },
  bce: {
    name: 'bce',
    formula: 'L = −(1/m) Σ [y log a + (1 − y) log(1 − a)]',
    gradient: '∂L/∂a = (a − y) / (m a (1 − a))',
  },
  cross_entropy: {
    name: 'cross_entropy',
    formula: 'L = −(1/m) Σᵢ Σₖ yᵢₖ log pᵢₖ',
    gradient: '∂L/∂z = (p − y)/m  (fused with softmax)',
  },
};

/** Keeps log() finite where a prediction reaches 0 or 1 exactly. */
const TINY = 1e-15;
const log = (x: number): number => Math.log(x < TINY ? TINY : x);

/** The loss over the first m rows. */
export function lossValue(fn: LossFn, a: Float, y: Float, m: number, width: number): number {
  const n = m * width;
  let sum = 0;
  switch (fn) {
    case 'mse':
      for (let i = 0; i < n; i++) {
        const d = a[i] - y[i];
        sum += d * d;
      }
      return sum / n;
    case 'bce':
      for (let i = 0; i < n; i++) sum -= y[i] * log(a[i]) + (1 - y[i]) * log(1 - a[i]);
      return sum / n;
    case 'cross_entropy':
      for (let i = 0; i < n; i++) if (y[i] !== 0) sum -= y[i] * log(a[i]);
      return sum / m;
  }
}

/** ∂L/∂a over the first m rows, written to `out`. */
export function lossGradient(
  fn: LossFn,
  a: Float,
  y: Float,
  m: number,
  width: number,
  out: Float,
): void {
  const n = m * width;
  switch (fn) {
    case 'mse': {
      const s = 2 / n;
      for (let i = 0; i < n; i++) out[i] = s * (a[i] - y[i]);
      return;
    }
    case 'bce':
      for (let i = 0; i < n; i++) {
        const p = Math.min(Math.max(a[i], TINY), 1 - TINY);
        out[i] = (p - y[i]) / (p * (1 - p) * n);
      }
      return;
    case 'cross_entropy':
      for (let i = 0; i < n; i++) out[i] = y[i] === 0 ? 0 : -y[i] / (m * Math.max(a[i], TINY));
      return;
  }
}

/**
 * Share of correct predictions in the first m rows, or undefined for regression.
 * cross_entropy: the largest probability names the class; bce: a > 0.5 means 1.
 */
export function accuracyCount(
  fn: LossFn,
  a: Float,
  y: Float,
  m: number,
  width: number,
): number | undefined {
  if (fn === 'mse') return undefined;
  let correct = 0;
  if (fn === 'cross_entropy') {
    for (let r = 0, o = 0; r < m; r++, o += width) {
      let best = 0;
      let truth = 0;
      for (let j = 1; j < width; j++) {
        if (a[o + j] > a[o + best]) best = j;
        if (y[o + j] > y[o + truth]) truth = j;
      }
      if (best === truth) correct++;
    }
    return correct;
  }
  for (let r = 0, o = 0; r < m; r++, o += width) {
    let all = true;
    for (let j = 0; j < width; j++) if (a[o + j] > 0.5 !== y[o + j] > 0.5) all = false;
    if (all) correct++;
  }
  return correct;
}
