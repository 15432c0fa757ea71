/**
 * Forty random graphs mixing every kind, old and new: images through
 * convolution, pooling, normalisation and dropout, flattened into vectors
 * through dense layers, activations, joins and normalisation, to each loss.
 * For each: backprop against finite differences (every tensor and the input,
 * float64), and the loss and every gradient against the same graph written
 * in TensorFlow.js ops (float32).
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import type { Graph, GraphNode } from '../graph';
import { gradientCheck } from '../gradcheck';
import { Network } from '../network';
import { Rng } from '../random';
import { inputGradientError } from '../testing/gradients';
import { mustCompile, randomData } from '../testing/graphs';
import { tfLossAndGrads } from '../testing/tfjs-graph';
import { ACTIVATIONS } from './spec';
import type { Tensor } from '../weights';

const ELEMENTWISE = ACTIVATIONS.filter((fn) => fn !== 'softmax');
const LOSSES = ['mse', 'bce', 'cross_entropy'] as const;

/** Builds a graph node by node; `shape` follows each node's per-sample shape. */
class Builder {
  readonly graph: Graph = { nodes: [], edges: [] };
  private edge = 0;
  constructor(private readonly rng: Rng) {}

  add(kind: string, params: Record<string, unknown>, from: string[]): string {
    const id = `n${this.graph.nodes.length}`;
    this.graph.nodes.push({ id, kind, params } as GraphNode);
    from.forEach((source, slot) =>
      this.graph.edges.push({ id: `e${this.edge++}`, source, target: id, targetSlot: slot }),
    );
    return id;
  }

  pick<T>(list: readonly T[]): T {
    return list[this.rng.int(list.length)];
  }
}

/** One random graph; `image` says whether it starts with an image input. */
function randomGraph(seed: number, loss: (typeof LOSSES)[number]): Graph {
  const rng = new Rng(seed);
  const b = new Builder(rng);
  const image = seed % 2 === 0;
  let at: string;
  if (image) {
    let [h, w, c] = [4 + rng.int(3), 4 + rng.int(3), 1 + rng.int(2)];
    at = b.add('input', { features: h * w * c, height: h, width: w, channels: c }, []);
    for (let i = 0, n = 2 + rng.int(3); i < n; i++) {
      switch (rng.int(7)) {
        case 0:
        case 1: {
          const kernel = 1 + rng.int(3);
          const stride = 1 + rng.int(2);
          const padding = kernel > Math.min(h, w) ? 'same' : b.pick(['same', 'valid'] as const);
          c = 1 + rng.int(3);
          at = b.add('conv2d', { filters: c, kernel, stride, padding, bias: rng.int(4) > 0 }, [at]);
          [h, w] =
            padding === 'same'
              ? [Math.ceil(h / stride), Math.ceil(w / stride)]
              : [Math.floor((h - kernel) / stride) + 1, Math.floor((w - kernel) / stride) + 1];
          break;
        }
        case 2: {
          if (Math.min(h, w) < 2) break;
          const stride = 1 + rng.int(2);
          const kind = b.pick(['maxpool2d', 'avgpool2d'] as const);
          // TF.js 4.22's avgPool gradient is wrong with 'same' (the kernels' tests show it): valid here.
          const padding = kind === 'avgpool2d' ? 'valid' : b.pick(['same', 'valid'] as const);
          at = b.add(kind, { size: 2, stride, padding }, [at]);
          [h, w] =
            padding === 'same'
              ? [Math.ceil(h / stride), Math.ceil(w / stride)]
              : [Math.floor((h - 2) / stride) + 1, Math.floor((w - 2) / stride) + 1];
          break;
        }
        case 3:
          at = b.add(b.pick(['batchnorm', 'layernorm'] as const), {}, [at]);
          break;
        case 4:
          at = b.add('dropout', { rate: 0.3 }, [at]);
          break;
        case 5:
          at = b.add('activation', { fn: b.pick(ELEMENTWISE) }, [at]);
          break;
        case 6: {
          // A same-shape branch (1×1 convolution) joined by add, or channels joined by concat.
          const branch = b.add('conv2d', { filters: c, kernel: 1 }, [at]);
          if (rng.int(2) === 0) at = b.add('add', {}, [at, branch]);
          else {
            at = b.add('concat', {}, [at, branch]);
            c *= 2;
          }
          break;
        }
      }
    }
    at = b.add('flatten', {}, [at]);
  } else {
    at = b.add('input', { features: 2 + rng.int(3) }, []);
  }
  let width = 0;
  for (let i = 0, n = 2 + rng.int(4); i < n; i++) {
    switch (rng.int(6)) {
      case 0:
      case 1:
        width = 2 + rng.int(4);
        at = b.add('dense', { units: width, bias: rng.int(4) > 0 }, [at]);
        break;
      case 2:
        at = b.add('activation', { fn: b.pick(ELEMENTWISE) }, [at]);
        break;
      case 3:
        at = b.add(b.pick(['batchnorm', 'layernorm', 'dropout'] as const), {}, [at]);
        break;
      case 4: {
        const units = 2 + rng.int(3);
        const left = b.add('dense', { units }, [at]);
        const right = b.add('dense', { units }, [at]);
        at = b.add(b.pick(['add', 'concat'] as const), {}, [left, right]);
        break;
      }
      case 5:
        at = b.add('activation', { fn: 'tanh' }, [at]);
        break;
    }
  }
  at = b.add('dense', { units: 3 }, [at]);
  const last = loss === 'cross_entropy' ? 'softmax' : loss === 'bce' ? 'sigmoid' : 'linear';
  at = b.add('activation', { fn: last }, [at]);
  b.add('loss', { fn: loss }, [at]);
  return b.graph;
}

const flat = (t: Tensor): number[] => (t as unknown[]).flat(Infinity) as number[];

describe('forty random graphs of every kind', () => {
  const kinds = new Set<string>();
  for (let seed = 0; seed < 40; seed++) {
    const loss = LOSSES[seed % 3];
    const graph = randomGraph(seed, loss);
    for (const n of graph.nodes) kinds.add(n.kind);
    const compiled = mustCompile(graph);
    const describeGraph = graph.nodes.map((n) => n.kind).join(' → ');

    it(`graph ${seed} (${loss}): finite differences and TF.js agree with backprop`, () => {
      const net = new Network(compiled, { seed });
      // Biases and shifts start at 0; moved off it, no output is 0 by accident (a dropped
      // row into a dense layer), which would hide the dropout mask from TF.js.
      const rng = new Rng(seed + 7);
      for (const p of net.params())
        for (let i = 0; i < p.value.length; i++) p.value[i] += rng.uniform(-0.2, 0.2);
      const data = randomData(4, compiled.features, compiled.outputs, loss, seed + 100);
      net.holdDraws = true;

      // A gradient that is truly 0 (a bias before a batch norm, γ of a one-channel layer norm) shows
      // only rounding (~1e-12): below 1e-5 compare absolutely.
      const check = gradientCheck(net, data, { floor: 1e-5 });
      expect(check.maxRelError, `${describeGraph}\n${JSON.stringify(check.tensors)}`).toBeLessThan(
        1e-6,
      );
      expect(inputGradientError(net, data, 1e-5), describeGraph).toBeLessThan(1e-6);

      const loss64 = net.lossAndGradients(data);
      const ours = net.getGradients();
      const theirs = tfLossAndGrads(net, data);
      expect(Math.abs(loss64 - theirs.loss), describeGraph).toBeLessThan(
        1e-4 * Math.max(1, loss64),
      );
      for (const [id, tensors] of Object.entries(ours)) {
        for (const [name, g] of Object.entries(tensors)) {
          const want = theirs.grads[`${id}.${name}`];
          const got = flat(g);
          const scale = Math.max(1e-3, ...want.map(Math.abs));
          const worst = Math.max(...got.map((v, i) => Math.abs(v - want[i]) / scale));
          expect(worst, `${describeGraph}: ${id}.${name}`).toBeLessThan(2e-4);
        }
      }
    });
  }

  it('between them, the graphs use every kind and every element-wise activation', () => {
    expect([...kinds].sort()).toEqual(
      [
        'activation',
        'add',
        'avgpool2d',
        'batchnorm',
        'concat',
        'conv2d',
        'dense',
        'dropout',
        'flatten',
        'input',
        'layernorm',
        'loss',
        'maxpool2d',
      ].sort(),
    );
    const fns = new Set<string>();
    for (let seed = 0; seed < 40; seed++)
      for (const n of randomGraph(seed, LOSSES[seed % 3]).nodes)
        if (n.kind === 'activation') fns.add(String(n.params.fn));
    for (const fn of ELEMENTWISE) expect(fns, fn).toContain(fn);
    tf.disposeVariables();
  });
});
