/**
 * Step mode for kinds without steps of their own: the op's formulas with the
 * engine's numbers. Exercised on real kinds through the generic builders
 * (add, concatenate, and a dense layer's tensors by name), and on the slicing
 * of image-shaped tensors.
 */
import katex from 'katex';
import { describe, expect, it } from 'vitest';
import type { Graph } from '../../engine/graph';
import { Network } from '../../engine/network';
import { OPS } from '../../engine/ops';
import type { TrainConfig } from '../../engine/train';
import { denseWeights } from '../../engine/weights';
import { mustCompile, namedChain, type ChainLink } from '../../engine/testing/graphs';
import {
  chooseBatch,
  describeSteps,
  genericBackward,
  genericForward,
  genericUpdate,
  makeContext,
  showTensor,
  traceUpdate,
  type Step,
} from '.';

/** A residual block and a concatenation: in → d1 → t1 → d2, add(t1, d2), cat(add, in) → out. */
const NODES: [string, Graph['nodes'][number]['kind'], Record<string, unknown>][] = [
  ['in', 'input', { features: 3 }],
  ['d1', 'dense', { units: 4 }],
  ['t1', 'activation', { fn: 'tanh' }],
  ['d2', 'dense', { units: 4 }],
  ['add', 'add', {}],
  ['cat', 'concat', {}],
  ['out', 'dense', { units: 2 }],
  ['loss', 'loss', { fn: 'mse' }],
];
/** Edge ids a, b, c, … in this order: source, target (and slot). */
const EDGES: [string, string, number?][] = [
  ['in', 'd1'],
  ['d1', 't1'],
  ['t1', 'd2'],
  ['t1', 'add'],
  ['d2', 'add'],
  ['add', 'cat', 0],
  ['in', 'cat', 1],
  ['cat', 'out'],
  ['out', 'loss'],
];
const GRAPH: Graph = {
  nodes: NODES.map(([id, kind, params]) => ({ id, kind, params })),
  edges: EDGES.map(([source, target, targetSlot], k) => ({
    id: 'abcdefghi'[k],
    source,
    target,
    ...(targetSlot === undefined ? {} : { targetSlot }),
  })),
};

const TRAINING: TrainConfig = {
  optimizer: 'sgd',
  learningRate: 0.1,
  l2: 0,
  batch: 'full',
  epochs: 1,
  seed: 1,
};

function setUp(m: number, training: TrainConfig = TRAINING) {
  const compiled = mustCompile(GRAPH);
  const net = new Network(compiled, { seed: 3 });
  const x = Float64Array.from({ length: m * 3 }, (_, k) => Math.sin(k + 1));
  const y = Float64Array.from({ length: m * 2 }, (_, k) => Math.cos(k));
  const batch = chooseBatch({ x, y, m, features: 3, targets: 2 }, 'full');
  const trace = traceUpdate(net, batch, training);
  const node = (id: string) => compiled.nodes.find((n) => n.id === id)!;
  return { net, trace, node };
}

/** An m × width engine buffer in step mode's layout: width rows, one column per sample. */
const asColumns = (a: ArrayLike<number>, width: number, m: number) =>
  Array.from({ length: width }, (_, j) => Array.from({ length: m }, (_, i) => a[i * width + j]));

const value = (step: Step, key: string) => {
  const v = step.values.find((x) => x.key === key);
  if (!v) throw new Error(`no value ${key} in ${step.key}`);
  return v.rows;
};

describe('generic steps on real kinds', () => {
  it('forward shows the op’s formula and the engine’s output (add, concatenate)', () => {
    const { net, trace, node } = setUp(4);
    const c = makeContext(trace, { neuron: 0, sample: 0 });
    for (const id of ['add', 'cat']) {
      const [step] = genericForward(node(id), c);
      expect(step.key).toBe(`forward:${id}`);
      expect(step.nodeId).toBe(id);
      expect(step.formula[0]).toBe(OPS[node(id).kind].tex.forward);
      const state = net.nodeState(id)!;
      expect(value(step, 'h')).toEqual(asColumns(state.value, state.cols, 4));
      expect(step.focus).toBeUndefined();
    }
  });

  it('backward shows ∂L/∂(each tensor) by name and the gradient on each input edge', () => {
    const { net, trace, node } = setUp(4);
    const c = makeContext(trace, { neuron: 0, sample: 0 });
    const grads = denseWeights(net.getGradients().d2)!;
    const [step, ...rest] = genericBackward(node('d2'), c);
    expect(rest).toEqual([]);
    expect(step.key).toBe('backward:d2');
    expect(step.nodeId).toBe('d2');
    expect(step.formula[0]).toBe(OPS.dense.tex.backward);
    expect(step.values.map((v) => v.key)).toEqual(['dx', 'dW', 'db']);
    expect(value(step, 'dx')).toEqual(asColumns(net.edgeGradient('c')!.grad, 4, 4));
    expect(value(step, 'dW')).toEqual(grads.W);
    // A vector the node keeps reads as a row.
    expect(value(step, 'db')).toEqual([grads.b]);
    // Concatenate: the gradient on each input edge that carries one (the input's does not).
    const [cat] = genericBackward(node('cat'), c);
    expect(cat.values.map((v) => v.key)).toEqual(['dx1']);
    expect(value(cat, 'dx1')).toEqual(asColumns(net.edgeGradient('f')!.grad, 4, 4));
    // Add: both inputs.
    const [add] = genericBackward(node('add'), c);
    expect(add.values.map((v) => v.key)).toEqual(['dx1', 'dx2']);
    expect(value(add, 'dx2')).toEqual(asColumns(net.edgeGradient('e')!.grad, 4, 4));
  });

  it('shows one sample of a batch too large to show whole', () => {
    const { net, trace, node } = setUp(10);
    const [step] = genericForward(node('cat'), makeContext(trace, { neuron: 0, sample: 7 }));
    const out = net.nodeState('cat')!.value;
    expect(step.focus).toEqual({ sample: { index: 7, count: 10 } });
    expect(value(step, 'h')).toEqual(Array.from(out.slice(7 * 7, 8 * 7)).map((v) => [v]));
  });

  it('updates every trained tensor: θ − λ·∂L/∂θ for gradient descent', () => {
    const { net, trace, node } = setUp(4);
    const before = denseWeights(net.getWeights().out)!;
    const grads = denseWeights(net.getGradients().out)!;
    const [step] = genericUpdate(node('out'), makeContext(trace, { neuron: 0, sample: 0 }));
    expect(step.key).toBe('update:out');
    const W = value(step, 'W');
    W.forEach((row, j) =>
      row.forEach((v, k) => expect(v).toBeCloseTo(before.W[j][k] - 0.1 * grads.W[j][k], 14)),
    );
    const [b] = value(step, 'b');
    expect(b).toHaveLength(2);
    b.forEach((v, j) => expect(v).toBeCloseTo(before.b[j] - 0.1 * grads.b[j], 14));
    // The network keeps its weights.
    expect(net.getWeights().out).toEqual({ W: before.W, b: before.b });
  });

  it('describes the whole graph, every step with its node or edge', () => {
    const { trace } = setUp(4);
    const steps = describeSteps(trace);
    for (const s of steps) expect(Boolean(s.nodeId) !== Boolean(s.edgeId)).toBe(true);
    // Formulas carry no words (node ids aside).
    const ids = new RegExp(`\\\\text\\{(${GRAPH.nodes.map((n) => n.id).join('|')})\\}`, 'g');
    const c = makeContext(trace, { neuron: 0, sample: 0 });
    const generic = GRAPH.nodes.flatMap((n) => {
      const compiled = trace.graph.nodes.find((x) => x.id === n.id)!;
      return [...genericForward(compiled, c), ...genericBackward(compiled, c)];
    });
    for (const s of [...steps, ...generic, ...genericUpdate(trace.graph.nodes[1], c)])
      for (const line of s.formula) {
        expect(line.replace(ids, '')).not.toMatch(/\\text\{[a-z ]{3,}\}/);
        expect(() => katex.renderToString(line, { throwOnError: true }), line).not.toThrow();
      }
    expect(steps.filter((s) => s.phase === 'update').map((s) => s.key)).toEqual([
      'update:d1',
      'update:d2',
      'update:out',
    ]);
  });
});

describe('showing tensors of any shape', () => {
  it('shows an image channel by channel as small matrices', () => {
    // 3 × 3 × 2, channels last: entry (y, x, c) at (y·3 + x)·2 + c.
    const flat = Array.from({ length: 18 }, (_, k) => k);
    const shown = showTensor(flat, [3, 3, 2], 0);
    expect(shown.whole).toBe(true);
    expect(shown.unit).toBe('channel');
    expect(shown.slices.map((s) => s.index)).toEqual([':,:,1', ':,:,2']);
    expect(shown.slices[1].rows).toEqual([
      [1, 3, 5],
      [7, 9, 11],
      [13, 15, 17],
    ]);
  });

  it('shows the block of channels holding the focused one, and crops large images', () => {
    const flat = Array.from({ length: 10 * 10 * 6 }, (_, k) => k);
    const shown = showTensor(flat, [10, 10, 6], 5);
    expect(shown.whole).toBe(false);
    expect(shown.index).toBe(5);
    expect(shown.slices.map((s) => s.plain)).toEqual(['1–8, 1–8, 5', '1–8, 1–8, 6']);
    expect(shown.slices[0].rows).toHaveLength(8);
    expect(shown.slices[0].rows[1][2]).toBe((1 * 10 + 2) * 6 + 4);
  });

  it('writes slices KaTeX typesets', () => {
    const shown = showTensor(new Array(10 * 10 * 6).fill(0.5), [10, 10, 6], 5);
    for (const s of shown.slices)
      expect(() =>
        katex.renderToString(`\\mathbf{h}_{3;\\,${s.index}} = ${s.tex}`, { throwOnError: true }),
      ).not.toThrow();
  });

  it('shows a kernel (kh × kw × in × filters) per input channel and filter', () => {
    const flat = Array.from({ length: 3 * 3 * 2 * 4 }, (_, k) => k);
    const shown = showTensor(flat, [3, 3, 2, 4], 6); // input channel 2, filter 3
    expect(shown.unit).toBe('slice');
    expect(shown.slices.map((s) => s.index)).toEqual([':,:,2,1', ':,:,2,2', ':,:,2,3', ':,:,2,4']);
    expect(shown.slices[2].rows[0][0]).toBe(1 * 4 + 2);
  });

  it('shows long vectors by blocks and large matrices by rows', () => {
    const v = showTensor(
      Array.from({ length: 20 }, (_, k) => k),
      [20],
      9,
    );
    expect(v.slices[0].rows).toEqual([8, 9, 10, 11, 12, 13, 14, 15].map((x) => [x]));
    const m = showTensor(
      Array.from({ length: 12 * 3 }, (_, k) => k),
      [12, 3],
      11,
    );
    expect(m.slices[0].rows).toEqual([[33, 34, 35]]);
  });
});

// The image kinds arrive with their op modules (issue 13); until then this block is skipped.
const IMAGE_KINDS = ['conv2d', 'maxpool2d', 'avgpool2d', 'flatten'];
const haveImageKinds = IMAGE_KINDS.every((k) => Object.hasOwn(OPS, k));

describe.skipIf(!haveImageKinds)('generic steps on a small CNN', () => {
  it('shows conv, pooling and flatten with the engine’s numbers, image by channel', () => {
    const layers: ChainLink[] = [
      ['in', 'input', { features: 36, height: 6, width: 6, channels: 1 }],
      ['conv1', 'conv2d', { filters: 3, kernel: 3 }],
      ['relu1', 'activation', { fn: 'relu' }],
      ['pool1', 'maxpool2d', {}],
      ['avg1', 'avgpool2d', { size: 1 }],
      ['flat1', 'flatten', {}],
      ['d1', 'dense', { units: 2 }],
      ['sm1', 'activation', { fn: 'softmax' }],
      ['loss', 'loss', { fn: 'cross_entropy' }],
    ];
    const compiled = mustCompile(namedChain(layers));
    const net = new Network(compiled, { seed: 1 });
    const m = 8;
    const x = Float64Array.from({ length: m * 36 }, (_, k) => Math.sin(k));
    const y = Float64Array.from({ length: m * 2 }, (_, k) => ((k >> 1) + k) % 2);
    const batch = chooseBatch({ x, y, m, features: 36, targets: 2 }, 'full');
    const trace = traceUpdate(net, batch, TRAINING);
    const steps = describeSteps(trace, { neuron: 2, sample: 5 });
    const byKey = (key: string) => steps.find((s) => s.key === key)!;
    for (const id of ['conv1', 'pool1', 'avg1', 'flat1'])
      expect(byKey(`forward:${id}`).formula[0]).toBe(
        OPS[compiled.nodes.find((n) => n.id === id)!.kind].tex.forward,
      );
    // Sample 6 of the pooled image (3 × 3 × 3), channel by channel: entry (y, x, c).
    const pool = net.nodeState('pool1')!.value;
    const pooled = byKey('forward:pool1');
    expect(pooled.values).toHaveLength(3);
    pooled.values.forEach((v, c) =>
      expect(v.rows).toEqual(
        [0, 1, 2].map((yy) => [0, 1, 2].map((xx) => pool[5 * 27 + (yy * 3 + xx) * 3 + c])),
      ),
    );
    // ∂L/∂W of the 3 × 3 × 1 × 3 kernel, filter by filter, equals the engine's.
    const dW = net.getGradients().conv1.W as number[][][][];
    byKey('backward:conv1')
      .values.filter((v) => v.key.startsWith('dW'))
      .forEach((v, f) => expect(v.rows).toEqual(dW.map((row) => row.map((col) => col[0][f]))));
    // The gradient flatten passes back is reshaped to the image's shape.
    const back = byKey('backward:flat1');
    expect(back.nodeId).toBe('flat1');
    const g = net.edgeGradient('e4')!.grad;
    expect(back.values[0].rows).toEqual(
      [0, 1, 2].map((yy) => [0, 1, 2].map((xx) => g[5 * 27 + (yy * 3 + xx) * 3])),
    );
    expect(byKey('update:conv1').values.map((v) => v.key)).toEqual(['W:0', 'W:1', 'W:2', 'b']);
    // The lines step mode writes carry no words (the ops' own rules are the ops' business).
    const rules = new Set(Object.values(OPS).flatMap((op) => [op.tex.forward, op.tex.backward]));
    for (const s of steps)
      for (const line of s.formula) {
        if (!rules.has(line)) expect(line, s.key).not.toMatch(/\\text\{[a-z ]{3,}\}/);
        expect(() => katex.renderToString(line, { throwOnError: true }), line).not.toThrow();
      }
  });
});

// Batch normalisation arrives with its op module (issue 13); until then this block is skipped.
describe.skipIf(!Object.hasOwn(OPS, 'batchnorm'))('generic steps on batch normalisation', () => {
  it('shows γ and β’s gradients, and the running statistics the training pass updates', () => {
    const layers: ChainLink[] = [
      ['in', 'input', { features: 3 }],
      ['d1', 'dense', { units: 4 }],
      ['bn1', 'batchnorm', { momentum: 0.9 }],
      ['d2', 'dense', { units: 1 }],
      ['loss', 'loss', { fn: 'mse' }],
    ];
    const compiled = mustCompile(namedChain(layers));
    const net = new Network(compiled, { seed: 4 });
    const m = 5;
    const x = Float64Array.from({ length: m * 3 }, (_, k) => Math.sin(2 * k));
    const y = Float64Array.from({ length: m }, (_, k) => k % 2);
    const batch = chooseBatch({ x, y, m, features: 3, targets: 1 }, 'full');
    const before = net.getWeights();
    const trace = traceUpdate(net, batch, TRAINING);
    // The pass is undone: the running statistics are as they were.
    expect(net.getWeights()).toEqual(before);
    const steps = describeSteps(trace);
    const forward = steps.find((s) => s.key === 'forward:bn1')!;
    const z = trace.nodes.get('d1')!.value;
    const mean = [0, 1, 2, 3].map((j) => {
      let s = 0;
      for (let i = 0; i < m; i++) s += z[i * 4 + j];
      return s / m;
    });
    const running = forward.values.find((v) => v.key === 'mean')!.rows[0];
    running.forEach((v, j) => expect(v).toBeCloseTo(0.1 * mean[j], 12));
    expect(forward.values.some((v) => v.key === 'variance')).toBe(true);
    const grads = net.getGradients().bn1;
    for (const name of ['gamma', 'beta']) {
      const step = steps.find((s) => s.key === 'backward:bn1')!;
      expect(step.values.find((v) => v.key === `d${name}`)!.rows[0]).toEqual(grads[name]);
    }
    // Only what is trained is updated by the optimizer.
    const update = steps.find((s) => s.key === 'update:bn1')!;
    expect(update.values.map((v) => v.key)).toEqual(['gamma', 'beta']);
  });
});
