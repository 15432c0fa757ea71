import { describe, expect, it } from 'vitest';
import { Network } from './network';
import { datasetFromRows } from './dataset';
import { mlp, mustCompile } from './testing/graphs';

describe('Network', () => {
  const graph = () => mustCompile(mlp([2, 3, 1], 'tanh', 'linear', 'mse'));

  it('keeps given weights and initialises the rest from the seed', () => {
    const fresh = new Network(graph(), { seed: 4 }).getWeights();
    const given = {
      n0: {
        W: [
          [1, 2],
          [3, 4],
          [5, 6],
        ],
        b: [0.1, 0.2, 0.3],
      },
    };
    const net = new Network(graph(), { seed: 4, weights: given });
    expect(net.getWeights().n0).toEqual(given.n0);
    expect(net.getWeights().n2).toEqual(fresh.n2);
  });

  it('refuses weights of the wrong shape, naming the node', () => {
    expect(() => new Network(graph(), { weights: { n0: { W: [[1, 2]], b: [0] } } })).toThrow(
      'weights.n0.W: must be 3 × 2',
    );
    expect(() => new Network(graph(), { weights: { zz: { W: [], b: [] } } })).toThrow(
      'there is no node "zz"',
    );
  });

  it('snapshot and restore round-trip every parameter', () => {
    const net = new Network(graph(), { seed: 1 });
    const before = net.getWeights();
    const snap = net.snapshot();
    net.params().forEach((p) => p.value.fill(7));
    net.restore(snap);
    expect(net.getWeights()).toEqual(before);
  });

  it('names the first node that produced a non-finite value', () => {
    const net = new Network(graph(), { seed: 1 });
    const data = datasetFromRows([[1, 2]], [[1]]);
    net.lossAndGradients(data);
    expect(net.firstNonFinite()).toBeNull();
    net.denseParams('n2')!.W.value[0] = Infinity;
    net.lossAndGradients(data);
    expect(net.firstNonFinite()).toEqual({ nodeId: 'n2', where: 'forward' });
  });

  it('keeps buffers valid when the batch grows past the capacity', () => {
    const net = new Network(graph(), { seed: 1 });
    const small = net.predict(Float64Array.from([0.5, -0.5]), 1);
    const rows = Array.from({ length: 1000 }, () => [0.5, -0.5]);
    const big = net.predict(Float64Array.from(rows.flat()), 1000);
    expect(big[999]).toBe(small[0]);
  });
});
