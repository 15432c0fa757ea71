/**
 * Activation functions, each paired with its derivative (TensorFlow
 * Playground's `{ name, fn, der }` table). The derivative takes both z and
 * a = f(z), so sigmoid and tanh reuse the forward value.
 *
 * Backward through an element-wise activation (seed notes §3):
 *   ∂L/∂z = ∂L/∂a ⊙ f′(z)        (shapes m × width)
 * Softmax is not element-wise; it has its own row-wise rule below.
 */
import type { ActivationFn } from './graph';
import type { Float } from './backend';

export interface Activation {
  name: ActivationFn;
  /** The formula, as the app shows it. */
  formula: string;
  derivative: string;
  fn: (z: number, alpha: number) => number;
  der: (z: number, a: number, alpha: number) => number;
}

const sigmoid = (z: number): number =>
  z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));

export const ACTIVATION_TABLE: Record<Exclude<ActivationFn, 'softmax'>, Activation> = {
  linear: { name: 'linear', formula: 'a = z', derivative: 'f′(z) = 1', fn: (z) => z, der: () => 1 },
  sigmoid: {
    name: 'sigmoid',
    formula: 'σ(z) = 1 / (1 + e^(−z))',
    derivative: 'σ′(z) = σ(z)(1 − σ(z))',
    fn: sigmoid,
    der: (_z, a) => a * (1 - a),
  },
  tanh: {
    name: 'tanh',
    formula: 'a = tanh(z)',
    derivative: 'f′(z) = 1 − tanh²(z)',
    fn: Math.tanh,
    der: (_z, a) => 1 - a * a,
  },
  relu: {
    name: 'relu',
    formula: 'a = max(0, z)',
    derivative: 'f′(z) = 1 if z > 0, else 0',
    fn: (z) => (z > 0 ? z : 0),
    der: (z) => (z > 0 ? 1 : 0),
  },
  leaky_relu: {
    name: 'leaky_relu',
    formula: 'a = z if z > 0, else αz',
    derivative: 'f′(z) = 1 if z > 0, else α',
    fn: (z, alpha) => (z > 0 ? z : alpha * z),
    der: (z, _a, alpha) => (z > 0 ? 1 : alpha),
  },
};

/**
 * tanh to float32 precision (|error| < 3e-7) at about twice the speed of
 * Math.tanh: a 13/6 rational fit on [−7.9, 7.9] (the one Eigen uses for
 * float), ±1 outside. Used only when tensors are stored as float32; float64
 * networks (gradient checks) use Math.tanh.
 */
export function tanhFloat32(x: number): number {
  if (x > 7.90531110763549805) return 1;
  if (x < -7.90531110763549805) return -1;
  if (x < 0.0004 && x > -0.0004) return x;
  const x2 = x * x;
  let p = -2.76076847742355e-16;
  p = p * x2 + 2.00018790482477e-13;
  p = p * x2 - 8.60467152213735e-11;
  p = p * x2 + 5.12229709037114e-8;
  p = p * x2 + 1.48572235717979e-5;
  p = p * x2 + 6.37261928875436e-4;
  p = p * x2 + 4.89352455891786e-3;
  let q = 1.19825839466702e-6;
  q = q * x2 + 1.18534705686654e-4;
  q = q * x2 + 2.268434632439e-3;
  q = q * x2 + 4.89352518554385e-3;
  return (p * x) / q;
}

/** a = f(z) over the first n values. Loops are specialised per function: this is the hot path. */
export function activate(
  fn: ActivationFn,
  alpha: number,
  z: Float,
  a: Float,
  n: number,
  width: number,
): void {
  switch (fn) {
    case 'linear':
      for (let i = 0; i < n; i++) a[i] = z[i];
      return;
    case 'sigmoid':
      for (let i = 0; i < n; i++) a[i] = sigmoid(z[i]);
      return;
    case 'tanh':
      if (a instanceof Float32Array) for (let i = 0; i < n; i++) a[i] = tanhFloat32(z[i]);
      else for (let i = 0; i < n; i++) a[i] = Math.tanh(z[i]);
      return;
    case 'relu':
      for (let i = 0; i < n; i++) a[i] = z[i] > 0 ? z[i] : 0;
      return;
    case 'leaky_relu':
      for (let i = 0; i < n; i++) a[i] = z[i] > 0 ? z[i] : alpha * z[i];
      return;
    case 'softmax':
      softmaxRows(z, a, n / width, width);
      return;
  }
}

/**
 * ∂L/∂z from ∂L/∂a (`g`) over the first n values.
 * Softmax, row by row: ∂L/∂zᵢ = aᵢ (gᵢ − Σⱼ gⱼ aⱼ).
 */
export function activationBackward(
  fn: ActivationFn,
  alpha: number,
  z: Float,
  a: Float,
  g: Float,
  dz: Float,
  n: number,
  width: number,
): void {
  switch (fn) {
    case 'linear':
      for (let i = 0; i < n; i++) dz[i] = g[i];
      return;
    case 'sigmoid':
      for (let i = 0; i < n; i++) dz[i] = g[i] * a[i] * (1 - a[i]);
      return;
    case 'tanh':
      for (let i = 0; i < n; i++) dz[i] = g[i] * (1 - a[i] * a[i]);
      return;
    case 'relu':
      for (let i = 0; i < n; i++) dz[i] = z[i] > 0 ? g[i] : 0;
      return;
    case 'leaky_relu':
      for (let i = 0; i < n; i++) dz[i] = z[i] > 0 ? g[i] : alpha * g[i];
      return;
    case 'softmax':
      for (let r = 0; r < n; r += width) {
        let dot = 0;
        for (let j = 0; j < width; j++) dot += g[r + j] * a[r + j];
        for (let j = 0; j < width; j++) dz[r + j] = a[r + j] * (g[r + j] - dot);
      }
      return;
  }
}

/** Softmax of each row, shifted by the row's maximum so exp never overflows. */
export function softmaxRows(z: Float, a: Float, rows: number, width: number): void {
  for (let r = 0, o = 0; r < rows; r++, o += width) {
    let max = -Infinity;
    for (let j = 0; j < width; j++) if (z[o + j] > max) max = z[o + j];
    let sum = 0;
    for (let j = 0; j < width; j++) {
      const e = Math.exp(z[o + j] - max);
      a[o + j] = e;
      sum += e;
    }
    for (let j = 0; j < width; j++) a[o + j] /= sum;
  }
}
