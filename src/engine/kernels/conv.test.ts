import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Backend, Float } from '../backend';
import { createJsBackend } from '../backend-js';
import { Rng } from '../random';
import { scaledError } from '../testing/gradients';
import { createWasmBackend } from './backend-wasm';
import {
  avgPoolBackward,
  avgPoolForward,
  conv2dBackward,
  conv2dForward,
  conv2dGeometry,
  conv2dScratchSize,
  convOutSize,
  maxPoolBackward,
  maxPoolForward,
  padBefore,
  window2d,
  type Conv2d,
  type Padding,
  type Window2d,
} from './conv';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

const js = createJsBackend('float64');

function random(n: number, rng: Rng, scale = 1): Float64Array {
  return Float64Array.from({ length: n }, () => rng.uniform(-scale, scale));
}

/** Largest |a − b| relative to max(|a|, |b|, floor). */
function relError(a: ArrayLike<number>, b: ArrayLike<number>, floor = 1e-7): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]) / Math.max(Math.abs(a[i]), Math.abs(b[i]), floor);
    worst = Math.max(worst, d);
  }
  return worst;
}

/** Central differences of f at every entry of p. */
function numericGradient(p: Float64Array, f: () => number, eps = 1e-5): Float64Array {
  const g = new Float64Array(p.length);
  for (let i = 0; i < p.length; i++) {
    const keep = p[i];
    p[i] = keep + eps;
    const up = f();
    p[i] = keep - eps;
    const down = f();
    p[i] = keep;
    g[i] = (up - down) / (2 * eps);
  }
  return g;
}

const dot = (a: Float, b: Float): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};

describe('output sizes and padding (TF rules)', () => {
  it('same: ⌈in/s⌉ with the odd pad cell after; valid: ⌈(in−k+1)/s⌉', () => {
    expect(convOutSize(8, 3, 1, 'same')).toBe(8);
    expect(convOutSize(7, 3, 2, 'same')).toBe(4);
    expect(padBefore(7, 3, 2, 'same')).toBe(1); // total (4−1)·2+3−7 = 2
    expect(padBefore(8, 3, 2, 'same')).toBe(0); // total (4−1)·2+3−8 = 1, after
    expect(padBefore(6, 4, 1, 'same')).toBe(1); // total 3: 1 before, 2 after
    expect(convOutSize(8, 3, 1, 'valid')).toBe(6);
    expect(convOutSize(7, 3, 2, 'valid')).toBe(3);
    expect(convOutSize(2, 3, 1, 'valid')).toBe(0);
    expect(padBefore(7, 3, 2, 'valid')).toBe(0);
  });

  it('sizes the col scratch for the batch, or for as many samples as the budget holds', () => {
    const g = conv2dGeometry(8, 8, 1, 8, 3, 1, 'same');
    expect(conv2dScratchSize(g, 32)).toBe(32 * 64 * 9);
    expect(conv2dScratchSize(g, 32, 64 * 9 * 5 + 7)).toBe(5 * 64 * 9);
    expect(conv2dScratchSize(g, 32, 10)).toBe(64 * 9);
    expect(conv2dScratchSize(conv2dGeometry(8, 8, 4, 8, 1, 1, 'same'), 32)).toBe(0);
  });
});

type ConvCase = [
  h: number,
  w: number,
  cin: number,
  filters: number,
  k: number,
  s: number,
  Padding,
  m: number,
];
const convCases: ConvCase[] = [
  [5, 5, 1, 2, 3, 1, 'same', 2],
  [6, 6, 2, 3, 3, 2, 'same', 2],
  [7, 5, 3, 2, 3, 2, 'valid', 3],
  [6, 7, 2, 4, 2, 2, 'same', 1],
  [7, 7, 2, 3, 4, 3, 'same', 2],
  [8, 8, 1, 8, 3, 1, 'same', 4],
  [5, 6, 3, 2, 1, 1, 'valid', 2],
  [6, 5, 2, 3, 3, 1, 'valid', 2],
  [3, 2, 1, 2, 5, 1, 'same', 2], // kernel larger than the image
  [9, 9, 2, 2, 3, 4, 'valid', 2], // stride larger than the kernel: cells skipped
];

type PoolCase = [h: number, w: number, c: number, size: number, s: number, Padding, m: number];
const poolCases: PoolCase[] = [
  [4, 4, 2, 2, 2, 'valid', 2],
  [5, 5, 3, 2, 2, 'same', 2],
  [5, 7, 2, 3, 2, 'same', 2],
  [6, 6, 1, 3, 1, 'valid', 3],
  [7, 7, 2, 3, 2, 'valid', 1],
  [5, 5, 2, 2, 1, 'same', 2],
  [8, 8, 8, 2, 2, 'valid', 2],
  [3, 3, 1, 5, 2, 'same', 2], // window larger than the image
  [7, 7, 2, 2, 3, 'valid', 2], // stride larger than the window
];

const label = (c: (number | string)[]): string => c.join(',');

interface ConvRun {
  g: Conv2d;
  x: Float64Array;
  W: Float64Array;
  b: Float64Array;
  /** Weights of the test loss L = Σ R ⊙ y, i.e. ∂L/∂y = R. */
  R: Float64Array;
}

function convSetup(c: ConvCase, seed: number): ConvRun {
  const [h, w, cin, filters, k, s, pad, m] = c;
  const g = conv2dGeometry(h, w, cin, filters, k, s, pad);
  const rng = new Rng(seed);
  return {
    g,
    x: random(m * h * w * cin, rng),
    W: random(g.patch * filters, rng),
    b: random(filters, rng),
    R: random(m * g.oh * g.ow * filters, rng),
  };
}

function convForward(be: Backend, r: ConvRun, m: number, col: Float): Float64Array {
  const y = new Float64Array(r.R.length);
  conv2dForward(be, r.g, m, r.x, r.W, r.b, y, col);
  return y;
}

/** The float64 reference: the run's output, and the gradients of R · y. */
function convReference(r: ConvRun, m: number) {
  const col = new Float64Array(conv2dScratchSize(r.g, m));
  const y = convForward(js, r, m, col);
  const dW = new Float64Array(r.W.length);
  const db = new Float64Array(r.b.length);
  const dx = new Float64Array(r.x.length);
  conv2dBackward(js, r.g, m, r.x, r.W, r.R, dW, db, dx, col);
  return { y, dW, db, dx };
}

describe('conv2d', () => {
  for (const c of convCases) {
    const m = c[7];
    it(`gradients match finite differences [${label(c)}]`, () => {
      const r = convSetup(c, 1);
      const col = new Float64Array(conv2dScratchSize(r.g, m));
      const loss = (): number => dot(convForward(js, r, m, col), r.R);
      const dW = new Float64Array(r.W.length);
      const db = new Float64Array(r.b.length);
      const dx = new Float64Array(r.x.length).fill(NaN);
      conv2dBackward(js, r.g, m, r.x, r.W, r.R, dW, db, dx, col);
      expect(relError(dW, numericGradient(r.W, loss))).toBeLessThan(1e-6);
      expect(relError(db, numericGradient(r.b, loss))).toBeLessThan(1e-6);
      expect(relError(dx, numericGradient(r.x, loss))).toBeLessThan(1e-6);
    });

    it(`matches tf.conv2d and its gradients [${label(c)}]`, () => {
      const [h, w, cin, filters, k, s, pad] = c;
      const r = convSetup(c, 2);
      const { y, dW, db, dx } = convReference(r, m);

      const X = tf.tensor4d(Array.from(r.x), [m, h, w, cin]);
      const Wt = tf.tensor4d(Array.from(r.W), [k, k, cin, filters]);
      const B = tf.tensor1d(Array.from(r.b));
      const R = tf.tensor4d(Array.from(r.R), [m, r.g.oh, r.g.ow, filters]);
      const f = (a: tf.Tensor, wt: tf.Tensor, bt: tf.Tensor): tf.Tensor =>
        tf.add(tf.conv2d(a as tf.Tensor4D, wt as tf.Tensor4D, s, pad), bt);
      const Y = f(X, Wt, B);
      expect(Y.shape).toEqual([m, r.g.oh, r.g.ow, filters]);
      const [gx, gw, gb] = tf.grads((a, wt, bt) => tf.sum(tf.mul(f(a, wt, bt), R)))([X, Wt, B]);
      expect(scaledError(y, Y.dataSync())).toBeLessThan(1e-5);
      expect(scaledError(dx, gx.dataSync())).toBeLessThan(1e-5);
      expect(scaledError(dW, gw.dataSync())).toBeLessThan(1e-5);
      expect(scaledError(db, gb.dataSync())).toBeLessThan(1e-5);
      tf.dispose([X, Wt, B, R, Y, gx, gw, gb]);
    });
  }

  it('gives the same results when the scratch holds one sample at a time', () => {
    const c: ConvCase = [6, 6, 2, 3, 3, 2, 'same', 5];
    const r = convSetup(c, 3);
    const whole = new Float64Array(conv2dScratchSize(r.g, 5));
    const one = new Float64Array(conv2dScratchSize(r.g, 5, 1) + 3);
    expect(one.length).toBeLessThan(whole.length);
    const grads = (col: Float64Array): Float64Array[] => {
      const dW = new Float64Array(r.W.length);
      const db = new Float64Array(r.b.length);
      const dx = new Float64Array(r.x.length);
      conv2dBackward(js, r.g, 5, r.x, r.W, r.R, dW, db, dx, col);
      return [convForward(js, r, 5, col), dW, db, dx];
    };
    const a = grads(whole);
    const b = grads(one);
    for (let i = 0; i < a.length; i++) expect(relError(a[i], b[i])).toBeLessThan(1e-12);
  });

  it('reuses the forward patches in the backward only when they are still in col', () => {
    const c: ConvCase = [6, 6, 2, 3, 3, 2, 'same', 3];
    const r = convSetup(c, 6);
    const grads = (col: Float64Array, ready: boolean, withDx: boolean): Float64Array[] => {
      const dW = new Float64Array(r.W.length);
      const dx = new Float64Array(r.x.length);
      conv2dBackward(js, r.g, 3, r.x, r.W, r.R, dW, null, withDx ? dx : null, col, ready);
      return [dW, dx];
    };
    const whole = new Float64Array(conv2dScratchSize(r.g, 3));
    const y = new Float64Array(r.R.length);
    expect(conv2dForward(js, r.g, 3, r.x, r.W, null, y, whole)).toBe(true);
    const fresh = grads(new Float64Array(whole.length), false, false);
    const reused = grads(whole, true, false);
    expect(Array.from(reused[0])).toEqual(Array.from(fresh[0]));
    // Without dx the patches survive the backward; with dx they do not.
    const dW = new Float64Array(r.W.length);
    expect(conv2dBackward(js, r.g, 3, r.x, r.W, r.R, dW, null, null, whole, true)).toBe(true);
    const dx = new Float64Array(r.x.length);
    expect(conv2dBackward(js, r.g, 3, r.x, r.W, r.R, dW, null, dx, whole, true)).toBe(false);
    // A chunked batch leaves only its last chunk in col.
    const one = new Float64Array(conv2dScratchSize(r.g, 3, 1));
    expect(conv2dForward(js, r.g, 3, r.x, r.W, null, y, one)).toBe(false);
  });

  it('leaves out the bias and the input gradient when asked', () => {
    const c: ConvCase = [5, 5, 2, 2, 3, 1, 'same', 2];
    const r = convSetup(c, 4);
    const col = new Float64Array(conv2dScratchSize(r.g, 2));
    const y = new Float64Array(r.R.length);
    conv2dForward(js, r.g, 2, r.x, r.W, null, y, col);
    const withBias = convForward(js, r, 2, col);
    for (let i = 0; i < y.length; i++) expect(withBias[i] - y[i]).toBeCloseTo(r.b[i % 2], 12);
    const dW = new Float64Array(r.W.length);
    conv2dBackward(js, r.g, 2, r.x, r.W, r.R, dW, null, null, col);
    expect(dW.some((v) => v !== 0)).toBe(true);
  });

  it('refuses a scratch too small for one sample', () => {
    const r = convSetup([5, 5, 1, 2, 3, 1, 'same', 1], 5);
    const y = new Float64Array(r.R.length);
    expect(() => conv2dForward(js, r.g, 1, r.x, r.W, r.b, y, new Float64Array(10))).toThrow(
      /scratch/,
    );
  });
});

interface PoolRun {
  g: Window2d;
  x: Float64Array;
  R: Float64Array;
}

function poolSetup(c: PoolCase, seed: number): PoolRun {
  const [h, w, ch, size, s, pad, m] = c;
  const g = window2d(h, w, ch, size, s, pad);
  const rng = new Rng(seed);
  return { g, x: random(m * h * w * ch, rng), R: random(m * g.oh * g.ow * ch, rng) };
}

type PoolKind = 'max' | 'avg';
function poolForward(kind: PoolKind, r: PoolRun, m: number, argmax: Int32Array): Float64Array {
  const y = new Float64Array(r.R.length);
  if (kind === 'max') maxPoolForward(r.g, m, r.x, y, argmax);
  else avgPoolForward(r.g, m, r.x, y);
  return y;
}
function poolBackward(kind: PoolKind, r: PoolRun, m: number, argmax: Int32Array): Float64Array {
  const dx = new Float64Array(r.x.length).fill(NaN);
  if (kind === 'max') maxPoolBackward(r.g, m, r.R, argmax, dx);
  else avgPoolBackward(r.g, m, r.R, dx);
  return dx;
}

for (const kind of ['max', 'avg'] as const) {
  describe(`${kind}pool2d`, () => {
    for (const c of poolCases) {
      const m = c[6];
      it(`gradient matches finite differences [${label(c)}]`, () => {
        const r = poolSetup(c, 11);
        const argmax = new Int32Array(r.R.length);
        poolForward(kind, r, m, argmax);
        const dx = poolBackward(kind, r, m, argmax);
        const loss = (): number => dot(poolForward(kind, r, m, argmax), r.R);
        expect(relError(dx, numericGradient(r.x, loss))).toBeLessThan(1e-6);
      });

      it(`matches tf.${kind}Pool and its gradient [${label(c)}]`, () => {
        const [h, w, ch, size, s, pad] = c;
        const r = poolSetup(c, 12);
        const argmax = new Int32Array(r.R.length);
        const y = poolForward(kind, r, m, argmax);
        const dx = poolBackward(kind, r, m, argmax);
        const X = tf.tensor4d(Array.from(r.x), [m, h, w, ch]);
        const R = tf.tensor4d(Array.from(r.R), [m, r.g.oh, r.g.ow, ch]);
        const f = (a: tf.Tensor): tf.Tensor =>
          kind === 'max'
            ? tf.maxPool(a as tf.Tensor4D, size, s, pad)
            : tf.avgPool(a as tf.Tensor4D, size, s, pad);
        const Y = f(X);
        expect(Y.shape).toEqual([m, r.g.oh, r.g.ow, ch]);
        // TF.js 4.22's avgPool gradient divides by the full window even where
        // 'same' padding leaves fewer real cells (its forward does not), so it
        // is not the gradient of its own forward. The same mean written as a
        // depthwise box filter over x divided by the box filter over ones is
        // differentiated correctly; use that for avg with 'same'.
        const box = tf.ones([size, size, ch, 1]) as tf.Tensor4D;
        const mean = (a: tf.Tensor): tf.Tensor =>
          tf.div(
            tf.depthwiseConv2d(a as tf.Tensor4D, box, s, pad),
            tf.depthwiseConv2d(tf.onesLike(a) as tf.Tensor4D, box, s, pad),
          );
        const g = kind === 'avg' && pad === 'same' ? mean : f;
        expect(scaledError(g(X).dataSync(), Y.dataSync())).toBeLessThan(1e-6);
        const gx = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(g(a), R)))(X);
        expect(scaledError(y, Y.dataSync())).toBeLessThan(1e-6);
        expect(scaledError(dx, gx.dataSync())).toBeLessThan(1e-6);
        tf.dispose([X, R, Y, gx, box]);
      });
    }
  });
}

describe('maxpool2d ties', () => {
  it('sends the gradient to the first maximum in scan order, as TF does', () => {
    const g = window2d(2, 2, 1, 2, 2, 'valid');
    const x = Float64Array.from([0, 0, 0, 0]);
    const y = new Float64Array(1);
    const argmax = new Int32Array(1);
    maxPoolForward(g, 1, x, y, argmax);
    const dx = new Float64Array(4);
    maxPoolBackward(g, 1, Float64Array.from([1]), argmax, dx);
    expect(Array.from(dx)).toEqual([1, 0, 0, 0]);
    const gx = tf.grad((a: tf.Tensor) => tf.sum(tf.maxPool(a as tf.Tensor4D, 2, 2, 'valid')))(
      tf.zeros([1, 2, 2, 1]),
    );
    expect(Array.from(gx.dataSync())).toEqual([1, 0, 0, 0]);
  });
});

describe('on the WebAssembly backend (float32)', () => {
  /** Copies a float64 array into a fresh array of the backend's memory. */
  const onto = (be: Backend, a: Float64Array): Float => {
    const v = be.alloc(a.length);
    v.set(a);
    return v;
  };

  for (const c of convCases) {
    it(`conv2d forward and backward agree with float64 [${label(c)}]`, () => {
      const m = c[7];
      const r = convSetup(c, 21);
      const { y: y64, dW: dW64, db: db64, dx: dx64 } = convReference(r, m);

      const be = createWasmBackend();
      const sizes = [r.x, r.W, r.b, r.R, r.R, r.W, r.b, r.x].reduce((s, a) => s + a.length, 0);
      // A scratch of two samples makes odd batches chunk.
      const colN = conv2dScratchSize(r.g, 2);
      be.reserve(sizes + colN);
      const [x, W, b, R] = [r.x, r.W, r.b, r.R].map((a) => onto(be, a));
      const y = be.alloc(r.R.length);
      const dW = be.alloc(r.W.length);
      const db = be.alloc(r.b.length);
      const dx = be.alloc(r.x.length);
      const col = be.alloc(colN);
      conv2dForward(be, r.g, m, x, W, b, y, col);
      conv2dBackward(be, r.g, m, x, W, R, dW, db, dx, col);
      expect(be.detachingGrowths).toBe(0);
      expect(scaledError(y, y64)).toBeLessThan(1e-5);
      expect(scaledError(dW, dW64)).toBeLessThan(1e-5);
      expect(scaledError(db, db64)).toBeLessThan(1e-5);
      expect(scaledError(dx, dx64)).toBeLessThan(1e-5);
    });
  }

  for (const c of poolCases) {
    it(`pooling agrees with float64 [${label(c)}]`, () => {
      const m = c[6];
      const r = poolSetup(c, 22);
      const be = createWasmBackend();
      const x = onto(be, r.x);
      const R = onto(be, r.R);
      for (const kind of ['max', 'avg'] as const) {
        const argmax = new Int32Array(r.R.length);
        const y64 = poolForward(kind, r, m, argmax);
        const dx64 = poolBackward(kind, r, m, argmax);
        const y = be.alloc(r.R.length);
        const dx = be.alloc(r.x.length);
        // argmax kept in a float array, as an op's scratch holds it.
        const at = be.alloc(r.R.length);
        if (kind === 'max') {
          maxPoolForward(r.g, m, x, y, at);
          maxPoolBackward(r.g, m, R, at, dx);
          expect(Array.from(at)).toEqual(Array.from(argmax));
        } else {
          avgPoolForward(r.g, m, x, y);
          avgPoolBackward(r.g, m, R, dx);
        }
        expect(scaledError(y, y64)).toBeLessThan(1e-6);
        expect(scaledError(dx, dx64)).toBeLessThan(1e-6);
      }
    });
  }
});
