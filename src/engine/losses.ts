/**
 * Loss functions: one record per loss (value, gradient, formulas), used by
 * the network's hot path and by step mode. Gradients are with respect to the
 * prediction a (shape m × w, targets y of the same shape).
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

/**
 * The symbols step mode writes a loss with, for a network with K outputs:
 * `a` and `y` one prediction and its target (`a^{(2)}_{k,i}`, `y_{k,i}`),
 * `vecA` the whole prediction (`\mathbf{a}^{(2)}`), `partial(x)` ∂L/∂x.
 */
export interface LossSymbols {
  a: string;
  y: string;
  vecA: string;
  K: number;
  partial: (x: string) => string;
}

export interface Loss {
  name: LossFn;
  /** The loss over the first m rows of a and y (m × width). */
  value(a: Float, y: Float, m: number, width: number): number;
  /** ∂L/∂a over the first m rows, written to `out`. */
  gradient(a: Float, y: Float, m: number, width: number, out: Float): void;
  /** How many terms the mean is over: m·width, or m for cross-entropy. */
  count(m: number, width: number): number;
  /** Plain-text formulas of L and ∂L/∂a (docs, tooltips). */
  formula: string;
  gradientText: string;
  /** KaTeX of L and ∂L/∂a, in step mode's symbols. */
  tex: { value(s: LossSymbols): string; gradient(s: LossSymbols): string };
}

/** Keeps log() finite where a prediction reaches 0 or 1 exactly. */
const TINY = 1e-15;
const log = (x: number): number => Math.log(x < TINY ? TINY : x);

/** The mean's denominator and sums over samples (and outputs, with more than one). */
const denom = (K: number) => (K === 1 ? 'm' : `m \\cdot ${K}`);
const sums = (K: number) => (K === 1 ? '\\sum_{i=1}^{m}' : `\\sum_{i=1}^{m}\\sum_{k=1}^{${K}}`);

export const LOSS_TABLE: Record<LossFn, Loss> = {
  mse: {
    name: 'mse',
    value(a, y, m, width) {
      const n = m * width;
      let sum = 0;
      for (let i = 0; i < n; i++) {
        const d = a[i] - y[i];
        sum += d * d;
      }
      return sum / n;
    },
    gradient(a, y, m, width, out) {
      const n = m * width;
      const s = 2 / n;
      for (let i = 0; i < n; i++) out[i] = s * (a[i] - y[i]);
    },
    count: (m, width) => m * width,
    formula: 'L = 1/(m·w) Σ (a − y)²  (w outputs; 1/m Σ (a − y)² for one)',
    gradientText: '∂L/∂a = 2(a − y)/(m·w)',
    tex: {
      value: (s) => `L = \\frac{1}{${denom(s.K)}} ${sums(s.K)} \\left(${s.a} - ${s.y}\\right)^2`,
      gradient: (s) =>
        `${s.partial(s.vecA)} = \\frac{2}{${denom(s.K)}}\\left(${s.vecA} - \\mathbf{y}\\right)`,
    },
  },
  bce: {
    name: 'bce',
    value(a, y, m, width) {
      const n = m * width;
      let sum = 0;
      for (let i = 0; i < n; i++) sum -= y[i] * log(a[i]) + (1 - y[i]) * log(1 - a[i]);
      return sum / n;
    },
    gradient(a, y, m, width, out) {
      const n = m * width;
      for (let i = 0; i < n; i++) {
        const p = Math.min(Math.max(a[i], TINY), 1 - TINY);
        out[i] = (p - y[i]) / (p * (1 - p) * n);
      }
    },
    count: (m, width) => m * width,
    formula: 'L = −1/(m·w) Σ [y log a + (1 − y) log(1 − a)]  (w outputs; 1/m for one)',
    gradientText: '∂L/∂a = (a − y) / (m·w · a(1 − a))',
    tex: {
      value: (s) =>
        `L = -\\frac{1}{${denom(s.K)}} ${sums(s.K)} \\Bigl[${s.y} \\log ${s.a} + (1 - ${s.y}) \\log\\bigl(1 - ${s.a}\\bigr)\\Bigr]`,
      gradient: (s) =>
        `${s.partial(s.a)} = \\frac{${s.a} - ${s.y}}{${denom(s.K)} \\cdot ${s.a}\\,(1 - ${s.a})}`,
    },
  },
  /**
   * Mean over samples only. After a softmax the network fuses the two:
   * ∂L/∂z = (p − y)/m, finite even where p underflows to 0.
   */
  cross_entropy: {
    name: 'cross_entropy',
    value(a, y, m, width) {
      const n = m * width;
      let sum = 0;
      for (let i = 0; i < n; i++) if (y[i] !== 0) sum -= y[i] * log(a[i]);
      return sum / m;
    },
    gradient(a, y, m, width, out) {
      const n = m * width;
      for (let i = 0; i < n; i++) out[i] = y[i] === 0 ? 0 : -y[i] / (m * Math.max(a[i], TINY));
    },
    count: (m) => m,
    formula: 'L = −(1/m) Σᵢ Σₖ yᵢₖ log pᵢₖ',
    gradientText: '∂L/∂p = −y/(m·p);  after softmax, fused: ∂L/∂z = (p − y)/m',
    tex: {
      value: (s) => `L = -\\frac{1}{m} \\sum_{i=1}^{m}\\sum_{k=1}^{${s.K}} y_{k,i} \\log p_{k,i}`,
      gradient: (s) => `${s.partial('p_{k,i}')} = -\\frac{y_{k,i}}{m\\, p_{k,i}}`,
    },
  },
};

/** The fused softmax + cross-entropy gradient ∂L/∂z, as step mode shows it. */
export const FUSED_TEX = '\\frac{1}{m}\\left(\\mathbf{p} - \\mathbf{y}\\right)';

/** The loss over the first m rows. */
export function lossValue(fn: LossFn, a: Float, y: Float, m: number, width: number): number {
  return LOSS_TABLE[fn].value(a, y, m, width);
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
  LOSS_TABLE[fn].gradient(a, y, m, width, out);
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
