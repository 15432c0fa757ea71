import { describe, expect, it } from 'vitest';
import { Network } from '#src/engine/network';
import { chain, mustCompile, randomData } from '#src/engine/testing/graphs';
import type { Dataset } from '#src/engine/dataset';
import {
  argmax,
  channelOf,
  convNodes,
  digest,
  kernelPlane,
  kernelsOf,
  sampleBackprop,
} from './compute';

/** The Digits CNN's shape on a 6 × 5 × 2 image: conv 3×3 same → relu → maxpool → flatten → dense 4 → softmax. */
function cnn(padding: 'same' | 'valid' = 'same') {
  return mustCompile(
    chain(
      [6, 5, 2],
      [
        ['conv2d', { filters: 3, kernel: 3, padding }],
        ['activation', { fn: 'relu' }],
        ['maxpool2d', { size: 2 }],
        ['flatten', {}],
        ['dense', { units: 4 }],
        ['activation', { fn: 'softmax' }],
      ],
      'cross_entropy',
    ),
  );
}

const data: Dataset = randomData(5, 6 * 5 * 2, 4, 'cross_entropy', 7);

/** The loss of sample `index` alone, with pixel `p` of it moved by `h`. */
function lossWith(net: Network, index: number, p: number, h: number): number {
  const x = data.x.slice(index * data.features, (index + 1) * data.features);
  x[p] += h;
  const one: Dataset = { ...data, x, y: data.y.slice(index * 4, index * 4 + 4), m: 1 };
  net.loadBatch(one, null, 0, 1);
  return net.forward(false);
}

describe('the convolution view’s numbers', () => {
  it('feature maps are a convolution of the sample with the kernels, and the engine’s output for that row', () => {
    for (const padding of ['same', 'valid'] as const) {
      const graph = cnn(padding);
      const net = new Network(graph, { seed: 3 });
      const [conv] = convNodes(graph);
      const s = sampleBackprop(net, data, 2)!;
      const map = s.maps[conv];
      const k = kernelsOf(net, conv)!;
      expect([k.kh, k.kw, k.cin, k.filters]).toEqual([3, 3, 2, 3]);
      // Direct convolution, written out here (stride 1, TF's 'same' pads 1 each side for 3 × 3).
      const pad = padding === 'same' ? 1 : 0;
      expect([map.height, map.width, map.channels]).toEqual(
        padding === 'same' ? [6, 5, 3] : [4, 3, 3],
      );
      for (let f = 0; f < 3; f++) {
        const plane = channelOf(map, f);
        for (let y = 0; y < map.height; y++)
          for (let x = 0; x < map.width; x++) {
            let sum = k.bias![f];
            for (let c = 0; c < 2; c++) {
              const w = kernelPlane(k, f, c);
              for (let i = 0; i < 3; i++)
                for (let j = 0; j < 3; j++) {
                  const yy = y + i - pad;
                  const xx = x + j - pad;
                  if (yy < 0 || yy >= 6 || xx < 0 || xx >= 5) continue;
                  sum += w[i * 3 + j] * s.image.values[(yy * 5 + xx) * 2 + c];
                }
            }
            expect(plane[y * map.width + x]).toBeCloseTo(sum, 12);
          }
      }
      // The same numbers as the engine's node output in a batch of every sample (row 2).
      const batch = new Network(graph, { seed: 3 });
      batch.loadBatch(data, null, 0, data.m);
      batch.forward(false);
      const state = batch.nodeState(conv)!;
      expect(Array.from(map.values)).toEqual(
        Array.from(state.value.subarray(2 * state.cols, 3 * state.cols)),
      );
    }
  });

  it('the input gradient is the finite difference of the sample’s loss in each pixel', () => {
    const graph = cnn();
    const net = new Network(graph, { seed: 5 });
    const s = sampleBackprop(net, data, 1)!;
    const probe = new Network(graph, { seed: 5 });
    const h = 1e-6;
    let worst = 0;
    let largest = 0;
    for (let p = 0; p < data.features; p++) {
      const fd = (lossWith(probe, 1, p, h) - lossWith(probe, 1, p, -h)) / (2 * h);
      worst = Math.max(worst, Math.abs(fd - s.inputGradient.values[p]));
      largest = Math.max(largest, Math.abs(fd));
    }
    expect(largest).toBeGreaterThan(1e-3);
    expect(worst / largest).toBeLessThan(1e-6);
    expect(s.loss).toBeCloseTo(lossWith(probe, 1, 0, 0), 12);
  });

  it('the input gradient is the inference pass’s: batch norm’s running statistics, no dropout', () => {
    const graph = mustCompile(
      chain(
        [4, 4, 1],
        [
          ['conv2d', { filters: 2 }],
          ['batchnorm', {}],
          ['activation', { fn: 'tanh' }],
          ['dropout', { rate: 0.5 }],
          ['flatten', {}],
          ['dense', { units: 3 }],
          ['activation', { fn: 'softmax' }],
        ],
        'cross_entropy',
      ),
    );
    const small = randomData(6, 16, 3, 'cross_entropy', 3);
    const net = new Network(graph, { seed: 2 });
    // Training passes move the running statistics away from their starting 0 and 1.
    for (let i = 0; i < 20; i++) {
      net.loadBatch(small, null, 0, 6);
      net.forward(true);
    }
    const s = sampleBackprop(net, small, 1)!;
    const lossAt = (p: number, h: number) => {
      const x = small.x.slice(16, 32);
      x[p] += h;
      net.loadBatch({ ...small, x, y: small.y.slice(3, 6), m: 1 }, null, 0, 1);
      return net.forward(false);
    };
    const h = 1e-6;
    for (let p = 0; p < 16; p++) {
      const fd = (lossAt(p, h) - lossAt(p, -h)) / (2 * h);
      expect(Math.abs(fd - s.inputGradient.values[p])).toBeLessThan(
        1e-7 * Math.max(1, Math.abs(fd)),
      );
    }
  });

  it('reports the sample, its target and prediction, and leaves the network as it was', () => {
    const graph = cnn();
    const net = new Network(graph, { seed: 1 });
    const before = net.snapshot();
    const a = sampleBackprop(net, data, 0)!;
    const b = sampleBackprop(net, data, 4)!;
    expect(Array.from(a.image.values)).toEqual(Array.from(data.x.subarray(0, data.features)));
    expect(argmax(b.target)).toBe(argmax(data.y.subarray(16, 20)));
    expect(a.prediction.reduce((x, y) => x + y, 0)).toBeCloseTo(1, 12);
    expect(digest(a.inputGradient.values)).not.toBe(digest(b.inputGradient.values));
    expect(Array.from(net.snapshot())).toEqual(Array.from(before));
    // The input gradient is switched off again (training passes do not pay for it): a pass on
    // another sample leaves the edge's buffer with sample 4's gradient.
    net.loadBatch(data, null, 0, 1);
    net.forward(false);
    net.backward();
    expect(Array.from(net.edgeGradient(graph.nodes[0].outputs[0])!.grad)).toEqual(
      Array.from(b.inputGradient.values),
    );
  });

  it('is null when the data does not fit or the input is not an image', () => {
    const net = new Network(cnn(), { seed: 1 });
    expect(sampleBackprop(net, { ...data, features: 10 }, 0)).toBeNull();
    expect(sampleBackprop(net, data, 5)).toBeNull();
    const flat = mustCompile(chain(4, [['dense', { units: 2 }]], 'mse'));
    expect(sampleBackprop(new Network(flat), randomData(2, 4, 2, 'mse', 1), 0)).toBeNull();
  });
});
