import { describe, expect, it } from 'vitest';
import { compile } from '../engine/compile';
import type { Graph } from '../engine/graph';
import { Network } from '../engine/network';
import { OPS } from '../engine/ops';
import { exampleById } from '../model/examples';
import type { LoadedData } from '../model/data';
import { decodeFrame, encodeFrame, frameDense } from './frame';
import { activationStats, STREAM_PARAM_LIMIT } from './measure';
import { Runner } from './runner';
import { runnerFor, xor } from './testing/runners';

describe('activation statistics', () => {
  it('counts saturated tanh outputs and dead ReLU units', async () => {
    const { runner } = await runnerFor(xor());
    const dense1 = runner.net.denseParams('dense1')!;
    runner.stepOnce();
    // Huge weights push every tanh output into its flat tails.
    dense1.W.value.fill(50);
    dense1.b!.value.fill(50);
    runner.net.loadBatch(runner.trainer.data, null, 0, 4);
    runner.net.forward();
    expect(activationStats(runner.net, 'act1', 'dense1', 'tanh')).toEqual({ saturated: 1 });
    // Read as ReLU inputs, the same pre-activations are all positive: no dead units.
    expect(activationStats(runner.net, 'act1', 'dense1', 'relu')).toEqual({ dead: 0 });
    dense1.W.value.fill(-50);
    dense1.b!.value.fill(-50);
    runner.net.forward();
    expect(activationStats(runner.net, 'act1', 'dense1', 'relu')).toEqual({ dead: 1 });
    expect(runner.frame().header.nodeStats.act1).toEqual({ saturated: 1 });
  });
});

describe('frames carry every tensor by name', () => {
  const f32 = (t: unknown): number[] => (t as number[]).flat(3).map((v) => Math.fround(v));

  it('lists each node’s tensors with their shapes, and sends value, gradient and the value before a step', async () => {
    const model = exampleById('article')!.model();
    model.graph.nodes.find((n) => n.id === 'dense2')!.params.bias = false;
    const { runner } = await runnerFor(model);
    const before = runner.net.getWeights();
    runner.stepOnce();
    const frame = decodeFrame(encodeFrame(runner.frame()));
    expect(frame.header.tensors).toEqual([
      { id: 'dense1', name: 'W', shape: [5, 3], trainable: true },
      { id: 'dense1', name: 'b', shape: [5], trainable: true },
      { id: 'dense2', name: 'W', shape: [1, 5], trainable: true },
    ]);
    expect(frame.header.unstreamed).toBeUndefined();
    // A layer without bias has no b.
    expect(Object.keys(frame.params.dense2)).toEqual(['W']);
    const after = runner.net.getWeights();
    const grads = runner.net.getGradients();
    for (const { id, name } of frame.header.tensors) {
      const t = frame.params[id][name];
      expect(Array.from(t.value), `${id}.${name}`).toEqual(f32(after[id][name]));
      expect(Array.from(t.grad!), `∂L/∂${id}.${name}`).toEqual(f32(grads[id][name]));
      expect(Array.from(t.before!), `${id}.${name} before`).toEqual(f32(before[id][name]));
    }
    // Dense views read b as zeros.
    const dense2 = frameDense(frame, 'dense2')!;
    expect([dense2.rows, dense2.cols]).toEqual([1, 5]);
    expect(Array.from(dense2.b)).toEqual([0]);
    expect(Array.from(dense2.b0!)).toEqual([0]);
    // The gradient norm is over the weights W (biases do not count).
    const dW = f32(grads.dense1.W);
    expect(frame.header.gradNorms.dense1).toBeCloseTo(Math.hypot(...dW), 5);
  });

  it('leaves out the tensors of a node too large to stream, and says so', async () => {
    const model = exampleById('article')!.model();
    const units = Math.ceil(STREAM_PARAM_LIMIT / 3) + 1;
    model.graph.nodes.find((n) => n.id === 'dense1')!.params.units = units;
    const { runner } = await runnerFor(model);
    runner.runFor(1);
    const frame = decodeFrame(encodeFrame(runner.frame()));
    expect(frame.header.unstreamed).toEqual(['dense1']);
    expect(frame.header.tensors.map((t) => t.id)).toEqual(['dense2', 'dense2']);
    expect(frame.params.dense1).toBeUndefined();
    expect(frame.header.gradNorms.dense1).toBeGreaterThan(0);
  });
});

// Convolution arrives with its op module (issue 13); until then this block is skipped.
describe.skipIf(!Object.hasOwn(OPS, 'conv2d'))('frames of a convolution', () => {
  it('carry its kernel and bias by name, in their shapes', () => {
    const layers: [string, string, Record<string, unknown>][] = [
      ['in', 'input', { features: 16, height: 4, width: 4, channels: 1 }],
      ['conv1', 'conv2d', { filters: 2, kernel: 3 }],
      ['flat1', 'flatten', {}],
      ['d1', 'dense', { units: 1 }],
      ['loss', 'loss', { fn: 'mse' }],
    ];
    const graph = {
      nodes: layers.map(([id, kind, params]) => ({ id, kind, params })),
      edges: layers.slice(1).map(([id], k) => ({ id: `e${k}`, source: layers[k][0], target: id })),
    } as Graph;
    const compiled = compile(graph);
    if (!compiled.ok) throw new Error(JSON.stringify(compiled.problems));
    const net = new Network(compiled.net, { seed: 2 });
    const m = 4;
    const all = {
      x: Float64Array.from({ length: m * 16 }, (_, k) => Math.cos(k)),
      y: Float64Array.from({ length: m }, (_, k) => k / m),
      m,
      features: 16,
      targets: 1,
    };
    const data: LoadedData = {
      all,
      train: all,
      validation: null,
      featureNames: [],
      targetNames: ['y'],
      task: 'regression',
      validationRows: null,
      summary: '',
    };
    const config = { ...exampleById('article')!.model().training, epochs: 5 };
    const runner = new Runner({ net, data, config, now: () => 0 });
    const before = net.getWeights();
    runner.stepOnce();
    const frame = decodeFrame(encodeFrame(runner.frame()));
    expect(frame.header.tensors.filter((t) => t.id === 'conv1')).toEqual([
      { id: 'conv1', name: 'W', shape: [3, 3, 1, 2], trainable: true },
      { id: 'conv1', name: 'b', shape: [2], trainable: true },
    ]);
    const f32 = (t: unknown): number[] => (t as number[]).flat(3).map((v) => Math.fround(v));
    for (const name of ['W', 'b']) {
      const t = frame.params.conv1[name];
      expect(Array.from(t.value)).toEqual(f32(net.getWeights().conv1[name]));
      expect(Array.from(t.grad!)).toEqual(f32(net.getGradients().conv1[name]));
      expect(Array.from(t.before!)).toEqual(f32(before.conv1[name]));
    }
    // Not a dense layer: no dense view.
    expect(frameDense(frame, 'conv1')).toBeNull();
    expect(frame.header.gradNorms.conv1).toBeCloseTo(
      Math.hypot(...f32(net.getGradients().conv1.W)),
      5,
    );
  });
});

// Batch normalisation arrives with its op module (issue 13); until then this block is skipped.
describe.skipIf(!Object.hasOwn(OPS, 'batchnorm'))('frames of a batch normalisation', () => {
  it('carry its running statistics as state: values, no gradients', async () => {
    const model = exampleById('article')!.model();
    for (const e of model.graph.edges) if (e.source === 'dense1') e.source = 'bn1';
    model.graph.nodes.splice(2, 0, { id: 'bn1', kind: 'batchnorm', params: {} } as never);
    model.graph.edges.push({ id: 'to-bn1', source: 'dense1', target: 'bn1' });
    const { runner } = await runnerFor(model);
    runner.stepOnce();
    const frame = decodeFrame(encodeFrame(runner.frame()));
    const bn = frame.header.tensors.filter((t) => t.id === 'bn1');
    expect(bn.map((t) => [t.name, t.trainable])).toEqual([
      ['gamma', true],
      ['beta', true],
      ['mean', false],
      ['variance', false],
    ]);
    const weights = runner.net.getWeights().bn1;
    for (const { name, trainable } of bn) {
      const t = frame.params.bn1[name];
      expect(Array.from(t.value)).toEqual((weights[name] as number[]).map((v) => Math.fround(v)));
      expect(t.grad === undefined).toBe(!trainable);
      // The step moved the running mean (a training pass) and γ (the optimizer).
      if (name === 'mean' || name === 'gamma') expect(t.before).not.toEqual(t.value);
    }
    // Its gradient norm is over what it trains (γ and β decay not).
    expect(frame.header.gradNorms.bn1).toBeGreaterThan(0);
  });
});
