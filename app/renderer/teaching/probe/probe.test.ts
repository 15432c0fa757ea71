import { describe, expect, it } from 'vitest';
import { setLanguage } from '#src/i18n';
import { exampleById } from '#src/model/examples';
import { buildNetwork } from '#src/model/network';
import { formatTensor, parseRow, probeSample } from './probe';

function articleNet() {
  const built = buildNetwork(exampleById('article')!.model());
  if (!built.ok) throw new Error('the article network compiles');
  return built.net;
}

describe('probing one sample', () => {
  it('gives the forward pass by hand: every edge carries its source node’s output', () => {
    const net = articleNet();
    const W1 = net.denseParams('dense1')!.W.value;
    const b1 = net.denseParams('dense1')!.b!.value;
    const W2 = net.denseParams('dense2')!.W.value;
    const b2 = net.denseParams('dense2')!.b!.value;
    const x = [1, 0, 0];
    const r = probeSample(net, x);
    // z1 = W1·x + b1, a1 = σ(z1), z2 = W2·a1 + b2, ŷ = σ(z2): the article's forward pass.
    const sigma = (z: number) => 1 / (1 + Math.exp(-z));
    const z1 = Array.from({ length: 5 }, (_, u) => W1[u * 3] * 1 + b1[u]);
    const a1 = z1.map(sigma);
    const z2 = a1.reduce((s, a, u) => s + W2[u] * a, b2[0]);
    expect(r.output[0]).toBeCloseTo(sigma(z2), 12);
    expect(r.edges.e1).toEqual([1, 0, 0]);
    r.edges.e2.forEach((v, u) => expect(v).toBeCloseTo(z1[u], 12));
    r.edges.e3.forEach((v, u) => expect(v).toBeCloseTo(a1[u], 12));
    expect(r.edges.e4[0]).toBeCloseTo(z2, 12);
    expect(r.edges.e5[0]).toBeCloseTo(sigma(z2), 12);
    expect(Object.keys(r.edges).sort()).toEqual(['e1', 'e2', 'e3', 'e4', 'e5']);
    expect(r.nodes.act1).toEqual(r.edges.e3);
  });

  it('standardises the typed sample exactly as training does before the pass', () => {
    const net = articleNet();
    const stats = { mean: [1, 2, 3], std: [2, 4, 0.5] };
    const r = probeSample(net, [3, 2, 2.5], stats);
    // (3 − 1)/2, (2 − 2)/4, (2.5 − 3)/0.5
    expect(r.input).toEqual([1, 0, -1]);
    expect(r.output).toEqual(probeSample(net, [1, 0, -1]).output);
  });
});

describe('the probe’s fields and labels', () => {
  it('reads numbers (a typographic minus too) and names the field that is not one', () => {
    expect(parseRow(['1', ' 0.5 ', '−2', '1e-3'], ['a', 'b', 'c', 'd'])).toEqual({
      ok: true,
      values: [1, 0.5, -2, 0.001],
    });
    expect(parseRow(['1', 'abc'], ['x1', 'x2'])).toEqual({
      ok: false,
      message: 'x2: “abc” is not a number.',
    });
    expect(parseRow(['', '1'], ['petal_length', 'x2'])).toEqual({
      ok: false,
      message: 'Type a number for petal_length.',
    });
  });

  it('labels an edge with its value, a short vector, or the norm of a wide tensor', () => {
    expect(formatTensor([0.98765])).toBe('0.9877');
    expect(formatTensor([1, 0, 0])).toBe('[1, 0, 0]');
    // ‖(3, 4, 0, 0)‖ = 5
    expect(formatTensor([3, 4, 0, 0])).toBe('‖5‖');
  });
});

describe('the probe in Chinese', () => {
  it('names the field that is not a number in Chinese', () => {
    setLanguage('zh-CN');
    try {
      expect(parseRow(['1', 'abc'], ['x1', 'x2'])).toEqual({
        ok: false,
        message: 'x2：“abc”不是数。',
      });
      expect(parseRow([''], [])).toEqual({ ok: false, message: '请为 特征 1 输入一个数。' });
    } finally {
      setLanguage('en');
    }
  });
});
