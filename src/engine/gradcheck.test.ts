import { describe, expect, it } from 'vitest';
import { gradientCheck } from './gradcheck';
import { Network } from './network';
import { Rng } from './random';
import type { Graph } from './graph';
import { chain, mustCompile, randomData } from './testing/graphs';
import { inputGradientError } from './testing/gradients';

const TOLERANCE = 1e-6;

function check(graph: Graph, loss: string, targets: number, seed = 1) {
  const compiled = mustCompile(graph);
  const net = new Network(compiled, { seed });
  const data = randomData(6, compiled.features, targets, loss, seed + 100);
  return { net, data, result: gradientCheck(net, data) };
}

/** input(3) → dense(`units`) → activation(`fn`) → `loss`. */
const denseThen = (units: number, fn: string, loss: string) =>
  chain(
    3,
    [
      ['dense', { units }],
      ['activation', { fn }],
    ],
    loss,
  );

describe('finite-difference checks, float64', () => {
  for (const fn of ['linear', 'sigmoid', 'tanh', 'relu', 'leaky_relu', 'softmax']) {
    it(`activation ${fn}: parameters before it and the input gradient through it`, () => {
      const graph = chain(
        3,
        [
          ['dense', { units: 4 }],
          ['activation', { fn }],
          ['dense', { units: 2 }],
        ],
        'mse',
      );
      const { net, data, result } = check(graph, 'mse', 2);
      expect(result.maxRelError).toBeLessThan(TOLERANCE);
      const direct = chain(4, [['activation', { fn }]], 'mse');
      const net2 = new Network(mustCompile(direct), { seed: 2 });
      expect(inputGradientError(net2, randomData(5, 4, 4, 'mse', 7))).toBeLessThan(TOLERANCE);
      expect(net.params().length).toBe(4);
      expect(data.m).toBe(6);
    });
  }

  it('loss mse', () => {
    const { result } = check(chain(3, [['dense', { units: 3 }]], 'mse'), 'mse', 3);
    expect(result.maxRelError).toBeLessThan(TOLERANCE);
  });

  it('loss bce after a sigmoid', () => {
    const { result } = check(denseThen(2, 'sigmoid', 'bce'), 'bce', 2);
    expect(result.maxRelError).toBeLessThan(TOLERANCE);
  });

  it('loss cross_entropy fused with softmax', () => {
    const { net, data, result } = check(
      denseThen(4, 'softmax', 'cross_entropy'),
      'cross_entropy',
      4,
    );
    expect(result.maxRelError).toBeLessThan(TOLERANCE);
    // The fused shortcut must equal the unfused chain rule through softmax.
    expect(inputGradientError(net, data)).toBeLessThan(TOLERANCE);
  });

  it('dense with and without bias, every initialiser', () => {
    for (const init of ['xavier', 'he']) {
      for (const bias of [true, false]) {
        const graph = chain(
          4,
          [
            ['dense', { units: 3, bias, init }],
            ['activation', { fn: 'tanh' }],
            ['dense', { units: 2, bias }],
          ],
          'mse',
        );
        const { net, data, result } = check(graph, 'mse', 2);
        expect(result.maxRelError).toBeLessThan(TOLERANCE);
        expect(inputGradientError(net, data)).toBeLessThan(TOLERANCE);
      }
    }
  });

  it('add and concat, including a node feeding two others', () => {
    const graph: Graph = {
      nodes: [
        { id: 'in', kind: 'input', params: { features: 3 } },
        { id: 'd1', kind: 'dense', params: { units: 4 } },
        { id: 't1', kind: 'activation', params: { fn: 'tanh' } },
        { id: 'd2', kind: 'dense', params: { units: 4 } },
        { id: 'add', kind: 'add', params: {} },
        { id: 'cat', kind: 'concat', params: {} },
        { id: 'out', kind: 'dense', params: { units: 2 } },
        { id: 'loss', kind: 'loss', params: { fn: 'mse' } },
      ],
      edges: [
        { id: 'a', source: 'in', target: 'd1' },
        { id: 'b', source: 'd1', target: 't1' },
        { id: 'c', source: 't1', target: 'd2' },
        { id: 'd', source: 't1', target: 'add' },
        { id: 'e', source: 'd2', target: 'add' },
        { id: 'f', source: 'add', target: 'cat', targetSlot: 0 },
        { id: 'g', source: 'in', target: 'cat', targetSlot: 1 },
        { id: 'h', source: 'cat', target: 'out' },
        { id: 'i', source: 'out', target: 'loss' },
      ],
    };
    const { net, data, result } = check(graph, 'mse', 2);
    expect(result.maxRelError).toBeLessThan(TOLERANCE);
    expect(inputGradientError(net, data)).toBeLessThan(TOLERANCE);
    const x = net.nodeState('in')!.grad;
    const a = net.edgeGradient('a')!.grad;
    const g = net.edgeGradient('g')!.grad;
    x.forEach((v, i) => expect(v).toBeCloseTo(a[i] + g[i], 12));
    // The gradient on the fan-out node is the sum over its two edges.
    const t1 = net.nodeState('t1')!.grad;
    const d = net.edgeGradient('d')!.grad;
    const c = net.edgeGradient('c')!.grad;
    t1.forEach((v, i) => expect(v).toBeCloseTo(d[i] + c[i], 12));
  });

  it('whole random graphs', () => {
    const rng = new Rng(42);
    const fns = ['sigmoid', 'tanh', 'relu', 'leaky_relu', 'linear'];
    for (let trial = 0; trial < 40; trial++) {
      const graph = randomGraph(rng, fns);
      const loss = ['mse', 'bce', 'cross_entropy'][trial % 3];
      const last = loss === 'cross_entropy' ? 'softmax' : loss === 'bce' ? 'sigmoid' : 'linear';
      const n = graph.nodes.length;
      graph.nodes.push({ id: 'head', kind: 'dense', params: { units: 3 } });
      graph.nodes.push({ id: 'last', kind: 'activation', params: { fn: last } });
      graph.nodes.push({ id: 'loss', kind: 'loss', params: { fn: loss } });
      graph.edges.push({ id: 'h1', source: graph.nodes[n - 1].id, target: 'head' });
      graph.edges.push({ id: 'h2', source: 'head', target: 'last' });
      graph.edges.push({ id: 'h3', source: 'last', target: 'loss' });
      const { result } = check(graph, loss, 3, trial);
      expect(
        result.maxRelError,
        `trial ${trial}: ${JSON.stringify(result.tensors)} ${JSON.stringify(graph)}`,
      ).toBeLessThan(TOLERANCE);
    }
  });
});

/** A random DAG of dense/activation/add/concat nodes whose last node depends on all others. */
function randomGraph(rng: Rng, fns: string[]): Graph {
  const graph: Graph = {
    nodes: [{ id: 'in', kind: 'input', params: { features: 2 + rng.int(3) } }],
    edges: [],
  };
  const widths = [graph.nodes[0].params.features as number];
  const last = () => graph.nodes.length - 1;
  let edge = 0;
  const connect = (source: number, target: string, slot?: number) =>
    graph.edges.push({
      id: `e${edge++}`,
      source: graph.nodes[source].id,
      target,
      targetSlot: slot,
    });
  const count = 3 + rng.int(5);
  for (let i = 1; i <= count; i++) {
    const id = `n${i}`;
    const choice = rng.int(4);
    const prev = last();
    if (choice === 2 && i > 1) {
      // add: the previous node and a projection of an earlier one to the same width
      const earlier = rng.int(prev);
      const proj = `p${i}`;
      graph.nodes.push({ id: proj, kind: 'dense', params: { units: widths[prev] } });
      widths.push(widths[prev]);
      connect(earlier, proj);
      graph.nodes.push({ id, kind: 'add', params: {} });
      widths.push(widths[prev]);
      connect(prev, id);
      connect(last() - 1, id);
    } else if (choice === 3 && i > 1) {
      const earlier = rng.int(prev);
      graph.nodes.push({ id, kind: 'concat', params: {} });
      widths.push(widths[prev] + widths[earlier]);
      connect(prev, id, 0);
      connect(earlier, id, 1);
    } else if (choice === 1) {
      graph.nodes.push({ id, kind: 'activation', params: { fn: fns[rng.int(fns.length)] } });
      widths.push(widths[prev]);
      connect(prev, id);
    } else {
      const units = 1 + rng.int(5);
      graph.nodes.push({ id, kind: 'dense', params: { units, bias: rng.int(4) > 0 } });
      widths.push(units);
      connect(prev, id);
    }
  }
  return graph;
}
