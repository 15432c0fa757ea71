import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ACTIVATION_TABLE,
  activate,
  activationBackward,
  type ElementwiseFn,
  tanhFloat32,
} from './activations';
import type { ActivationFn } from './graph';
import { ACTIVATIONS } from './registry';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const ELEMENTWISE = (Object.keys(ACTIVATION_TABLE) as ActivationFn[]).filter(
  (fn): fn is ElementwiseFn => fn !== 'softmax',
);
/** Points on both sides of 0 and of the approximations' break points, none exactly at a kink. */
const ZS = [-9, -3.2, -2, -0.7, -0.3, -1e-3, 2e-3, 0.4, 0.7, 1.9, 4.5, 9];
const ALPHA = 0.1;

describe('activations', () => {
  it('the float32 tanh stays within float32 precision of Math.tanh', () => {
    let worst = 0;
    for (let x = -12; x <= 12; x += 1e-4)
      worst = Math.max(worst, Math.abs(tanhFloat32(x) - Math.tanh(x)));
    expect(worst).toBeLessThan(3e-7);
    expect(tanhFloat32(1e-5)).toBe(1e-5);
  });

  it('float32 tensors use it, float64 tensors use Math.tanh exactly', () => {
    const z = Float64Array.from([-3, -0.5, 0, 0.25, 2]);
    const a64 = new Float64Array(5);
    activate('tanh', 0, z, a64, 5, 5);
    expect(Array.from(a64)).toEqual(Array.from(z, Math.tanh));
    const a32 = new Float32Array(5);
    activate('tanh', 0, Float32Array.from(z), a32, 5, 5);
    a32.forEach((v, i) => expect(v).toBeCloseTo(Math.tanh(z[i]), 6));
  });

  it("a backend's tanh kernel replaces the loop when given", () => {
    const z = Float64Array.from([0.5, -1]);
    const a = new Float64Array(2);
    activate('tanh', 0, z, a, 2, 2, { tanh: (_x, out, n) => out.fill(7, 0, n) });
    expect(Array.from(a)).toEqual([7, 7]);
  });

  it('the registry offers exactly the functions the table defines', () => {
    expect([...ACTIVATIONS].sort()).toEqual(Object.keys(ACTIVATION_TABLE).sort());
  });

  it('every derivative in the table matches a central difference of its function', () => {
    for (const fn of ELEMENTWISE) {
      const act = ACTIVATION_TABLE[fn];
      for (const z of ZS) {
        const h = 1e-5 * Math.max(1, Math.abs(z));
        const numeric = (act.fn(z + h, ALPHA) - act.fn(z - h, ALPHA)) / (2 * h);
        const analytic = act.der(z, act.fn(z, ALPHA), ALPHA);
        expect(Math.abs(analytic - numeric), `${fn} at ${z}`).toBeLessThan(
          1e-7 * Math.max(1, Math.abs(numeric)),
        );
      }
    }
  });

  it('the hot-path loops compute what the scalar function and derivative do', () => {
    const z = Float64Array.from(ZS);
    const g = Float64Array.from(ZS, (_, i) => 0.5 - i / 7);
    const n = z.length;
    for (const fn of ELEMENTWISE) {
      const act = ACTIVATION_TABLE[fn];
      const a = new Float64Array(n);
      const dz = new Float64Array(n);
      activate(fn, ALPHA, z, a, n, 3);
      activationBackward(fn, ALPHA, z, a, g, dz, n, 3);
      for (let i = 0; i < n; i++) {
        expect(a[i], `${fn}(${z[i]})`).toBe(act.fn(z[i], ALPHA));
        expect(dz[i], `${fn}'(${z[i]})`).toBeCloseTo(g[i] * act.der(z[i], a[i], ALPHA), 14);
      }
    }
  });

  it('the float32 loops stay within float32 precision of the float64 ones', () => {
    const z = Float64Array.from(ZS);
    const g = Float64Array.from(ZS, () => 1);
    const n = z.length;
    for (const fn of ELEMENTWISE) {
      const a64 = new Float64Array(n);
      const d64 = new Float64Array(n);
      const a32 = new Float32Array(n);
      const d32 = new Float32Array(n);
      activate(fn, ALPHA, z, a64, n, n);
      activationBackward(fn, ALPHA, z, a64, g, d64, n, n);
      activate(fn, ALPHA, Float32Array.from(z), a32, n, n);
      activationBackward(fn, ALPHA, Float32Array.from(z), a32, Float32Array.from(g), d32, n, n);
      for (let i = 0; i < n; i++) {
        expect(Math.abs(a32[i] - a64[i]), `${fn}(${z[i]})`).toBeLessThan(
          2e-6 * Math.max(1, Math.abs(a64[i])),
        );
        expect(Math.abs(d32[i] - d64[i]), `${fn}'(${z[i]})`).toBeLessThan(2e-6);
      }
    }
  });

  it('softplus neither overflows nor loses small values', () => {
    const sp = ACTIVATION_TABLE.softplus.fn;
    expect(sp(1000, 0)).toBe(1000);
    expect(sp(-1000, 0)).toBe(0);
    expect(sp(-40, 0)).toBeCloseTo(Math.exp(-40), 30);
    expect(sp(-40, 0) / Math.exp(-40)).toBeCloseTo(1, 12);
  });

  it('softmax backward matches a central difference of Σ g·softmax(z), row by row', () => {
    const width = 3;
    const z = Float64Array.from([0.2, -1, 2, 3, 3, -0.5]);
    const g = Float64Array.from([1, -2, 0.5, 0.3, 0.1, -1]);
    const n = z.length;
    const a = new Float64Array(n);
    const dz = new Float64Array(n);
    activate('softmax', 0, z, a, n, width);
    activationBackward('softmax', 0, z, a, g, dz, n, width);
    const objective = (zz: Float64Array) => {
      const p = new Float64Array(n);
      activate('softmax', 0, zz, p, n, width);
      return p.reduce((s, v, i) => s + v * g[i], 0);
    };
    for (let i = 0; i < n; i++) {
      const h = 1e-5;
      const up = Float64Array.from(z);
      const down = Float64Array.from(z);
      up[i] += h;
      down[i] -= h;
      expect(dz[i]).toBeCloseTo((objective(up) - objective(down)) / (2 * h), 9);
    }
  });
});

describe('activations against TF.js (float32)', () => {
  const zs = Float32Array.from(ZS);
  const upstream = Float32Array.from(ZS, (_, i) => 1 - i / 5);

  /** Our a and ∂L/∂z for L = Σ g·f(z), against TF.js' value and tf.grad of the same. */
  function compare(fn: ElementwiseFn, reference: (x: tf.Tensor) => tf.Tensor): void {
    const n = zs.length;
    const z = Float64Array.from(zs);
    const a = new Float64Array(n);
    const dz = new Float64Array(n);
    activate(fn, ALPHA, z, a, n, n);
    activationBackward(fn, ALPHA, z, a, Float64Array.from(upstream), dz, n, n);
    const x = tf.tensor1d(zs);
    const g = tf.tensor1d(upstream);
    const want = reference(x).dataSync();
    const wantGrad = tf
      .grad((t: tf.Tensor) => tf.sum(tf.mul(reference(t), g)))(x)
      .dataSync();
    for (let i = 0; i < n; i++) {
      expect(Math.abs(a[i] - want[i]), `${fn}(${z[i]})`).toBeLessThan(
        1e-5 * Math.max(1, Math.abs(want[i])),
      );
      expect(Math.abs(dz[i] - wantGrad[i]), `${fn}'(${z[i]})`).toBeLessThan(
        1e-5 * Math.max(1, Math.abs(wantGrad[i])),
      );
    }
    tf.dispose([x, g]);
  }

  it('elu is tf.elu (α = 1), value and gradient', () => compare('elu', (x) => tf.elu(x)));

  it('softplus is tf.softplus, value and gradient', () =>
    compare('softplus', (x) => tf.softplus(x)));

  it('gelu is the tanh approximation written in tf ops, value and gradient', () =>
    compare('gelu', (x) =>
      tf.mul(
        tf.mul(0.5, x),
        tf.add(
          1,
          tf.tanh(tf.mul(Math.sqrt(2 / Math.PI), tf.add(x, tf.mul(0.044715, tf.pow(x, 3))))),
        ),
      ),
    ));

  it("gelu is TF.js' layers activation gelu_new (not the exact erf gelu)", () => {
    const out = tf.layers
      .activation({ activation: 'gelu_new' })
      .apply(tf.tensor1d(zs)) as tf.Tensor;
    const want = out.dataSync();
    zs.forEach((z, i) =>
      expect(Math.abs(ACTIVATION_TABLE.gelu.fn(z, 0) - want[i])).toBeLessThan(
        1e-5 * Math.max(1, Math.abs(want[i])),
      ),
    );
  });

  it('the existing functions match TF.js too', () => {
    compare('sigmoid', (x) => tf.sigmoid(x));
    compare('tanh', (x) => tf.tanh(x));
    compare('relu', (x) => tf.relu(x));
    compare('leaky_relu', (x) => tf.leakyRelu(x, ALPHA));
    compare('linear', (x) => tf.mul(x, 1));
  });
});
