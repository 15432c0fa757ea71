/**
 * Activation functions: one record per function (TensorFlow Playground's
 * `{ name, fn, der }` table), holding everything about it in one place:
 *
 * - `fn` and `der`: the scalar function and its derivative. `der` takes both
 *   z and a = f(z), so sigmoid, tanh and elu reuse the forward value.
 * - `forward` and `backward`: the hot-path loops over n values, specialised
 *   per function (one call per layer, a tight loop inside).
 * - `tex`: the formulas step mode shows (KaTeX): the function's symbol, its
 *   definition and its derivative.
 *
 * Backward through an element-wise activation (seed notes §3):
 *   ∂L/∂z = ∂L/∂a ⊙ f′(z)        (shapes m × width)
 * Softmax is not element-wise: it acts on each row of `width` values, and
 * has no scalar `fn`/`der`.
 */
import type { ActivationFn } from './graph';
import type { Float } from './backend';

/** The formulas step mode shows. */
export interface ActivationTex {
  /** The function's symbol: `\sigma`, `\operatorname{relu}`. */
  apply: string;
  /** Its definition: `\sigma(z) = \frac{1}{1 + e^{-z}}`. */
  def: string;
  /** Its derivative (for softmax, the row-wise backward rule). */
  der: string;
}

/** What a backend may offer to speed an activation up (`Backend.tanh`). */
export interface ActivationBackend {
  tanh?(x: Float, out: Float, n: number): void;
}

interface ActivationBase {
  name: ActivationFn;
  /**
   * a = f(z) over the first n values (`width` values per row). With a
   * backend that offers a faster kernel for this function, uses it.
   */
  forward(
    z: Float,
    a: Float,
    n: number,
    width: number,
    alpha: number,
    backend?: ActivationBackend,
  ): void;
  /** ∂L/∂z (`dz`) from ∂L/∂a (`g`) over the first n values. */
  backward(z: Float, a: Float, g: Float, dz: Float, n: number, width: number, alpha: number): void;
  tex: ActivationTex;
}

export interface ElementwiseActivation extends ActivationBase {
  rowwise: false;
  fn: (z: number, alpha: number) => number;
  der: (z: number, a: number, alpha: number) => number;
}

export interface RowwiseActivation extends ActivationBase {
  rowwise: true;
}

/** Softmax acts on rows; every other function on single values. */
export type Activation = ElementwiseActivation | RowwiseActivation;
export type ElementwiseFn = Exclude<ActivationFn, 'softmax'>;

const sigmoid = (z: number): number =>
  z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));

/** softplus(z) = log(1 + eᶻ), written so eᶻ never overflows and small values keep their digits. */
const softplus = (z: number): number => (z > 0 ? z : 0) + Math.log1p(Math.exp(-Math.abs(z)));

/** √(2/π) and the cubic coefficient of GELU's tanh approximation (Hendrycks & Gimpel; TF's `approximate=True`). */
const GELU_C = Math.sqrt(2 / Math.PI);
const GELU_K = 0.044715;
const gelu = (z: number): number => 0.5 * z * (1 + Math.tanh(GELU_C * (z + GELU_K * z * z * z)));
/** gelu′(z) = ½(1 + t) + ½ z (1 − t²) √(2/π) (1 + 3·0.044715 z²), t = tanh(√(2/π)(z + 0.044715 z³)). */
function geluDer(z: number, t: number): number {
  return 0.5 * (1 + t) + 0.5 * z * (1 - t * t) * GELU_C * (1 + 3 * GELU_K * z * z);
}

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

/** The tanh a buffer deserves: float32 precision for float32 tensors, Math.tanh otherwise. */
const tanhFor = (a: Float): ((x: number) => number) =>
  a instanceof Float32Array ? tanhFloat32 : Math.tanh;

export const ACTIVATION_TABLE: {
  [K in ActivationFn]: K extends 'softmax' ? RowwiseActivation : ElementwiseActivation;
} = {
  linear: {
    name: 'linear',
    rowwise: false,
    fn: (z) => z,
    der: () => 1,
    forward(z, a, n) {
      for (let i = 0; i < n; i++) a[i] = z[i];
    },
    backward(_z, _a, g, dz, n) {
      for (let i = 0; i < n; i++) dz[i] = g[i];
    },
    tex: { apply: '\\operatorname{id}', def: '\\operatorname{id}(z) = z', der: "f'(z) = 1" },
  },
  sigmoid: {
    name: 'sigmoid',
    rowwise: false,
    fn: sigmoid,
    der: (_z, a) => a * (1 - a),
    forward(z, a, n) {
      for (let i = 0; i < n; i++) a[i] = sigmoid(z[i]);
    },
    backward(_z, a, g, dz, n) {
      for (let i = 0; i < n; i++) dz[i] = g[i] * a[i] * (1 - a[i]);
    },
    tex: {
      apply: '\\sigma',
      def: '\\sigma(z) = \\frac{1}{1 + e^{-z}}',
      der: "\\sigma'(z) = \\sigma(z)\\,\\bigl(1 - \\sigma(z)\\bigr)",
    },
  },
  tanh: {
    name: 'tanh',
    rowwise: false,
    fn: Math.tanh,
    der: (_z, a) => 1 - a * a,
    forward(z, a, n, _width, _alpha, backend) {
      if (backend?.tanh) backend.tanh(z, a, n);
      else if (a instanceof Float32Array) for (let i = 0; i < n; i++) a[i] = tanhFloat32(z[i]);
      else for (let i = 0; i < n; i++) a[i] = Math.tanh(z[i]);
    },
    backward(_z, a, g, dz, n) {
      for (let i = 0; i < n; i++) dz[i] = g[i] * (1 - a[i] * a[i]);
    },
    tex: {
      apply: '\\tanh',
      def: '\\tanh(z) = \\frac{e^{z} - e^{-z}}{e^{z} + e^{-z}}',
      der: "\\tanh'(z) = 1 - \\tanh^2(z)",
    },
  },
  relu: {
    name: 'relu',
    rowwise: false,
    fn: (z) => (z > 0 ? z : 0),
    der: (z) => (z > 0 ? 1 : 0),
    forward(z, a, n) {
      for (let i = 0; i < n; i++) a[i] = z[i] > 0 ? z[i] : 0;
    },
    backward(z, _a, g, dz, n) {
      for (let i = 0; i < n; i++) dz[i] = z[i] > 0 ? g[i] : 0;
    },
    tex: {
      apply: '\\operatorname{relu}',
      def: '\\operatorname{relu}(z) = \\max(0, z)',
      der: "\\operatorname{relu}'(z) = \\begin{cases} 1 & z > 0 \\\\ 0 & z \\le 0 \\end{cases}",
    },
  },
  leaky_relu: {
    name: 'leaky_relu',
    rowwise: false,
    fn: (z, alpha) => (z > 0 ? z : alpha * z),
    der: (z, _a, alpha) => (z > 0 ? 1 : alpha),
    forward(z, a, n, _width, alpha) {
      for (let i = 0; i < n; i++) a[i] = z[i] > 0 ? z[i] : alpha * z[i];
    },
    backward(z, _a, g, dz, n, _width, alpha) {
      for (let i = 0; i < n; i++) dz[i] = z[i] > 0 ? g[i] : alpha * g[i];
    },
    tex: {
      apply: '\\operatorname{lrelu}',
      def: '\\operatorname{lrelu}(z) = \\begin{cases} z & z > 0 \\\\ \\alpha z & z \\le 0 \\end{cases}',
      der: "\\operatorname{lrelu}'(z) = \\begin{cases} 1 & z > 0 \\\\ \\alpha & z \\le 0 \\end{cases}",
    },
  },
  /** α = 1, as tf.elu: eᶻ − 1 below zero, so elu′(z) = a + 1 there. */
  elu: {
    name: 'elu',
    rowwise: false,
    fn: (z) => (z > 0 ? z : Math.expm1(z)),
    der: (z, a) => (z > 0 ? 1 : a + 1),
    forward(z, a, n) {
      for (let i = 0; i < n; i++) a[i] = z[i] > 0 ? z[i] : Math.expm1(z[i]);
    },
    backward(z, a, g, dz, n) {
      for (let i = 0; i < n; i++) dz[i] = z[i] > 0 ? g[i] : g[i] * (a[i] + 1);
    },
    tex: {
      apply: '\\operatorname{elu}',
      def: '\\operatorname{elu}(z) = \\begin{cases} z & z > 0 \\\\ e^{z} - 1 & z \\le 0 \\end{cases}',
      der: "\\operatorname{elu}'(z) = \\begin{cases} 1 & z > 0 \\\\ e^{z} = \\operatorname{elu}(z) + 1 & z \\le 0 \\end{cases}",
    },
  },
  /** The tanh approximation (tf.nn.gelu(approximate=True), PyTorch's approximate='tanh'). */
  gelu: {
    name: 'gelu',
    rowwise: false,
    fn: gelu,
    der: (z) => geluDer(z, Math.tanh(GELU_C * (z + GELU_K * z * z * z))),
    forward(z, a, n) {
      const tanh = tanhFor(a);
      for (let i = 0; i < n; i++) {
        const x = z[i];
        a[i] = 0.5 * x * (1 + tanh(GELU_C * (x + GELU_K * x * x * x)));
      }
    },
    backward(z, a, g, dz, n) {
      // tanh(u) again rather than from a: a/z loses every digit near z = 0.
      const tanh = tanhFor(a);
      for (let i = 0; i < n; i++) {
        const x = z[i];
        dz[i] = g[i] * geluDer(x, tanh(GELU_C * (x + GELU_K * x * x * x)));
      }
    },
    tex: {
      apply: '\\operatorname{gelu}',
      def: '\\operatorname{gelu}(z) = \\tfrac{1}{2}\\,z\\,\\bigl(1 + \\tanh u\\bigr), \\quad u = \\sqrt{2/\\pi}\\,\\bigl(z + 0.044715\\,z^3\\bigr)',
      der: "\\operatorname{gelu}'(z) = \\tfrac{1}{2}\\bigl(1 + \\tanh u\\bigr) + \\tfrac{1}{2}\\,z\\,\\bigl(1 - \\tanh^2 u\\bigr)\\sqrt{2/\\pi}\\,\\bigl(1 + 0.134145\\,z^2\\bigr)",
    },
  },
  /** log(1 + eᶻ), a smooth relu; its derivative is the sigmoid. */
  softplus: {
    name: 'softplus',
    rowwise: false,
    fn: softplus,
    der: (z) => sigmoid(z),
    forward(z, a, n) {
      for (let i = 0; i < n; i++) a[i] = softplus(z[i]);
    },
    backward(z, _a, g, dz, n) {
      for (let i = 0; i < n; i++) dz[i] = g[i] * sigmoid(z[i]);
    },
    tex: {
      apply: '\\operatorname{softplus}',
      def: '\\operatorname{softplus}(z) = \\log\\bigl(1 + e^{z}\\bigr)',
      der: "\\operatorname{softplus}'(z) = \\sigma(z) = \\frac{1}{1 + e^{-z}}",
    },
  },
  /**
   * Row by row: pᵢ = e^{zᵢ} / Σⱼ e^{zⱼ};  ∂L/∂zᵢ = pᵢ (gᵢ − Σⱼ gⱼ pⱼ).
   * (After cross-entropy the network fuses the two instead: ∂L/∂z = (p − y)/m.)
   */
  softmax: {
    name: 'softmax',
    rowwise: true,
    forward(z, a, n, width) {
      softmaxRows(z, a, n / width, width);
    },
    backward(_z, a, g, dz, n, width) {
      for (let r = 0; r < n; r += width) {
        let dot = 0;
        for (let j = 0; j < width; j++) dot += g[r + j] * a[r + j];
        for (let j = 0; j < width; j++) dz[r + j] = a[r + j] * (g[r + j] - dot);
      }
    },
    tex: {
      apply: '\\operatorname{softmax}',
      def: 'p_{k,i} = \\frac{e^{z_{k,i}}}{\\sum_{c} e^{z_{c,i}}}',
      der: '\\frac{\\partial L}{\\partial z_{k,i}} = p_{k,i}\\Bigl(g_{k,i} - \\sum_{c} g_{c,i}\\,p_{c,i}\\Bigr)',
    },
  },
};

/** a = f(z) over the first n values (`width` per row); a backend's tanh kernel if given. */
export function activate(
  fn: ActivationFn,
  alpha: number,
  z: Float,
  a: Float,
  n: number,
  width: number,
  backend?: ActivationBackend,
): void {
  ACTIVATION_TABLE[fn].forward(z, a, n, width, alpha, backend);
}

/** ∂L/∂z from ∂L/∂a (`g`) over the first n values. */
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
  ACTIVATION_TABLE[fn].backward(z, a, g, dz, n, width, alpha);
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
