/**
 * Dropout, batch norm and layer norm inside networks: the whole network's
 * gradients against finite differences (gradcheck.ts, float64), and its loss
 * and gradients against the same network written in TF.js ops.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Dataset } from '../dataset';
import { createJsBackend } from '../backend-js';
import { gradientCheck } from '../gradcheck';
import { createWasmBackend } from '../kernels/backend-wasm';
import { Network } from '../network';
import { chain, chainNetwork, mustCompile, randomData } from '../testing/graphs';
import type { Tensor, WeightsRecord } from '../weights';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

type Layers = [string, Record<string, unknown>][];

function network(layers: Layers, features: number, loss: string, seed = 3): Network {
  return chainNetwork(features, layers, loss, seed);
}

const flat = (t: Tensor): number[] => (t as unknown[]).flat(Infinity) as number[];

/** Every γ and β off their initial ones and zeros, so that their gradients are tested in general position. */
function perturb(net: Network, seed: number): void {
  const weights = net.getWeights();
  let k = seed;
  const next = () => ((k = (k * 16807) % 2147483647) / 2147483647) * 0.8 - 0.4;
  const out: WeightsRecord = {};
  for (const [id, tensors] of Object.entries(weights)) {
    if (!('gamma' in tensors)) continue;
    out[id] = {
      gamma: (tensors.gamma as number[]).map(() => 1 + next()),
      beta: (tensors.beta as number[]).map(() => next()),
    };
  }
  net.setWeights(out);
}

describe('network gradient check (float64, fourth-order differences)', () => {
  const data = randomData(12, 3, 2, 'mse', 5);
  /** input(3) → dense(`units`) → `layer` (node n1) → activation(`fn`) → dense(2) → mse. */
  const around = (units: number, layer: Layers[number], fn: string) =>
    network(
      [['dense', { units }], layer, ['activation', { fn }], ['dense', { units: 2 }]],
      3,
      'mse',
    );

  it('dropout with a fixed mask: every weight within 1e-6', () => {
    const net = around(6, ['dropout', { rate: 0.4 }], 'tanh');
    net.holdDraws = true;
    const result = gradientCheck(net, data);
    expect(result.maxRelError).toBeLessThan(1e-6);
    // The mask did drop something: some of the hidden layer's outputs are zero.
    net.lossAndGradients(data);
    expect(Array.from(net.nodeState('n1')!.value).some((v) => v === 0)).toBe(true);
  });

  it('dropout at rate 0 is the network without it, loss and gradients', () => {
    const layers = (extra: Layers): Layers => [
      ['dense', { units: 4 }],
      ...extra,
      ['activation', { fn: 'sigmoid' }],
      ['dense', { units: 2 }],
    ];
    const a = network(layers([['dropout', { rate: 0 }]]), 3, 'mse');
    const b = network(layers([]), 3, 'mse');
    b.setWeights({ n0: a.getWeights().n0, n2: a.getWeights().n3 });
    expect(a.lossAndGradients(data)).toBe(b.lossAndGradients(data));
    expect(a.getGradients().n0).toEqual(b.getGradients().n0);
  });

  it('batch norm in training (batch statistics): every weight, γ and β within 1e-6', () => {
    const net = around(5, ['batchnorm', { momentum: 0.9 }], 'tanh');
    perturb(net, 7);
    const result = gradientCheck(net, data);
    expect(result.tensors.map((t) => `${t.nodeId}.${t.name}`)).toEqual(
      expect.arrayContaining(['n1.gamma', 'n1.beta']),
    );
    for (const t of result.tensors) {
      // The bias before a batch norm does nothing (the batch mean takes it away): its gradient
      // is 0 and the differences are rounding (~1e-13), so it is judged absolutely.
      if (t.nodeId === 'n0' && t.name === 'b') expect(t.maxAbsError).toBeLessThan(1e-10);
      else expect(t.maxRelError, `${t.nodeId}.${t.name}`).toBeLessThan(1e-6);
    }
    net.lossAndGradients(data);
    for (const g of net.getGradients().n0.b as number[]) expect(Math.abs(g)).toBeLessThan(1e-12);
  });

  it('layer norm: every weight, γ and β within 1e-6', () => {
    const net = around(5, ['layernorm', {}], 'elu');
    perturb(net, 9);
    const result = gradientCheck(net, data);
    expect(result.tensors.map((t) => `${t.nodeId}.${t.name}`)).toEqual(
      expect.arrayContaining(['n1.gamma', 'n1.beta']),
    );
    expect(result.maxRelError).toBeLessThan(1e-6);
  });
});

describe('on images (m × 4 × 3 × 2, channels last)', () => {
  /** input image → conv 3×3 → batch norm (per channel over m·h·w) → layer norm (per position over channels) → dropout → flatten → dense. */
  const imageNet = () => {
    const graph = chain(
      24,
      [
        ['conv2d', { filters: 3, kernel: 3 }],
        ['batchnorm', { momentum: 0.5 }],
        ['activation', { fn: 'tanh' }],
        ['layernorm', {}],
        ['dropout', { rate: 0.25 }],
        ['flatten', {}],
        ['dense', { units: 2 }],
      ],
      'mse',
    );
    graph.nodes[0].params = { features: 24, height: 4, width: 3, channels: 2 };
    const net = new Network(mustCompile(graph), { seed: 6 });
    net.holdDraws = true;
    perturb(net, 5);
    return net;
  };
  const data = randomData(5, 24, 2, 'mse', 9);

  it('every weight, γ and β within 1e-6 of finite differences', () => {
    const net = imageNet();
    const result = gradientCheck(net, data);
    expect(result.tensors.map((t) => `${t.nodeId}.${t.name}`)).toEqual(
      expect.arrayContaining(['n1.gamma', 'n1.beta', 'n3.gamma', 'n3.beta']),
    );
    for (const t of result.tensors) {
      // The conv's bias before a batch norm does nothing (see above): judged absolutely.
      if (t.nodeId === 'n0' && t.name === 'b') expect(t.maxAbsError).toBeLessThan(1e-10);
      else expect(t.maxRelError, `${t.nodeId}.${t.name}`).toBeLessThan(1e-6);
    }
  });

  it('batch norm keeps one γ, β, mean and variance per channel, averaged over samples and positions', () => {
    const net = imageNet();
    expect(flat(net.getWeights().n1.gamma)).toHaveLength(3);
    net.lossAndGradients(data);
    const z = Array.from(net.nodeState('n0')!.value);
    const mean = flat(net.getWeights().n1.mean);
    for (let c = 0; c < 3; c++) {
      const col = z.filter((_, i) => i % 3 === c);
      expect(col).toHaveLength(5 * 4 * 3);
      expect(mean[c]).toBeCloseTo(0.5 * (col.reduce((s, v) => s + v, 0) / col.length), 12);
    }
  });
});

describe('training and inference', () => {
  const data = randomData(16, 3, 1, 'mse', 2);

  it('batch norm: training updates the running statistics, inference reads them', () => {
    const net = network(
      [
        ['dense', { units: 3 }],
        ['batchnorm', { momentum: 0.5, epsilon: 0.01 }],
      ],
      3,
      'mse',
    );
    const before = net.getWeights().n1;
    expect(flat(before.mean)).toEqual([0, 0, 0]);
    expect(flat(before.variance)).toEqual([1, 1, 1]);
    net.lossAndGradients(data);
    const z = Array.from(net.nodeState('n0')!.value);
    const after = net.getWeights().n1;
    for (let c = 0; c < 3; c++) {
      const col = z.filter((_, i) => i % 3 === c);
      const mu = col.reduce((s, v) => s + v, 0) / col.length;
      const v = col.reduce((s, x) => s + (x - mu) ** 2, 0) / col.length;
      expect(flat(after.mean)[c]).toBeCloseTo(0.5 * mu, 12);
      expect(flat(after.variance)[c]).toBeCloseTo(0.5 + 0.5 * v, 12);
    }
    // Inference: y = γ (z − running mean)/√(running variance + ε) + β, with γ = 1, β = 0.
    const y = net.predict(data.x, data.m);
    for (let i = 0; i < y.length; i++) {
      const c = i % 3;
      const want = (z[i] - flat(after.mean)[c]) / Math.sqrt(flat(after.variance)[c] + 0.01);
      expect(y[i]).toBeCloseTo(want, 12);
    }
    // and leaves them alone.
    expect(net.getWeights().n1).toEqual(after);
  });

  it('dropout: inference is the identity; training passes draw new masks, replayed by the seed', () => {
    const layers: Layers = [
      ['dense', { units: 8 }],
      ['dropout', { rate: 0.5 }],
    ];
    const a = network(layers, 3, 'mse');
    const b = network(layers, 3, 'mse');
    a.loadBatch(data, null, 0, data.m);
    a.forward(false);
    expect(Array.from(a.nodeState('n1')!.value)).toEqual(Array.from(a.nodeState('n0')!.value));
    const masks = (net: Network) =>
      [0, 1].map(() => {
        net.lossAndGradients(data);
        return Array.from(net.nodeState('n1')!.value, (v) => v === 0);
      });
    const [a1, a2] = masks(a);
    const [b1, b2] = masks(b);
    expect(a1).not.toEqual(a2);
    expect(b1).toEqual(a1);
    expect(b2).toEqual(a2);
  });
});

describe('float32 backends (JS and WebAssembly) agree with float64', () => {
  it('a network with dropout, batch norm and layer norm: loss and gradients within float32 precision', () => {
    const data = randomData(20, 3, 2, 'mse', 4);
    const graph = mustCompile(
      chain(
        3,
        [
          ['dense', { units: 6 }],
          ['batchnorm', {}],
          ['activation', { fn: 'gelu' }],
          ['dropout', { rate: 0.3 }],
          ['dense', { units: 4 }],
          ['layernorm', {}],
          ['activation', { fn: 'softplus' }],
          ['dense', { units: 2 }],
        ],
        'mse',
      ),
    );
    const exact = new Network(graph, { seed: 2 });
    exact.holdDraws = true;
    const loss = exact.lossAndGradients(data);
    const grads = exact.getGradients();
    for (const backend of [createJsBackend('float32'), createWasmBackend()]) {
      const net = new Network(graph, { seed: 2, backend, weights: exact.getWeights() });
      net.holdDraws = true;
      expect(Math.abs(net.lossAndGradients(data) - loss) / loss, backend.name).toBeLessThan(1e-5);
      const theirs = net.getGradients();
      for (const [id, tensors] of Object.entries(grads))
        for (const [name, g] of Object.entries(tensors)) {
          const a = flat(g);
          const b = flat(theirs[id][name]);
          const scale = Math.max(1e-3, ...a.map(Math.abs));
          a.forEach((v, i) =>
            expect(Math.abs(v - b[i]) / scale, `${backend.name} ${id}.${name}[${i}]`).toBeLessThan(
              1e-4,
            ),
          );
        }
    }
  });
});

// TF.js parity ---------------------------------------------------------------------------

/** x·Wᵀ + b for our W (units × inputs). */
const denseTf = (x: tf.Tensor, W: tf.Tensor, b: tf.Tensor) =>
  tf.add(tf.matMul(x as tf.Tensor2D, W as tf.Tensor2D, false, true), b);

/**
 * Our loss and gradients against TF.js' for input → dense → `middle` → tanh → dense → mse,
 * `middle` written in TF ops on the first dense layer's output.
 */
function parity(
  layers: Layers,
  middle: (z: tf.Tensor2D, w: Record<string, tf.Tensor>) => tf.Tensor,
  data: Dataset,
  prepare?: (net: Network) => void,
): void {
  const net = network(layers, data.features, 'mse');
  prepare?.(net);
  const loss = net.lossAndGradients(data);
  const weights = net.getWeights();
  const grads = net.getGradients();
  const names: [string, string][] = [];
  for (const [id, tensors] of Object.entries(grads))
    for (const name of Object.keys(tensors)) names.push([id, name]);
  const x = tf.tensor2d(Float32Array.from(data.x), [data.m, data.features]);
  const y = tf.tensor2d(Float32Array.from(data.y), [data.m, data.targets]);
  const f = (...vars: tf.Tensor[]) => {
    const w: Record<string, tf.Tensor> = {};
    names.forEach(([id, name], k) => (w[`${id}.${name}`] = vars[k]));
    const z = denseTf(x, w['n0.W'], w['n0.b']);
    const h = tf.tanh(middle(z as tf.Tensor2D, w));
    const out = denseTf(h as tf.Tensor2D, w['n3.W'], w['n3.b']);
    return tf.mean(tf.square(tf.sub(out, y)));
  };
  const inputs = names.map(([id, name]) =>
    tf.tensor(flat(weights[id][name]), shapeOf(weights[id][name])),
  );
  const { value, grads: theirs } = tf.valueAndGrads(f)(inputs);
  expect(Math.abs(loss - value.dataSync()[0])).toBeLessThan(1e-5 * Math.max(1, loss));
  names.forEach(([id, name], k) => {
    const ours = flat(grads[id][name]);
    const want = theirs[k].dataSync();
    const scale = Math.max(1e-3, ...Array.from(want, Math.abs));
    ours.forEach((v, i) =>
      expect(Math.abs(v - want[i]) / scale, `${id}.${name}[${i}]`).toBeLessThan(1e-4),
    );
  });
}

const shapeOf = (t: Tensor): number[] =>
  Array.isArray(t[0]) ? [t.length, ...shapeOf(t[0] as Tensor)] : [t.length];

describe('networks against TF.js (loss and every gradient)', () => {
  const data = randomData(10, 3, 2, 'mse', 8);

  it('batch norm in training: tf.moments over the batch', () =>
    parity(
      [
        ['dense', { units: 4 }],
        ['batchnorm', {}],
        ['activation', { fn: 'tanh' }],
        ['dense', { units: 2 }],
      ],
      (z, w) => {
        const { mean, variance } = tf.moments(z, 0);
        return tf.batchNorm(z, mean, variance, w['n1.beta'], w['n1.gamma'], 0.001);
      },
      data,
      (net) => perturb(net, 3),
    ));

  it('layer norm: tf.moments over the last axis', () =>
    parity(
      [
        ['dense', { units: 4 }],
        ['layernorm', { epsilon: 0.01 }],
        ['activation', { fn: 'tanh' }],
        ['dense', { units: 2 }],
      ],
      (z, w) => {
        const { mean, variance } = tf.moments(z, -1, true);
        const xhat = tf.div(tf.sub(z, mean), tf.sqrt(tf.add(variance, 0.01)));
        return tf.add(tf.mul(xhat, w['n1.gamma']), w['n1.beta']);
      },
      data,
      (net) => perturb(net, 4),
    ));

  it('dropout: TF.js with our mask (zeros where we dropped, 1/(1 − rate) elsewhere)', () => {
    // The mask our training pass drew, read back from the dense and dropout outputs.
    const layers: Layers = [
      ['dense', { units: 6 }],
      ['dropout', { rate: 0.5 }],
      ['activation', { fn: 'tanh' }],
      ['dense', { units: 2 }],
    ];
    const probe = network(layers, 3, 'mse');
    probe.holdDraws = true;
    probe.lossAndGradients(data);
    const z = probe.nodeState('n0')!.value;
    const d = probe.nodeState('n1')!.value;
    const mask = Float32Array.from(z, (v, i) => (d[i] === 0 ? 0 : 2));
    expect(mask.some((v) => v === 0) && mask.some((v) => v === 2)).toBe(true);
    Array.from(d).forEach((v, i) => expect(v).toBeCloseTo(z[i] * mask[i], 12));
    parity(
      layers,
      (h) => tf.mul(h, tf.tensor2d(mask, [data.m, 6])),
      data,
      (net) => {
        net.holdDraws = true;
      },
    );
  });
});
