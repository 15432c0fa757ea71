import { describe, expect, it } from 'vitest';
import { createSharedKernel, createWasmBackend } from './kernels/backend-wasm';
import { createOptimizer, OPTIMIZER_SLOTS, updateRule } from './optimizers';
import type { Param } from './network';
import type { TrainConfig } from './train';

/**
 * A tiny "network": weights W = [1, −2] (decayed by L2) and a bias b = [0.5]
 * (never decayed), with gradients set by hand before each step.
 */
function params(): { W: Param; b: Param; all: Param[] } {
  const W: Param = {
    nodeId: 'n0',
    name: 'W',
    shape: [1, 2],
    rows: 1,
    cols: 2,
    value: Float64Array.from([1, -2]),
    grad: new Float64Array(2),
    trainable: true,
    decay: true,
  };
  const b: Param = {
    nodeId: 'n0',
    name: 'b',
    shape: [1],
    rows: 1,
    cols: 1,
    value: Float64Array.from([0.5]),
    grad: new Float64Array(1),
    trainable: true,
    decay: false,
  };
  return { W, b, all: [W, b] };
}

const config = (overrides: Partial<TrainConfig>): TrainConfig => ({
  optimizer: 'sgd',
  learningRate: 0.1,
  batch: 'full',
  epochs: 1,
  seed: 1,
  l2: 0,
  ...overrides,
});

/** Runs one update per entry of `grads` ([gW, gb] per step) at learning rate 0.1; returns [W, b] after each step. */
function run(overrides: Partial<TrainConfig>, grads: [number[], number[]][]): number[][][] {
  const p = params();
  const opt = createOptimizer(p.all, config(overrides));
  return grads.map(([gW, gb]) => {
    p.W.grad.set(gW);
    p.b.grad.set(gb);
    opt.update(0.1);
    return [Array.from(p.W.value), Array.from(p.b.value)];
  });
}

const closeTo = (actual: number[], expected: number[], what: string): void => {
  expect(actual.length).toBe(expected.length);
  expected.forEach((e, i) => expect(actual[i], `${what}[${i}]`).toBeCloseTo(e, 12));
};

/** Fixed gradients for three steps: gW = [0.5, −1], gb = [2]. */
const FIXED: [number[], number[]][] = [
  [[0.5, -1], [2]],
  [[0.5, -1], [2]],
  [[0.5, -1], [2]],
];

describe('sgd: w ← w − λ(g + l2·w), l2 on weights only', () => {
  it('without L2: three steps of −0.1·g', () => {
    const steps = run({ optimizer: 'sgd' }, FIXED);
    // W: 1 − 0.05·t, −2 + 0.1·t;  b: 0.5 − 0.2·t.
    closeTo(steps[0][0], [0.95, -1.9], 'W1');
    closeTo(steps[1][0], [0.9, -1.8], 'W2');
    closeTo(steps[2][0], [0.85, -1.7], 'W3');
    closeTo(steps[2][1], [-0.1], 'b3');
  });

  it('with L2 = 0.5: w ← 0.95·w − 0.1·g on W, b as without L2', () => {
    const steps = run({ optimizer: 'sgd', l2: 0.5 }, FIXED);
    // W[0]: 0.95·1 − 0.05 = 0.9;  0.95·0.9 − 0.05 = 0.805;  0.95·0.805 − 0.05 = 0.71475.
    // W[1]: 0.95·(−2) + 0.1 = −1.8;  0.95·(−1.8) + 0.1 = −1.61;  0.95·(−1.61) + 0.1 = −1.4295.
    closeTo(steps[0][0], [0.9, -1.8], 'W1');
    closeTo(steps[1][0], [0.805, -1.61], 'W2');
    closeTo(steps[2][0], [0.71475, -1.4295], 'W3');
    // The bias is not decayed: 0.5 − 3·0.2.
    closeTo(steps[2][1], [-0.1], 'b3');
  });
});

describe('momentum: v ← μv + g + l2·w; w ← w − λv (μ defaults to 0.9)', () => {
  it('without L2: v = g, 1.9g, 2.71g, so w moves by 0.1·5.61·g in all', () => {
    const steps = run({ optimizer: 'momentum' }, FIXED);
    // After 1 step: −0.1·g;  after 2: −0.1·2.9·g;  after 3: −0.1·5.61·g.
    closeTo(steps[0][0], [0.95, -1.9], 'W1');
    closeTo(steps[1][0], [1 - 0.145, -2 + 0.29], 'W2');
    closeTo(steps[2][0], [1 - 0.2805, -2 + 0.561], 'W3');
    closeTo(steps[2][1], [0.5 - 1.122], 'b3');
  });

  it('uses the configured μ: μ = 0.5 gives v = g, 1.5g, 1.75g', () => {
    const steps = run({ optimizer: 'momentum', momentum: 0.5 }, FIXED);
    // Σv = 4.25·g: W = [1 − 0.2125, −2 + 0.425], b = 0.5 − 0.85.
    closeTo(steps[2][0], [0.7875, -1.575], 'W3');
    closeTo(steps[2][1], [-0.35], 'b3');
  });

  it('with L2 = 0.5 the decay enters the velocity; the bias is not decayed', () => {
    const steps = run({ optimizer: 'momentum', l2: 0.5 }, FIXED);
    // W[0] (g = 0.5): v = 0.5 + 0.5·1 = 1, w = 0.9;
    //   v = 0.9·1 + 0.5 + 0.5·0.9 = 1.85, w = 0.9 − 0.185 = 0.715;
    //   v = 0.9·1.85 + 0.5 + 0.5·0.715 = 2.5225, w = 0.715 − 0.25225 = 0.46275.
    // W[1] (g = −1): v = −1 − 1 = −2, w = −1.8;
    //   v = −1.8 − 1 − 0.9 = −3.7, w = −1.43;
    //   v = −3.33 − 1 − 0.715 = −5.045, w = −1.43 + 0.5045 = −0.9255.
    closeTo(steps[0][0], [0.9, -1.8], 'W1');
    closeTo(steps[1][0], [0.715, -1.43], 'W2');
    closeTo(steps[2][0], [0.46275, -0.9255], 'W3');
    closeTo(steps[2][1], [0.5 - 1.122], 'b3');
  });
});

describe('adam: m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²; w ← w − λ m̂/(√v̂ + ε)', () => {
  // β₁ = 0.5, β₂ = 0.75 and a large ε = 0.5 keep the arithmetic exact and make
  // ε's place matter: √v̂ + ε ≠ √(v̂ + ε).
  const adam = { optimizer: 'adam', beta1: 0.5, beta2: 0.75, epsilon: 0.5 } as const;
  // Gradients flip sign: g = s, −s, s with s = 1 for W[0], 2 for W[1], 1 for b.
  const FLIP: [number[], number[]][] = [
    [[1, 2], [1]],
    [[-1, -2], [-1]],
    [[1, 2], [1]],
  ];

  it('bias-corrected moments with ε outside the root, by hand', () => {
    const steps = run(adam, FLIP);
    // s = 1:
    //  t=1: m = 0.5, v = 0.25;   m̂ = 0.5/(1 − 0.5) = 1,       v̂ = 0.25/(1 − 0.75) = 1
    //       step = 0.1·1/(1 + 0.5) = 1/15
    //  t=2: m = 0.25 − 0.5 = −0.25, v = 0.1875 + 0.25 = 0.4375
    //       m̂ = −0.25/(1 − 0.25) = −1/3, v̂ = 0.4375/(1 − 0.5625) = 1
    //       step = 0.1·(−1/3)/1.5 = −1/45
    //  t=3: m = −0.125 + 0.5 = 0.375, v = 0.328125 + 0.25 = 0.578125
    //       m̂ = 0.375/(1 − 0.125) = 3/7, v̂ = 0.578125/(1 − 0.421875) = 1
    //       step = 0.1·(3/7)/1.5 = 1/35
    // s = 2: m̂ doubles and √v̂ = 2, so steps are 0.1·2/2.5 = 0.08,
    //       0.1·(−2/3)/2.5 = −2/75, 0.1·(6/7)/2.5 = 6/175.
    closeTo(steps[0][0], [1 - 1 / 15, -2 - 0.08], 'W1');
    closeTo(steps[1][0], [1 - 1 / 15 + 1 / 45, -2 - 0.08 + 2 / 75], 'W2');
    closeTo(steps[2][0], [1 - 1 / 15 + 1 / 45 - 1 / 35, -2 - 0.08 + 2 / 75 - 6 / 175], 'W3');
    closeTo(steps[2][1], [0.5 - 1 / 15 + 1 / 45 - 1 / 35], 'b3');
  });

  it('with L2 = 0.5 the decayed gradient g + 0.5·w feeds both moments; the bias is not decayed', () => {
    const steps = run({ ...adam, l2: 0.5 }, FLIP);
    // W[0], w = 1, raw g = 1, −1, 1:
    //  t=1: g' = 1 + 0.5 = 1.5; m = 0.75, v = 0.5625; m̂ = 1.5, v̂ = 2.25, √ = 1.5
    //       w = 1 − 0.1·1.5/2 = 0.925
    //  t=2: g' = −1 + 0.4625 = −0.5375; m = 0.375 − 0.26875 = 0.10625
    //       v = 0.421875 + 0.25·0.28890625 = 0.4941015625
    //       m̂ = 0.10625/0.75 ≈ 0.1416667, v̂ = 0.4941015625/0.4375 = 1.129375, √ ≈ 1.0627206
    //       w ≈ 0.925 − 0.01416667/1.5627206 ≈ 0.9159346
    const m2 = 0.10625 / 0.75;
    const v2 = 0.4941015625 / 0.4375;
    const w2 = 0.925 - (0.1 * m2) / (Math.sqrt(v2) + 0.5);
    //  t=3: g' = 1 + 0.5·w2; m = 0.053125 + 0.5·g', v = 0.75·0.4941015625 + 0.25·g'²
    //       m̂ = m/0.875, v̂ = v/0.578125
    //       g' ≈ 1.4579673, m̂ ≈ 0.7821087/0.875 ≈ 0.893838,
    //       v̂ ≈ (0.3705762 + 0.5314172)/0.578125 ≈ 1.560205, √ ≈ 1.249082
    //       w ≈ 0.9159346 − 0.0893838/1.749082 ≈ 0.8648314
    const g3 = 1 + 0.5 * w2;
    const m3 = (0.053125 + 0.5 * g3) / 0.875;
    const v3 = (0.75 * 0.4941015625 + 0.25 * g3 * g3) / 0.578125;
    const w3 = w2 - (0.1 * m3) / (Math.sqrt(v3) + 0.5);
    closeTo([steps[0][0][0]], [0.925], 'W1[0]');
    closeTo([steps[1][0][0]], [w2], 'W2[0]');
    closeTo([steps[2][0][0]], [w3], 'W3[0]');
    // The expressions above give the decimals worked out in the comments.
    expect(w2).toBeCloseTo(0.9159346, 6);
    expect(w3).toBeCloseTo(0.8648314, 6);
    // The bias follows the no-L2 path exactly.
    closeTo(steps[2][1], [0.5 - 1 / 15 + 1 / 45 - 1 / 35], 'b3');
  });

  it('with the defaults (0.9, 0.999, 1e−8) a constant gradient moves λ·g/(|g| + 1e−8) per step', () => {
    // m_t = (1 − 0.9ᵗ)g, so m̂ = g; v̂ = g²: bias correction makes every step the same.
    // Without it the first step would be λ·0.1g/(√0.001·|g|) ≈ 3.16λ.
    const steps = run({ optimizer: 'adam' }, FIXED);
    const step = (g: number): number => (0.1 * g) / (Math.abs(g) + 1e-8);
    for (let t = 1; t <= 3; t++) {
      closeTo(steps[t - 1][0], [1 - t * step(0.5), -2 - t * step(-1)], `W${t}`);
      closeTo(steps[t - 1][1], [0.5 - t * step(2)], `b${t}`);
    }
  });

  it('with the defaults and a changing gradient (1, 2, −1 on b; 0 on W), by hand', () => {
    const steps = run({ optimizer: 'adam' }, [
      [[0, 0], [1]],
      [[0, 0], [2]],
      [[0, 0], [-1]],
    ]);
    // t=1: m = 0.1, v = 0.001; m̂ = 0.1/0.1 = 1, v̂ = 0.001/0.001 = 1.
    const b1 = 0.5 - (0.1 * 1) / (1 + 1e-8);
    // t=2: m = 0.09 + 0.2 = 0.29, v = 0.000999 + 0.004 = 0.004999;
    //      m̂ = 0.29/(1 − 0.81) = 0.29/0.19, v̂ = 0.004999/(1 − 0.998001) = 0.004999/0.001999.
    const b2 = b1 - (0.1 * (0.29 / 0.19)) / (Math.sqrt(0.004999 / 0.001999) + 1e-8);
    // t=3: m = 0.261 − 0.1 = 0.161, v = 0.004994001 + 0.001 = 0.005994001;
    //      m̂ = 0.161/(1 − 0.729), v̂ = 0.005994001/(1 − 0.997002999).
    const b3 = b2 - (0.1 * (0.161 / 0.271)) / (Math.sqrt(0.005994001 / 0.002997001) + 1e-8);
    closeTo(steps[0][1], [b1], 'b1');
    closeTo(steps[1][1], [b2], 'b2');
    closeTo(steps[2][1], [b3], 'b3');
    // A zero gradient leaves a weight exactly where it was (0 / (0 + ε)).
    expect(steps[2][0]).toEqual([1, -2]);
  });
});

describe('L1: adds l1·sign(w) to the gradient of weights, not biases', () => {
  it('sgd with L1 = 0.5: W moves by 0.1·(g + 0.5·sign(w)); sign(0) = 0', () => {
    // W = [1, −2], gW = [0.5, −1]: g' = [1, −1.5], W1 = [0.9, −1.85];
    // W2 = [0.8, −1.7]; W3 = [0.7, −1.55]. b: 0.5 − 0.2·t as without L1.
    const steps = run({ optimizer: 'sgd', l1: 0.5 }, FIXED);
    closeTo(steps[0][0], [0.9, -1.85], 'W1');
    closeTo(steps[1][0], [0.8, -1.7], 'W2');
    closeTo(steps[2][0], [0.7, -1.55], 'W3');
    closeTo(steps[2][1], [-0.1], 'b3');
    // A weight at exactly 0 with no gradient stays at 0 (sign(0) = 0).
    const p = params();
    p.W.value.set([0, 0]);
    const opt = createOptimizer(p.all, config({ optimizer: 'sgd', l1: 0.5 }));
    opt.update(0.1);
    expect(Array.from(p.W.value)).toEqual([0, 0]);
  });

  it('with L1 and L2 together: g + l2·w + l1·sign(w)', () => {
    // W[0]: 1 − 0.1·(0.5 + 0.5 + 0.25) = 0.875; W[1]: −2 − 0.1·(−1 − 1 − 0.25) = −1.775.
    const steps = run({ optimizer: 'sgd', l2: 0.5, l1: 0.25 }, FIXED);
    closeTo(steps[0][0], [0.875, -1.775], 'W1');
  });

  it('momentum: the L1 term enters the velocity', () => {
    // W[0] (g = 0.5, L1 = 0.5): v = 1, w = 0.9; v = 0.9 + 1 = 1.9, w = 0.71.
    // W[1] (g = −1): v = −1.5, w = −1.85; v = −1.35 − 1.5 = −2.85, w = −1.565.
    const steps = run({ optimizer: 'momentum', l1: 0.5 }, FIXED);
    closeTo(steps[0][0], [0.9, -1.85], 'W1');
    closeTo(steps[1][0], [0.71, -1.565], 'W2');
    closeTo(steps[1][1], [0.5 - 0.2 - 0.38], 'b2');
  });

  it('adam: the L1 term feeds both moments (β₁ = 0.5, β₂ = 0.75, ε = 0.5)', () => {
    // W[0]: g' = 0.5 + 0.5 = 1; m̂ = 1, v̂ = 1: w = 1 − 0.1/1.5.
    // W[1]: g' = −1 − 0.5 = −1.5; m̂ = −1.5, √v̂ = 1.5: w = −2 + 0.15/2.
    const steps = run({ optimizer: 'adam', beta1: 0.5, beta2: 0.75, epsilon: 0.5, l1: 0.5 }, [
      [[0.5, -1], [2]],
    ]);
    closeTo(steps[0][0], [1 - 0.1 / 1.5, -2 + 0.15 / 2], 'W1');
    // b: g = 2, m̂ = 2, √v̂ = 2: 0.5 − 0.2/2.5.
    closeTo(steps[0][1], [0.5 - 0.08], 'b1');
  });
});

describe('exportState / importState: a rule continues where another copy of it stopped', () => {
  const GRADS: [number[], number[]][] = [
    [[0.5, -1], [2]],
    [[-0.25, 0.75], [-1]],
    [[1, 0.5], [0.5]],
    [[0.125, -2], [1.5]],
  ];
  for (const optimizer of ['sgd', 'momentum', 'adam'] as const) {
    it(`${optimizer}: 2 updates, export, import into a new optimizer, 2 more = 4 in one go, bit for bit`, () => {
      const settings = { optimizer, l2: 0.01, l1: 0.02 };
      const once = run(settings, GRADS);

      const p = params();
      const first = createOptimizer(p.all, config(settings));
      for (const [gW, gb] of GRADS.slice(0, 2)) {
        p.W.grad.set(gW);
        p.b.grad.set(gb);
        first.update(0.1);
      }
      const state = first.exportState();
      expect(state.t).toBe(2);
      // Parameters travel separately (the file's weights): copy them into fresh ones.
      const q = params();
      q.W.value.set(p.W.value);
      q.b.value.set(p.b.value);
      const second = createOptimizer(q.all, config(settings));
      second.importState(state);
      // The export is a copy: the first optimizer updating again does not change it.
      first.update(0.1);
      for (const [gW, gb] of GRADS.slice(2)) {
        q.W.grad.set(gW);
        q.b.grad.set(gb);
        second.update(0.1);
      }
      expect(Array.from(q.W.value)).toEqual(once[3][0]);
      expect(Array.from(q.b.value)).toEqual(once[3][1]);
    });
  }

  it("names its slots and refuses another rule's state or buffers that do not fit", () => {
    const p = params();
    const adam = createOptimizer(p.all, config({ optimizer: 'adam' }));
    adam.update(0.1);
    const state = adam.exportState();
    expect(Object.keys(state.slots).sort()).toEqual(['m', 'v']);
    expect(state.slots.m.map((b) => b.length)).toEqual([2, 1]);
    const momentum = createOptimizer(p.all, config({ optimizer: 'momentum' }));
    expect(() => momentum.importState(state)).toThrow(/adam/);
    const short = { ...state, slots: { ...state.slots, v: [new Float64Array(2)] } };
    expect(() => createOptimizer(p.all, config({ optimizer: 'adam' })).importState(short)).toThrow(
      /v/,
    );
    expect(createOptimizer(p.all, config({ optimizer: 'momentum' })).exportState().slots).toEqual({
      velocity: [new Float64Array(2), new Float64Array(1)],
    });
  });
});

describe('updateRule: parts of the parameters, updated apart, give the bits of one update', () => {
  for (const optimizer of ['sgd', 'momentum', 'adam'] as const) {
    it(`${optimizer} with L1 and L2, in three parts (long ones in the kernel, short ones in JavaScript)`, () => {
      // A shared memory: its backend keeps the rule's buffers beside the weights.
      const backend = createWasmBackend(createSharedKernel());
      const settings = config({ optimizer, l2: 0.01, l1: 0.001 });
      let seed = 3;
      const next = (): number => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 2 - 1;
      const make = (): Param[] =>
        [1000, 37].map((n, k) => {
          seed = 3 + k;
          const p = { ...params().W, shape: [n], rows: n, cols: 1, decay: k === 0 };
          return { ...p, value: backend.alloc(n).map(next), grad: backend.alloc(n) };
        });
      const whole = make();
      const parted = make();
      const one = createOptimizer(whole, settings, backend);
      const split = createOptimizer(parted, settings, backend);
      const cuts = (n: number) => [0, Math.floor(n / 3), Math.floor((2 * n) / 3), n];
      const rules = [0, 1, 2].map((i) =>
        updateRule(
          settings,
          parted.map((p) => {
            const [lo, hi] = [cuts(p.value.length)[i], cuts(p.value.length)[i + 1]];
            return {
              value: p.value.subarray(lo, hi),
              grad: p.grad.subarray(lo, hi),
              decay: p.decay,
            };
          }),
          Object.fromEntries(
            OPTIMIZER_SLOTS[optimizer].map((slot) => [
              slot,
              split.slots[slot].map((b) => {
                const c = cuts(b.length);
                return b.subarray(c[i], c[i + 1]);
              }),
            ]),
          ),
          backend.updates,
        ),
      );
      for (let step = 0; step < 3; step++) {
        for (const list of [whole, parted]) {
          seed = 11 + step;
          for (const p of list) p.grad.set(p.grad.map(next));
        }
        one.update(0.05);
        const t = split.advance();
        for (const rule of rules) rule(0.05, t);
      }
      expect(split.exportState()).toEqual(one.exportState());
      parted.forEach((p, k) => expect(p.value).toEqual(whole[k].value));
      // Not trivially equal: the weights moved.
      expect(whole[0].value[0]).not.toBe(make()[0].value[0]);
    });
  }
});
