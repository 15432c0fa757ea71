/**
 * A document with an image input and convolution keeps its weights through a
 * save and an open: the file's checks leave image layers' widths to the compiler.
 */
import { describe, expect, it } from 'vitest';
import { parseModel } from './parse';
import { prepareModel } from './prepare';
import { serializeModel } from './serialize';
import { testDocument } from './testing/documents';
import type { ModelFile } from './types';

function cnn(): ModelFile {
  const nodes = [
    { id: 'x', kind: 'input', params: { features: 32, height: 4, width: 4, channels: 2 } },
    { id: 'conv', kind: 'conv2d', params: { filters: 3 } },
    { id: 'pool', kind: 'maxpool2d', params: {} },
    { id: 'flat', kind: 'flatten', params: {} },
    { id: 'out', kind: 'dense', params: { units: 2 } },
    { id: 'loss', kind: 'loss', params: { fn: 'mse' } },
  ];
  return testDocument({
    name: 'cnn',
    nodes,
    data: { inline: { x: [Array.from({ length: 32 }, (_, i) => i / 32)], y: [[0, 1]] } },
    training: { epochs: 1, seed: 3 },
  });
}

describe('an image document', () => {
  it('saves and opens with its conv and dense weights, predicting the same', async () => {
    const model = cnn();
    const first = await prepareModel(model);
    if (!first.ok) throw new Error(JSON.stringify(first.problems));
    const weights = first.net.getWeights();
    expect((weights.conv.W as number[][][][]).length).toBe(3); // kernel × kernel × 2 × 3
    const back = parseModel(serializeModel({ ...model, weights }));
    if (!back.ok) throw new Error(back.problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
    const again = await prepareModel(back.model);
    if (!again.ok) throw new Error(JSON.stringify(again.problems));
    const x = Float64Array.from({ length: 32 }, (_, i) => Math.sin(i));
    expect(Array.from(again.net.predict(x, 1))).toEqual(Array.from(first.net.predict(x, 1)));
  });

  it('refuses conv weights of the wrong shape, naming the tensor', async () => {
    const model = cnn();
    const first = await prepareModel(model);
    if (!first.ok) throw new Error('does not prepare');
    const weights = first.net.getWeights();
    weights.conv.W = (weights.conv.W as number[][][][]).slice(0, 2);
    const back = parseModel(serializeModel({ ...model, weights }));
    let paths: string[];
    if (back.ok) {
      const opened = await prepareModel(back.model);
      paths = opened.ok ? [] : opened.problems.map((p) => p.path);
    } else paths = back.problems.map((p) => p.path);
    expect(paths.join(' ')).toMatch(/weights\.conv\.W/);
  });
});
