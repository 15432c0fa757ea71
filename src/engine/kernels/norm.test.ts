import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../random';
import {
  batchNormBackward,
  batchNormForward,
  dropoutBackward,
  dropoutForward,
  dropoutMask,
  layerNormBackward,
  layerNormForward,
} from './norm';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const randomArray = (rng: Rng, n: number, lo = -2, hi = 2) =>
  Float64Array.from({ length: n }, () => rng.uniform(lo, hi));

/**
 * The largest relative error of `analytic` against the fourth-order central difference of
 * `loss` in each entry of `theta` (gradcheck.ts' stencil and measure).
 */
function worstRelative(
  theta: Float64Array,
  analytic: ArrayLike<number>,
  loss: () => number,
  eps = 1e-4,
  floor = 1e-7,
): number {
  let worst = 0;
  for (let i = 0; i < theta.length; i++) {
    const keep = theta[i];
    const at = (d: number) => {
      theta[i] = keep + d;
      return loss();
    };
    const numeric = (-at(2 * eps) + 8 * at(eps) - 8 * at(-eps) + at(-2 * eps)) / (12 * eps);
    theta[i] = keep;
    const err = Math.abs(analytic[i] - numeric);
    worst = Math.max(worst, err / Math.max(Math.abs(analytic[i]), Math.abs(numeric), floor));
  }
  return worst;
}

const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++)
    expect(
      Math.abs(actual[i] - expected[i]),
      `entry ${i}: ${actual[i]} vs ${expected[i]}`,
    ).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(expected[i])));
}

// Dropout ------------------------------------------------------------------------------

describe('dropout (inverted)', () => {
  it('draws the same mask from the same seed, another from another', () => {
    const a = new Float64Array(200);
    const b = new Float64Array(200);
    const c = new Float64Array(200);
    dropoutMask(new Rng(7), 0.5, a, 200);
    dropoutMask(new Rng(7), 0.5, b, 200);
    dropoutMask(new Rng(8), 0.5, c, 200);
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
  });

  it('drops a share `rate` of the values and scales the rest by 1/(1 − rate)', () => {
    const n = 100_000;
    for (const rate of [0.1, 0.5, 0.8]) {
      const mask = new Float64Array(n);
      dropoutMask(new Rng(3), rate, mask, n);
      const dropped = mask.filter((v) => v === 0).length;
      // Binomial(n, rate): within 5 standard deviations.
      expect(Math.abs(dropped - n * rate)).toBeLessThan(5 * Math.sqrt(n * rate * (1 - rate)));
      expect(new Set(mask.filter((v) => v !== 0))).toEqual(new Set([1 / (1 - rate)]));
      // So the expected output equals the input: the mean of the mask is about 1.
      expect(Math.abs(mask.reduce((s, v) => s + v, 0) / n - 1)).toBeLessThan(0.03);
    }
  });

  it('with rate 0 keeps everything', () => {
    const mask = new Float64Array(10).fill(5);
    dropoutMask(new Rng(1), 0, mask, 10);
    expect(Array.from(mask)).toEqual(Array(10).fill(1));
  });

  it('is the identity in inference, forward and backward', () => {
    const x = Float64Array.from([1, -2, 3, 4]);
    const mask = Float64Array.from([0, 0, 0, 0]);
    const y = new Float64Array(4);
    dropoutForward(x, mask, y, 4, false);
    expect(Array.from(y)).toEqual([1, -2, 3, 4]);
    const dx = new Float64Array(4);
    dropoutBackward(x, mask, dx, 4, false);
    expect(Array.from(dx)).toEqual([1, -2, 3, 4]);
  });

  it('in training masks and scales the value and the gradient alike (a finite difference agrees)', () => {
    const n = 12;
    const rng = new Rng(5);
    const mask = new Float64Array(n);
    dropoutMask(new Rng(11), 0.4, mask, n);
    expect(mask.some((v) => v === 0)).toBe(true);
    const x = randomArray(rng, n);
    const dy = randomArray(rng, n);
    const y = new Float64Array(n);
    dropoutForward(x, mask, y, n, true);
    for (let i = 0; i < n; i++) expect(y[i]).toBe(x[i] * mask[i]);
    const dx = new Float64Array(n);
    dropoutBackward(dy, mask, dx, n, true);
    for (let i = 0; i < n; i++) {
      expect(dx[i]).toBe(dy[i] * mask[i]);
      if (mask[i] === 0) expect(dx[i] === 0).toBe(true);
      else expect(dx[i]).toBeCloseTo(dy[i] / 0.6, 14);
    }
    const loss = () => {
      dropoutForward(x, mask, y, n, true);
      return dot(y, dy);
    };
    expect(worstRelative(x, dx, loss)).toBeLessThan(1e-6);
  });
});

/** TF.js's gradients of `f` at (x, γ, β) of `k`, flat: the reference for a backward pass. */
function tfGrads(
  f: (x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor) => tf.Tensor,
  x: tf.Tensor,
  k: { gamma: Float64Array; beta: Float64Array },
) {
  const gamma = tf.tensor1d(Float32Array.from(k.gamma));
  const beta = tf.tensor1d(Float32Array.from(k.beta));
  return tf
    .grads(f)([x, gamma, beta])
    .map((t) => t.dataSync());
}

// Batch normalisation ---------------------------------------------------------------------

interface BnCase {
  rows: number;
  C: number;
  x: Float64Array;
  gamma: Float64Array;
  beta: Float64Array;
  dy: Float64Array;
}

function bnCase(seed: number, rows: number, C: number): BnCase {
  const rng = new Rng(seed);
  return {
    rows,
    C,
    // Channels with different offsets and scales, as real activations have.
    x: Float64Array.from(
      { length: rows * C },
      (_, i) => (i % C) - 1 + (1 + (i % C)) * rng.normal(),
    ),
    gamma: randomArray(rng, C, 0.5, 1.5),
    beta: randomArray(rng, C),
    dy: randomArray(rng, rows * C),
  };
}

function bnRun(
  k: BnCase,
  training: boolean,
  running?: { mean: Float64Array; variance: Float64Array },
) {
  const { rows, C } = k;
  const state = running ?? { mean: new Float64Array(C), variance: new Float64Array(C).fill(1) };
  const p = {
    gamma: k.gamma,
    beta: k.beta,
    runningMean: state.mean,
    runningVariance: state.variance,
    momentum: 0.9,
    epsilon: 1e-3,
  };
  const y = new Float64Array(rows * C);
  const mean = new Float64Array(C);
  const invStd = new Float64Array(C);
  batchNormForward(k.x, y, rows, C, p, training, mean, invStd);
  const dx = new Float64Array(rows * C);
  const dgamma = new Float64Array(C);
  const dbeta = new Float64Array(C);
  batchNormBackward(k.x, k.dy, dx, rows, C, k.gamma, mean, invStd, dgamma, dbeta, training);
  return { y, dx, dgamma, dbeta, mean, invStd, running: state };
}

describe('batch normalisation', () => {
  it('in training, normalises each channel over the batch: mean β, standard deviation ≈ γ', () => {
    const k = bnCase(1, 50, 3);
    const { y } = bnRun(k, true);
    for (let c = 0; c < 3; c++) {
      const col = Array.from({ length: 50 }, (_, r) => y[r * 3 + c]);
      const mu = col.reduce((s, v) => s + v, 0) / 50;
      const sd = Math.sqrt(col.reduce((s, v) => s + (v - mu) ** 2, 0) / 50);
      expect(mu).toBeCloseTo(k.beta[c], 12);
      // ε = 1e-3 shrinks it a little below γ.
      expect(sd / k.gamma[c]).toBeGreaterThan(0.999);
      expect(sd / k.gamma[c]).toBeLessThan(1);
    }
  });

  it('updates the running statistics: momentum·running + (1 − momentum)·batch, biased variance', () => {
    const k = bnCase(2, 8, 2);
    const running = { mean: Float64Array.from([1, -1]), variance: Float64Array.from([2, 0.5]) };
    bnRun(k, true, running);
    for (let c = 0; c < 2; c++) {
      const col = Array.from({ length: 8 }, (_, r) => k.x[r * 2 + c]);
      const mu = col.reduce((s, v) => s + v, 0) / 8;
      const biased = col.reduce((s, v) => s + (v - mu) ** 2, 0) / 8;
      expect(running.mean[c]).toBeCloseTo(0.9 * [1, -1][c] + 0.1 * mu, 14);
      expect(running.variance[c]).toBeCloseTo(0.9 * [2, 0.5][c] + 0.1 * biased, 14);
    }
  });

  it('in inference uses the running statistics and changes nothing', () => {
    const k = bnCase(3, 4, 2);
    const running = { mean: Float64Array.from([0.5, -1]), variance: Float64Array.from([4, 0.25]) };
    const { y } = bnRun(k, false, running);
    expect(Array.from(running.mean)).toEqual([0.5, -1]);
    expect(Array.from(running.variance)).toEqual([4, 0.25]);
    for (let i = 0; i < 8; i++) {
      const c = i % 2;
      const want =
        (k.gamma[c] * (k.x[i] - running.mean[c])) / Math.sqrt(running.variance[c] + 1e-3) +
        k.beta[c];
      expect(y[i]).toBeCloseTo(want, 14);
    }
  });

  for (const training of [true, false])
    it(`${training ? 'training' : 'inference'}: ∂L/∂x, ∂L/∂γ, ∂L/∂β match finite differences (< 1e-6)`, () => {
      // rows = m × positions: 3 samples × 4 positions, 3 channels.
      const k = bnCase(4, 12, 3);
      const running = {
        mean: Float64Array.from([0.2, -0.1, 0.4]),
        variance: Float64Array.from([1.5, 0.7, 2]),
      };
      const { dx, dgamma, dbeta } = bnRun(k, training, running);
      const loss = () => {
        // Fresh running statistics each time: training updates them, and inference reads them.
        const fixed = {
          mean: Float64Array.from([0.2, -0.1, 0.4]),
          variance: Float64Array.from([1.5, 0.7, 2]),
        };
        return dot(bnRun(k, training, fixed).y, k.dy);
      };
      expect(worstRelative(k.x, dx, loss)).toBeLessThan(1e-6);
      expect(worstRelative(k.gamma, dgamma, loss)).toBeLessThan(1e-6);
      expect(worstRelative(k.beta, dbeta, loss)).toBeLessThan(1e-6);
    });

  it('float32 buffers give float32-close results', () => {
    const k = bnCase(6, 20, 4);
    const want = bnRun(k, true);
    const f = (a: Float64Array) => Float32Array.from(a);
    const p = {
      gamma: f(k.gamma),
      beta: f(k.beta),
      runningMean: new Float32Array(4),
      runningVariance: new Float32Array(4).fill(1),
      momentum: 0.9,
      epsilon: 1e-3,
    };
    const y = new Float32Array(80);
    const mean = new Float32Array(4);
    const invStd = new Float32Array(4);
    batchNormForward(f(k.x), y, 20, 4, p, true, mean, invStd);
    const dx = new Float32Array(80);
    const dg = new Float32Array(4);
    const db = new Float32Array(4);
    batchNormBackward(f(k.x), f(k.dy), dx, 20, 4, p.gamma, mean, invStd, dg, db, true);
    expectClose(y, want.y, 1e-5);
    expectClose(dx, want.dx, 1e-4);
    expectClose(dg, want.dgamma, 1e-5);
  });
});

describe('batch normalisation against TF.js', () => {
  const m = 3;
  const h = 2;
  const w = 2;
  const C = 3;
  const k = bnCase(9, m * h * w, C);
  const x4 = () => tf.tensor4d(Float32Array.from(k.x), [m, h, w, C]);

  it('tf.layers.batchNormalization in training: the same output and running statistics', () => {
    const layer = tf.layers.batchNormalization({ momentum: 0.9, epsilon: 1e-3 });
    layer.build([null, h, w, C]);
    layer.setWeights([
      tf.tensor1d(Float32Array.from(k.gamma)),
      tf.tensor1d(Float32Array.from(k.beta)),
      tf.tensor1d([0.2, -0.1, 0.4]),
      tf.tensor1d([1.5, 0.7, 2]),
    ]);
    const y = (layer.apply(x4(), { training: true }) as tf.Tensor).dataSync();
    const [, , movingMean, movingVariance] = layer.getWeights().map((t) => t.dataSync());
    const running = {
      mean: Float64Array.from([0.2, -0.1, 0.4]),
      variance: Float64Array.from([1.5, 0.7, 2]),
    };
    const ours = bnRun(k, true, running);
    expectClose(ours.y, y, 1e-5);
    expectClose(running.mean, movingMean, 1e-5);
    expectClose(running.variance, movingVariance, 1e-5);
    // And in inference it reads those running statistics.
    const yInference = (layer.apply(x4(), { training: false }) as tf.Tensor).dataSync();
    expectClose(bnRun(k, false, running).y, yInference, 1e-5);
  });

  it('tf.grads of Σ dy·batchNorm(x; tf.moments over m, h, w) equal ours', () => {
    const f = (x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor) => {
      const { mean, variance } = tf.moments(x, [0, 1, 2]);
      const y = tf.batchNorm(x, mean, variance, beta, gamma, 1e-3);
      return tf.sum(tf.mul(y, tf.tensor4d(Float32Array.from(k.dy), [m, h, w, C])));
    };
    const [gx, gg, gb] = tfGrads(f, x4(), k);
    const ours = bnRun(k, true);
    expectClose(ours.dx, gx, 1e-4);
    expectClose(ours.dgamma, gg, 1e-4);
    expectClose(ours.dbeta, gb, 1e-5);
  });
});

describe('with no ∂L/∂x wanted (dx = null)', () => {
  it('batch and layer norm still give the same ∂L/∂γ and ∂L/∂β', () => {
    const k = bnCase(13, 6, 3);
    for (const training of [true, false]) {
      const want = bnRun(k, training);
      const dg = new Float64Array(3);
      const db = new Float64Array(3);
      batchNormBackward(k.x, k.dy, null, 6, 3, k.gamma, want.mean, want.invStd, dg, db, training);
      expect(Array.from(dg)).toEqual(Array.from(want.dgamma));
      expect(Array.from(db)).toEqual(Array.from(want.dbeta));
    }
    const want = lnRun(k);
    const mean = new Float64Array(6);
    const invStd = new Float64Array(6);
    layerNormForward(k.x, new Float64Array(18), 6, 3, k.gamma, k.beta, 1e-3, mean, invStd);
    const dg = new Float64Array(3);
    const db = new Float64Array(3);
    layerNormBackward(k.x, k.dy, null, 6, 3, k.gamma, mean, invStd, dg, db);
    expect(Array.from(dg)).toEqual(Array.from(want.dgamma));
    expect(Array.from(db)).toEqual(Array.from(want.dbeta));
  });
});

// Layer normalisation ---------------------------------------------------------------------

function lnRun(k: BnCase, epsilon = 1e-3) {
  const { rows, C } = k;
  const y = new Float64Array(rows * C);
  const mean = new Float64Array(rows);
  const invStd = new Float64Array(rows);
  layerNormForward(k.x, y, rows, C, k.gamma, k.beta, epsilon, mean, invStd);
  const dx = new Float64Array(rows * C);
  const dgamma = new Float64Array(C);
  const dbeta = new Float64Array(C);
  layerNormBackward(k.x, k.dy, dx, rows, C, k.gamma, mean, invStd, dgamma, dbeta);
  return { y, dx, dgamma, dbeta };
}

describe('layer normalisation', () => {
  it('normalises each row over its last axis: row mean of (y − β)/γ is 0', () => {
    const k = bnCase(10, 5, 6);
    const { y } = lnRun(k);
    for (let r = 0; r < 5; r++) {
      let s = 0;
      for (let c = 0; c < 6; c++) s += (y[r * 6 + c] - k.beta[c]) / k.gamma[c];
      expect(s / 6).toBeCloseTo(0, 12);
    }
  });

  it('∂L/∂x, ∂L/∂γ, ∂L/∂β match finite differences (< 1e-6)', () => {
    const k = bnCase(11, 7, 5);
    const { dx, dgamma, dbeta } = lnRun(k);
    const loss = () => dot(lnRun(k).y, k.dy);
    expect(worstRelative(k.x, dx, loss)).toBeLessThan(1e-6);
    expect(worstRelative(k.gamma, dgamma, loss)).toBeLessThan(1e-6);
    expect(worstRelative(k.beta, dbeta, loss)).toBeLessThan(1e-6);
  });

  it('is tf.layers.layerNormalization (axis −1), and its gradients tf.grads of the moments form', () => {
    const m = 2;
    const h = 3;
    const C = 4;
    const k = bnCase(12, m * h, C);
    const x3 = () => tf.tensor3d(Float32Array.from(k.x), [m, h, C]);
    const layer = tf.layers.layerNormalization({ axis: -1, epsilon: 1e-3 });
    layer.build([null, h, C]);
    layer.setWeights([
      tf.tensor1d(Float32Array.from(k.gamma)),
      tf.tensor1d(Float32Array.from(k.beta)),
    ]);
    const want = (layer.apply(x3()) as tf.Tensor).dataSync();
    const ours = lnRun(k);
    expectClose(ours.y, want, 1e-5);
    const f = (x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor) => {
      const { mean, variance } = tf.moments(x, -1, true);
      const y = tf.add(
        tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, 1e-3))), gamma),
        beta,
      );
      return tf.sum(tf.mul(y, tf.tensor3d(Float32Array.from(k.dy), [m, h, C])));
    };
    const [gx, gg, gb] = tfGrads(f, x3(), k);
    expectClose(ours.dx, gx, 1e-4);
    expectClose(ours.dgamma, gg, 1e-4);
    expectClose(ours.dbeta, gb, 1e-5);
  });
});
