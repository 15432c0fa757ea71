import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { compile } from '../compile';
import type { Dataset } from '../dataset';
import { gradientCheck } from '../gradcheck';
import type { Graph } from '../graph';
import { Network } from '../network';
import { Rng } from '../random';
import { Trainer } from '../train';
import { chain, randomData } from '../testing/graphs';
import { inputGradientError, scaledError } from '../testing/gradients';
import { createWasmBackend } from '../kernels/backend-wasm';
import type { Tensor } from '../weights';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

type Layer = [kind: string, params: Record<string, unknown>];

function problemsOf(graph: Graph): { code: string; nodeId?: string; message: string }[] {
  const result = compile(graph);
  return result.ok ? [] : result.problems;
}

/** The problems of image(`shape`) → conv2d(`conv`) → flatten → mse. */
const convFlattenProblems = (shape: [number, number, number], conv: Record<string, unknown>) =>
  problemsOf(
    chain(
      shape,
      [
        ['conv2d', conv],
        ['flatten', {}],
      ],
      'mse',
    ),
  );

/** The network of the brief: conv → relu → pool → flatten → dense → softmax, cross-entropy. */
function cnn(
  image: [number, number, number],
  conv: Record<string, unknown>,
  pool: Layer,
  classes: number,
): Graph {
  return chain(
    image,
    [
      ['conv2d', conv],
      ['activation', { fn: 'relu' }],
      pool,
      ['flatten', {}],
      ['dense', { units: classes }],
      ['activation', { fn: 'softmax' }],
    ],
    'cross_entropy',
  );
}

describe('shapes', () => {
  it('infers image shapes through conv, pooling and flatten (TF sizes)', () => {
    const graph = chain(
      [8, 8, 1],
      [
        ['conv2d', { filters: 8 }],
        ['maxpool2d', {}],
        ['conv2d', { filters: 4, kernel: 3, stride: 2, padding: 'valid' }],
        ['avgpool2d', { size: 2, stride: 1, padding: 'same' }],
        ['flatten', {}],
        ['dense', { units: 3 }],
      ],
      'mse',
    );
    const result = compile(graph);
    expect(result.problems).toEqual([]);
    expect(result.dims.in).toEqual([8, 8, 1]);
    expect(result.dims.n0).toEqual([8, 8, 8]);
    expect(result.dims.n1).toEqual([4, 4, 8]);
    expect(result.dims.n2).toEqual([1, 1, 4]);
    expect(result.dims.n3).toEqual([1, 1, 4]);
    expect(result.dims.n4).toEqual([4]);
    expect(result.edgeDims.e0).toEqual([8, 8, 1]);
    expect(result.ok && result.net.parameterCount).toBe(
      3 * 3 * 8 + 8 + 3 * 3 * 8 * 4 + 4 + 4 * 3 + 3,
    );
  });

  it('uses 1 channel when only height and width are given, and a flat vector without them', () => {
    const image = compile({
      nodes: [
        { id: 'in', kind: 'input', params: { features: 12, height: 3, width: 4 } },
        { id: 'f', kind: 'flatten', params: {} },
        { id: 'loss', kind: 'loss', params: { fn: 'mse' } },
      ],
      edges: [
        { id: 'a', source: 'in', target: 'f' },
        { id: 'b', source: 'f', target: 'loss' },
      ],
    });
    expect(image.dims.in).toEqual([3, 4, 1]);
    expect(image.dims.f).toEqual([12]);
  });

  it('tells the student when the image size and Features disagree, or half an image is given', () => {
    const wrong = problemsOf({
      nodes: [
        { id: 'in', kind: 'input', params: { features: 30, height: 4, width: 4, channels: 2 } },
        { id: 'loss', kind: 'loss', params: { fn: 'mse' } },
      ],
      edges: [{ id: 'e', source: 'in', target: 'loss' }],
    });
    expect(wrong).toHaveLength(1);
    expect(wrong[0]).toMatchObject({ code: 'bad-param', nodeId: 'in', param: 'features' });
    expect(wrong[0].message).toContain('4 × 4 × 2');
    expect(wrong[0].message).toContain('32');

    const half = problemsOf({
      nodes: [
        { id: 'in', kind: 'input', params: { features: 16, height: 4 } },
        { id: 'loss', kind: 'loss', params: { fn: 'mse' } },
      ],
      edges: [{ id: 'e', source: 'in', target: 'loss' }],
    });
    expect(half).toHaveLength(1);
    expect(half[0]).toMatchObject({ code: 'bad-param', nodeId: 'in', param: 'width' });
  });

  it('refuses image data read as another picture of the same size (64 values as 4 × 16)', () => {
    const graph = chain([4, 16, 1], [['flatten', {}]], 'mse');
    const result = compile(graph, { features: 64, targets: 64, shape: [8, 8, 1] });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => [p.code, p.message])).toEqual([
      [
        'data-mismatch',
        'The data holds 8 × 8 × 1 images, but this Input reads them as 4 × 16 × 1: set Height, Width and Channels to the data’s shape.',
      ],
    ]);
    expect(compile(chain([8, 8, 1], [['flatten', {}]], 'mse'), { shape: [8, 8, 1] }).ok).toBe(true);
  });

  it('refuses convolution and pooling on a flat input, naming what to do', () => {
    for (const kind of ['conv2d', 'maxpool2d', 'avgpool2d']) {
      const graph: Graph = {
        nodes: [
          { id: 'in', kind: 'input', params: { features: 64 } },
          { id: 'x', kind, params: kind === 'conv2d' ? { filters: 2 } : {} },
          { id: 'loss', kind: 'loss', params: { fn: 'mse' } },
        ],
        edges: [
          { id: 'a', source: 'in', target: 'x' },
          { id: 'b', source: 'x', target: 'loss' },
        ],
      };
      const problems = problemsOf(graph);
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatchObject({ code: 'shape-mismatch', nodeId: 'x' });
      expect(problems[0].message).toMatch(/m × 64/);
      expect(problems[0].message).toMatch(/height and width/);
    }
  });

  it('refuses a valid-padding window larger than the image, on that parameter', () => {
    const conv = problemsOf(
      chain([4, 3, 1], [['conv2d', { filters: 2, kernel: 4, padding: 'valid' }]], 'mse'),
    );
    expect(conv).toHaveLength(1);
    expect(conv[0]).toMatchObject({ code: 'bad-param', nodeId: 'n0', param: 'kernel' });
    expect(conv[0].message).toContain('4 × 3');
    const pool = problemsOf(chain([2, 2, 1], [['maxpool2d', { size: 3 }]], 'mse'));
    expect(pool[0]).toMatchObject({ code: 'bad-param', nodeId: 'n0', param: 'size' });
    // Same padding always fits.
    expect(convFlattenProblems([2, 2, 1], { filters: 1, kernel: 5 })).toEqual([]);
  });

  it('refuses a convolution whose output is too large to keep, on its filters', () => {
    const problems = problemsOf(chain([100, 100, 1], [['conv2d', { filters: 11 }]], 'mse'));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ code: 'too-large', nodeId: 'n0', param: 'filters' });
    expect(problems[0].message).toContain('m × 100 × 100 × 11');
    expect(convFlattenProblems([100, 100, 1], { filters: 10 })).toEqual([]);
  });

  it('asks for a Flatten between an image and a Dense layer', () => {
    const problems = problemsOf(chain([4, 4, 1], [['dense', { units: 2 }]], 'mse'));
    expect(problems).toHaveLength(1);
    expect(problems[0].message).toMatch(/Flatten/);
  });
});

/** Input 6 × 6 × 2 and the networks the gradient checks and TF.js comparisons run on. */
const IMAGE: [number, number, number] = [6, 6, 2];
const networks: [string, Graph][] = [
  ['conv 3×3 same → maxpool 2', cnn(IMAGE, { filters: 3 }, ['maxpool2d', {}], 4)],
  [
    'conv 3×3 stride 2 valid → avgpool 2 same',
    cnn(IMAGE, { filters: 2, stride: 2, padding: 'valid' }, ['avgpool2d', { padding: 'same' }], 3),
  ],
  [
    'conv 2×2 same, no bias → maxpool 3 stride 2 same',
    cnn(
      IMAGE,
      { filters: 3, kernel: 2, bias: false, init: 'xavier' },
      ['maxpool2d', { size: 3, stride: 2, padding: 'same' }],
      3,
    ),
  ],
  [
    'conv 4×4 stride 3 same → avgpool 2 stride 1 valid',
    cnn(IMAGE, { filters: 2, kernel: 4, stride: 3 }, ['avgpool2d', { stride: 1 }], 2),
  ],
];

function dataFor(graph: Graph, m: number, seed: number): { net: Network; data: Dataset } {
  const result = compile(graph);
  if (!result.ok) throw new Error(result.problems.map((p) => p.message).join('\n'));
  const classes = result.net.outputs;
  return {
    net: new Network(result.net, { seed }),
    data: randomData(m, result.net.features, classes, 'cross_entropy', seed + 1),
  };
}

describe('finite-difference gradient checks, float64', () => {
  for (const [name, graph] of networks) {
    it(`every parameter and the input: ${name}`, () => {
      const { net, data } = dataFor(graph, 3, 1);
      const result = gradientCheck(net, data);
      expect(result.tensors.map((t) => `${t.nodeId}.${t.name}`)).toEqual(
        graph.nodes[1].params.bias === false
          ? ['n0.W', 'n4.W', 'n4.b']
          : ['n0.W', 'n0.b', 'n4.W', 'n4.b'],
      );
      expect(result.maxRelError).toBeLessThan(1e-6);

      // ∂L/∂x, through the convolution to the image. Pixels no window reads (stride 2,
      // valid) have gradient 0 exactly, where the differences only show rounding
      // (~1e-13): below 1e-5, compare absolutely.
      expect(inputGradientError(net, data, 1e-5)).toBeLessThan(1e-6);
    });
  }
});

/** The same network written with TF.js ops, from our weights: the loss and the gradients. */
function tfLossAndGrads(
  graph: Graph,
  weights: Record<string, Record<string, Tensor>>,
  data: Dataset,
): { loss: number; grads: Record<string, number[]>; dx: number[] } {
  const conv = graph.nodes[1].params;
  const pool = graph.nodes[3];
  const [h, w, c] = IMAGE;
  const x = tf.tensor4d(Array.from(data.x), [data.m, h, w, c]);
  const y = tf.tensor2d(Array.from(data.y), [data.m, data.targets]);
  const names: [string, string][] = [
    ['n0', 'W'],
    ['n0', 'b'],
    ['n4', 'W'],
    ['n4', 'b'],
  ].filter(([id, name]) => weights[id][name] !== undefined) as [string, string][];
  const vars = names.map(([id, name]) => tf.tensor(weights[id][name] as number[]));
  const model = (input: tf.Tensor, ...ps: tf.Tensor[]): tf.Scalar => {
    const p = (id: string, name: string): tf.Tensor | undefined => {
      const i = names.findIndex(([a, b]) => a === id && b === name);
      return i < 0 ? undefined : ps[i];
    };
    let z: tf.Tensor = tf.conv2d(
      input as tf.Tensor4D,
      p('n0', 'W') as tf.Tensor4D,
      (conv.stride as number | undefined) ?? 1,
      (conv.padding as 'same' | 'valid' | undefined) ?? 'same',
    );
    if (p('n0', 'b')) z = tf.add(z, p('n0', 'b')!);
    const a = tf.relu(z);
    const size = (pool.params.size as number | undefined) ?? 2;
    const stride = (pool.params.stride as number | undefined) ?? size;
    const padding = (pool.params.padding as 'same' | 'valid' | undefined) ?? 'valid';
    const pooled =
      pool.kind === 'maxpool2d'
        ? tf.maxPool(a as tf.Tensor4D, size, stride, padding)
        : tf.avgPool(a as tf.Tensor4D, size, stride, padding);
    const flat = tf.reshape(pooled, [data.m, -1]);
    const logits = tf.add(tf.matMul(flat, p('n4', 'W')!, false, true), p('n4', 'b')!);
    return tf.losses.softmaxCrossEntropy(y, logits) as tf.Scalar;
  };
  const { value, grads } = tf.valueAndGrads((...args: tf.Tensor[]) =>
    model(args[0], ...args.slice(1)),
  )([x, ...vars]);
  const out = {
    loss: value.dataSync()[0],
    dx: Array.from(grads[0].dataSync()),
    grads: Object.fromEntries(
      names.map(([id, name], i) => [`${id}.${name}`, Array.from(grads[i + 1].dataSync())]),
    ),
  };
  tf.dispose([x, y, value, ...vars, ...grads]);
  return out;
}

function flat(t: Tensor): number[] {
  return (t as unknown[]).flat(Infinity) as number[];
}

describe('TF.js parity: loss and every gradient', () => {
  for (const [name, graph] of networks) {
    // Same-padding average pooling: TF.js's avgPool gradient divides edge windows by the
    // full window size, which is not the gradient of its own forward (kernels/conv.test.ts
    // shows it), so there only the loss and the dense layer's gradients can agree.
    const avgSame = graph.nodes[3].kind === 'avgpool2d' && graph.nodes[3].params.padding === 'same';
    it(`${name}${avgSame ? ' (loss and dense gradients)' : ''}`, () => {
      const { net, data } = dataFor(graph, 4, 7);
      net.setInputGradient(true);
      const loss = net.lossAndGradients(data);
      const ours = net.getGradients();
      const ref = tfLossAndGrads(graph, net.getWeights(), data);
      expect(Math.abs(loss - ref.loss) / ref.loss).toBeLessThan(1e-5);
      for (const [key, g] of Object.entries(ref.grads)) {
        const [id, param] = key.split('.');
        if (avgSame && id === 'n0') continue;
        expect(scaledError(flat(ours[id][param]), g), key).toBeLessThan(1e-4);
      }
      if (avgSame) return;
      const dx = net.nodeState('in')!.grad.subarray(0, data.x.length);
      expect(scaledError(dx, ref.dx)).toBeLessThan(1e-4);
    });
  }
});

describe('on the WebAssembly backend (float32)', () => {
  it('trains the digits-sized CNN to the same loss and gradients as float64', () => {
    const graph = cnn([8, 8, 1], { filters: 8 }, ['maxpool2d', {}], 10);
    const result = compile(graph);
    if (!result.ok) throw new Error('does not compile');
    const data = randomData(32, 64, 10, 'cross_entropy', 3);
    const ref = new Network(result.net, { seed: 5 });
    const wasm = new Network(result.net, { seed: 5, backend: createWasmBackend() });
    wasm.setWeights(ref.getWeights());
    const loss64 = ref.lossAndGradients(data);
    const loss32 = wasm.lossAndGradients(data);
    expect(Math.abs(loss32 - loss64) / loss64).toBeLessThan(1e-5);
    const g64 = ref.getGradients();
    const g32 = wasm.getGradients();
    for (const id of Object.keys(g64)) {
      for (const name of Object.keys(g64[id])) {
        expect(scaledError(flat(g32[id][name]), flat(g64[id][name])), `${id}.${name}`).toBeLessThan(
          1e-4,
        );
      }
    }
  });
});

/** 6 × 6 images with one bar, vertical (class 0) or horizontal (class 1), anywhere, on noise. */
function bars(m: number, seed: number): Dataset {
  const rng = new Rng(seed);
  const x = new Float64Array(m * 36);
  const y = new Float64Array(m * 2);
  for (let r = 0; r < m; r++) {
    const vertical = rng.int(2) === 0;
    const at = rng.int(6);
    for (let i = 0; i < 6; i++) {
      for (let j = 0; j < 6; j++) {
        const on = vertical ? j === at : i === at;
        x[r * 36 + i * 6 + j] = (on ? 1 : 0) + rng.uniform(-0.2, 0.2);
      }
    }
    y[r * 2 + (vertical ? 0 : 1)] = 1;
  }
  return { x, y, m, features: 36, targets: 2 };
}

describe('training', () => {
  it('learns to tell vertical from horizontal bars (wasm, mini-batches), which a bar anywhere needs convolution for', () => {
    const graph = cnn([6, 6, 1], { filters: 4 }, ['maxpool2d', { size: 6 }], 2);
    const result = compile(graph);
    if (!result.ok) throw new Error('does not compile');
    const net = new Network(result.net, { seed: 3, backend: createWasmBackend() });
    const train = bars(256, 1);
    const before = net.evaluate(train).loss;
    new Trainer(net, train, {
      optimizer: 'adam',
      learningRate: 0.01,
      batch: { miniBatch: 32 },
      epochs: 30,
      seed: 1,
      l2: 0,
    }).run();
    const test = net.evaluate(bars(200, 2));
    expect(test.loss).toBeLessThan(before / 4);
    expect(test.accuracy).toBeGreaterThan(0.97);
  });
});
