import { describe, expect, it } from 'vitest';
import { LOSS_TABLE, type LossSymbols, lossGradient, lossValue } from './losses';
import type { LossFn } from './graph';
import { Network } from './network';
import { chainNetwork } from './testing/graphs';

/** Row-major m × w arrays from nested rows. */
const rows = (r: number[][]): Float64Array => Float64Array.from(r.flat());

function gradient(fn: LossFn, a: Float64Array, y: Float64Array, m: number, w: number): number[] {
  const out = new Float64Array(m * w);
  lossGradient(fn, a, y, m, w, out);
  return Array.from(out);
}

const expectAllClose = (actual: ArrayLike<number>, expected: number[], digits = 12): void => {
  expect(actual.length).toBe(expected.length);
  expected.forEach((e, i) => expect(actual[i], `entry ${i}`).toBeCloseTo(e, digits));
};

describe('mse: L = 1/(m·w) Σ (a − y)², ∂L/∂a = 2(a − y)/(m·w)', () => {
  // m = 2 samples, w = 2 outputs: a − y = [0.5, 0, 1, −2], squares 0.25 + 0 + 1 + 4 = 5.25.
  const a = rows([
    [0.5, 1],
    [2, -1],
  ]);
  const y = rows([
    [0, 1],
    [1, 1],
  ]);

  it('averages over samples AND outputs: 5.25 / 4 = 1.3125', () => {
    expect(lossValue('mse', a, y, 2, 2)).toBeCloseTo(1.3125, 14);
  });

  it('has gradient 2/4 · (a − y) = [0.25, 0, 0.5, −1]', () => {
    expectAllClose(gradient('mse', a, y, 2, 2), [0.25, 0, 0.5, -1]);
  });

  it('reads only the first m rows', () => {
    // A third row in the buffers must not count when m = 2.
    const a3 = rows([
      [0.5, 1],
      [2, -1],
      [100, 100],
    ]);
    const y3 = rows([
      [0, 1],
      [1, 1],
      [0, 0],
    ]);
    expect(lossValue('mse', a3, y3, 2, 2)).toBeCloseTo(1.3125, 14);
  });
});

describe('bce: L = −1/(m·w) Σ [y ln a + (1 − y) ln(1 − a)]', () => {
  // m = 2, w = 2. Terms: y=1,a=0.5 → ln 2; y=0,a=0.8 → −ln 0.2 = ln 5;
  // y=0,a=0.25 → −ln 0.75 = ln(4/3); y=1,a=0.9 → −ln 0.9 = ln(10/9).
  // Sum = ln(2 · 5 · 4/3 · 10/9) = ln(400/27); mean over 4 entries.
  const a = rows([
    [0.5, 0.8],
    [0.25, 0.9],
  ]);
  const y = rows([
    [1, 0],
    [0, 1],
  ]);

  it('averages over samples and outputs: ln(400/27) / 4', () => {
    expect(lossValue('bce', a, y, 2, 2)).toBeCloseTo(Math.log(400 / 27) / 4, 14);
  });

  it('has gradient (a − y) / (a(1 − a)·m·w)', () => {
    // y=1: −1/(a·4);  y=0: 1/((1 − a)·4).
    // 0.5 → −1/2;  0.8 → 1/(0.2·4) = 1.25;  0.25 → 1/(0.75·4) = 1/3;  0.9 → −1/(0.9·4) = −5/18.
    expectAllClose(gradient('bce', a, y, 2, 2), [-0.5, 1.25, 1 / 3, -5 / 18]);
  });

  it('clamps a prediction of exactly 0 or 1 so the value and gradient stay finite', () => {
    // a = 1 with y = 0: ln(1 − a) is taken at 1e−15, so L = −ln 1e−15 = 15 ln 10.
    expect(lossValue('bce', rows([[1]]), rows([[0]]), 1, 1)).toBeCloseTo(15 * Math.LN10, 10);
    // A confident right answer costs nothing: a = 0, y = 0 and a = 1, y = 1.
    expect(lossValue('bce', rows([[0, 1]]), rows([[0, 1]]), 1, 2)).toBe(0);
    const g = gradient('bce', rows([[0, 1]]), rows([[1, 0]]), 1, 2);
    expect(g.every(Number.isFinite)).toBe(true);
    // Wrong and certain: pushed up at a = 0 (y = 1), down at a = 1 (y = 0).
    expect(g[0]).toBeLessThan(0);
    expect(g[1]).toBeGreaterThan(0);
  });
});

describe('cross_entropy: L = −1/m Σᵢ Σₖ yᵢₖ ln pᵢₖ', () => {
  // m = 2 samples, w = 3 classes; the true class has p = 0.5 and p = 0.6.
  // L = −(ln 0.5 + ln 0.6)/2 = ln(1/0.3)/2 = ln(10/3)/2 — mean over samples only, not classes.
  const p = rows([
    [0.2, 0.3, 0.5],
    [0.1, 0.6, 0.3],
  ]);
  const y = rows([
    [0, 0, 1],
    [0, 1, 0],
  ]);

  it('averages over samples only: ln(10/3) / 2', () => {
    expect(lossValue('cross_entropy', p, y, 2, 3)).toBeCloseTo(Math.log(10 / 3) / 2, 14);
  });

  it('has gradient ∂L/∂p = −y / (m·p): −1/(2·0.5) = −1 and −1/(2·0.6) = −5/6, else 0', () => {
    expectAllClose(gradient('cross_entropy', p, y, 2, 3), [0, 0, -1, 0, -5 / 6, 0]);
  });

  it('ignores classes with y = 0 even where p = 0, and clamps p = 0 on the true class', () => {
    // Row [0, 1] with y = [1, 0]: L = −ln 1e−15 = 15 ln 10, gradient −1/1e−15 (finite).
    const p0 = rows([[0, 1]]);
    const y0 = rows([[1, 0]]);
    expect(lossValue('cross_entropy', p0, y0, 1, 2)).toBeCloseTo(15 * Math.LN10, 10);
    expectAllClose(gradient('cross_entropy', p0, y0, 1, 2), [-1e15, 0], -10);
    expect(lossValue('cross_entropy', rows([[1, 0]]), rows([[1, 0]]), 1, 2)).toBe(0);
  });
});

describe('loss gradients against central differences of the loss value', () => {
  // Away from the clamps every loss is smooth in each a[i] separately.
  const a = rows([
    [0.3, 0.6, 0.1],
    [0.45, 0.2, 0.35],
  ]);
  const cases: [LossFn, Float64Array][] = [
    [
      'mse',
      rows([
        [1, -0.5, 0.2],
        [0, 0.7, 2],
      ]),
    ],
    [
      'bce',
      rows([
        [1, 0, 1],
        [0, 1, 1],
      ]),
    ],
    [
      'cross_entropy',
      rows([
        [0, 1, 0],
        [0.25, 0, 0.75],
      ]),
    ],
  ];
  for (const [fn, y] of cases) {
    it(fn, () => {
      const analytic = gradient(fn, a, y, 2, 3);
      const h = 1e-6;
      for (let i = 0; i < a.length; i++) {
        const keep = a[i];
        a[i] = keep + h;
        const up = lossValue(fn, a, y, 2, 3);
        a[i] = keep - h;
        const down = lossValue(fn, a, y, 2, 3);
        a[i] = keep;
        const numeric = (up - down) / (2 * h);
        expect(Math.abs(analytic[i] - numeric), `${fn} entry ${i}`).toBeLessThan(
          1e-7 * Math.max(1, Math.abs(numeric)),
        );
      }
    });
  }
});

describe('cross-entropy fused with softmax: ∂L/∂z = (p − y)/m', () => {
  // input(2) → dense(3) with W = 0 and b = [0, ln 2, 0] → softmax → cross-entropy.
  // Every row's logits are z = [0, ln 2, 0], so p = [1, 2, 1]/4 = [1/4, 1/2, 1/4].
  /** W = 0, so every row's logits are b. */
  const setBias = (n: Network, b: number[]): void =>
    n.setWeights({ n0: { W: [0, 1, 2].map(() => [0, 0]), b } });
  const net = () => {
    const n = chainNetwork(
      2,
      [
        ['dense', { units: 3 }],
        ['activation', { fn: 'softmax' }],
      ],
      'cross_entropy',
      1,
    );
    setBias(n, [0, Math.LN2, 0]);
    return n;
  };
  const data = {
    x: rows([
      [1, -1],
      [0.5, 2],
    ]),
    y: rows([
      [1, 0, 0],
      [0, 0, 1],
    ]),
    m: 2,
    features: 2,
    targets: 3,
  };

  it('L = −(ln 1/4 + ln 1/4)/2 = ln 4; ∂L/∂z and ∂L/∂b by hand', () => {
    const n = net();
    expect(n.lossAndGradients(data)).toBeCloseTo(Math.log(4), 12);
    // e1 carries z (dense → softmax). (p − y)/2:
    // row 0: [(1/4 − 1)/2, (1/2)/2, (1/4)/2] = [−3/8, 1/4, 1/8]
    // row 1: [(1/4)/2, (1/2)/2, (1/4 − 1)/2] = [1/8, 1/4, −3/8]
    expectAllClose(n.edgeGradient('e1')!.grad, [-3 / 8, 1 / 4, 1 / 8, 1 / 8, 1 / 4, -3 / 8]);
    // ∂L/∂b sums the rows: [−1/4, 1/2, −1/4].
    expectAllClose(n.getGradients().n0.b as number[], [-1 / 4, 1 / 2, -1 / 4]);
  });

  it('equals the unfused chain rule: −y/(m p) through the softmax Jacobian p(δ − p)', () => {
    const n = net();
    n.lossAndGradients(data);
    const p = Float64Array.from(n.nodeState('n1')!.value);
    expectAllClose(p, [1 / 4, 1 / 2, 1 / 4, 1 / 4, 1 / 2, 1 / 4]);
    const dp = gradient('cross_entropy', p, data.y, 2, 3);
    const dz: number[] = [];
    for (let r = 0; r < 2; r++)
      for (let k = 0; k < 3; k++) {
        let s = 0;
        for (let j = 0; j < 3; j++)
          s += dp[r * 3 + j] * p[r * 3 + j] * ((j === k ? 1 : 0) - p[r * 3 + k]);
        dz.push(s);
      }
    expectAllClose(n.edgeGradient('e1')!.grad, dz);
  });

  it('∂L/∂b matches central differences of the network loss', () => {
    const n = net();
    n.lossAndGradients(data);
    const analytic = n.getGradients().n0.b as number[];
    const h = 1e-6;
    const b0 = [0, Math.LN2, 0];
    for (let j = 0; j < 3; j++) {
      const at = (d: number): number => {
        const b = b0.slice();
        b[j] += d;
        setBias(n, b);
        n.loadBatch(data, null, 0, 2);
        return n.forward();
      };
      const numeric = (at(h) - at(-h)) / (2 * h);
      expect(Math.abs(analytic[j] - numeric), `b[${j}]`).toBeLessThan(1e-8);
    }
  });
});

describe('LOSS_TABLE: one record per loss, its words agreeing with its code', () => {
  const symbols = (K: number): LossSymbols => ({
    a: K === 1 ? 'a_{i}' : 'a_{k,i}',
    y: K === 1 ? 'y_{i}' : 'y_{k,i}',
    vecA: '\\mathbf{a}',
    K,
    partial: (x) => `\\partial_{${x}}`,
  });

  it('mse and bce divide by m·w (the number of entries), cross-entropy by m', () => {
    expect(LOSS_TABLE.mse.formula).toContain('1/(m·w)');
    expect(LOSS_TABLE.mse.gradientText).toContain('(m·w)');
    expect(LOSS_TABLE.bce.formula).toContain('1/(m·w)');
    expect(LOSS_TABLE.bce.gradientText).toContain('m·w');
    expect(LOSS_TABLE.cross_entropy.formula).toContain('(1/m)');
    expect(LOSS_TABLE.mse.count(5, 3)).toBe(15);
    expect(LOSS_TABLE.bce.count(5, 3)).toBe(15);
    expect(LOSS_TABLE.cross_entropy.count(5, 3)).toBe(5);
  });

  it('count() is the denominator value() uses: all-ones errors give L = entries / count', () => {
    // mse with a − y = 1 everywhere: L = Σ 1 / count = 1 for any m, w.
    const ones = rows([
      [1, 1, 1],
      [1, 1, 1],
    ]);
    const zeros = new Float64Array(6);
    expect(LOSS_TABLE.mse.value(ones, zeros, 2, 3)).toBe((2 * 3) / LOSS_TABLE.mse.count(2, 3));
  });

  it('the TeX reduces to the seed notes’ 1/m for one output and shows m·K for more', () => {
    expect(LOSS_TABLE.mse.tex.value(symbols(1))).toBe(
      'L = \\frac{1}{m} \\sum_{i=1}^{m} \\left(a_{i} - y_{i}\\right)^2',
    );
    expect(LOSS_TABLE.mse.tex.value(symbols(3))).toContain('\\frac{1}{m \\cdot 3}');
    expect(LOSS_TABLE.mse.tex.gradient(symbols(3))).toContain('\\frac{2}{m \\cdot 3}');
    expect(LOSS_TABLE.bce.tex.value(symbols(1))).toContain('-\\frac{1}{m} \\sum_{i=1}^{m}');
    expect(LOSS_TABLE.bce.tex.gradient(symbols(2))).toContain('m \\cdot 2 \\cdot a_{k,i}');
    expect(LOSS_TABLE.cross_entropy.tex.value(symbols(4))).toContain('\\sum_{k=1}^{4}');
    expect(LOSS_TABLE.cross_entropy.tex.gradient(symbols(4))).toBe(
      '\\partial_{p_{k,i}} = -\\frac{y_{k,i}}{m\\, p_{k,i}}',
    );
  });

  it('lossValue and lossGradient are the records’ functions', () => {
    const a = rows([[0.2, 0.8]]);
    const y = rows([[0, 1]]);
    for (const fn of ['mse', 'bce', 'cross_entropy'] as const) {
      expect(lossValue(fn, a, y, 1, 2)).toBe(LOSS_TABLE[fn].value(a, y, 1, 2));
      const out = new Float64Array(2);
      LOSS_TABLE[fn].gradient(a, y, 1, 2, out);
      expect(gradient(fn, a, y, 1, 2)).toEqual(Array.from(out));
    }
  });
});
