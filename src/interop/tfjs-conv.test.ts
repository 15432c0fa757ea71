/**
 * Export of the image kinds: a CNN document as a TF.js Layers model predicts what
 * the app predicts (tf.loadLayersModel, images fed as [m, h, w, c]); ONNX and
 * PyTorch refuse them by name until they cover channels-first convolution.
 */
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../engine/random';
import { testDocument } from '../model/testing/documents';
import type { ModelFile } from '../model/types';
import { exportModelFile } from '../node/interop-files';
import { exportFormat } from './formats';
import { prepared, predictRaw, rawRows, worstRelative } from './testing/models';
import { fileHandler } from '../node/testing/tfjs-files';
import { useTempDir } from '../node/testing/temp-dir';

const dir = useTempDir('bps-tfjs-conv-', 'all');
beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** An image CNN document on random 6 × 7 × 2 images, 3 classes. */
function cnnModel(
  conv: Record<string, unknown>,
  pool: [string, Record<string, unknown>],
  name: string,
): ModelFile {
  const [h, w, c] = [6, 7, 2];
  const rng = new Rng(5);
  const layers: [string, string, Record<string, unknown>][] = [
    ['conv', 'conv2d', conv],
    ['relu', 'activation', { fn: 'relu' }],
    ['pool', ...pool],
    ['flat', 'flatten', {}],
    ['out', 'dense', { units: 3 }],
    ['soft', 'activation', { fn: 'softmax' }],
    ['loss', 'loss', { fn: 'cross_entropy' }],
  ];
  const nodes = [
    { id: 'x', kind: 'input', params: { features: h * w * c, height: h, width: w, channels: c } },
    ...layers.map(([id, kind, params]) => ({ id, kind, params })),
  ];
  const m = 5;
  return testDocument({
    name,
    nodes,
    data: {
      inline: {
        x: Array.from({ length: m }, () =>
          Array.from({ length: h * w * c }, () => rng.uniform(-1, 1)),
        ),
        y: Array.from({ length: m }, (_, r) => [0, 1, 2].map((k) => (r % 3 === k ? 1 : 0))),
      },
    },
    training: { epochs: 1, seed: 3 },
  });
}

const models = [
  cnnModel({ filters: 3 }, ['maxpool2d', {}], 'conv same, maxpool'),
  cnnModel(
    { filters: 2, kernel: 2, stride: 2, padding: 'valid', bias: false },
    ['avgpool2d', { size: 2, stride: 1, padding: 'same' }],
    'conv 2×2 stride 2 valid without bias, avgpool same',
  ),
  withNorms(
    cnnModel({ filters: 3 }, ['maxpool2d', {}], 'conv, batch norm, relu, layer norm, maxpool'),
  ),
];

/** A batch norm after the conv and a layer norm after its relu, both over the 3 channels (Keras' axis −1). */
function withNorms(model: ModelFile): ModelFile {
  const { nodes, edges } = model.graph;
  const insert = (after: string, id: string, kind: string) => {
    for (const e of edges) if (e.source === after) e.source = id;
    nodes.splice(nodes.findIndex((n) => n.id === after) + 1, 0, { id, kind, params: {} });
    edges.push({ id: `to-${id}`, source: after, target: id });
  };
  insert('conv', 'bn', 'batchnorm');
  insert('relu', 'ln', 'layernorm');
  model.weights = {
    bn: {
      gamma: [1.5, 0.5, 1],
      beta: [0.1, -0.2, 0.3],
      mean: [0.2, -0.1, 0],
      variance: [0.5, 2, 1],
    },
    ln: { gamma: [0.8, 1.2, 1], beta: [0, 0.1, -0.1] },
  };
  return model;
}

let count = 0;
describe('TF.js export of convolution, pooling and flatten', () => {
  for (const model of models) {
    it(`tf.loadLayersModel predicts as the app: ${model.name}`, async () => {
      const out = join(dir(), `model${++count}.json`);
      const result = await exportModelFile(model, null, exportFormat('tfjs')!, out, dir());
      expect(result).toMatchObject({ ok: true });
      const loaded = await tf.loadLayersModel(fileHandler(out));
      const p = await prepared(model);
      const { x, m } = rawRows(p);
      const y = loaded.predict(tf.tensor4d(Float32Array.from(x), [m, 6, 7, 2])) as tf.Tensor;
      expect(worstRelative(Float64Array.from(await y.data()), predictRaw(p, x, m))).toBeLessThan(
        1e-5,
      );
    });
  }

  for (const id of ['onnx', 'pytorch']) {
    it(`${id} refuses them by name`, async () => {
      const result = await exportModelFile(
        models[0],
        null,
        exportFormat(id)!,
        join(dir(), `refused.${id}`),
        dir(),
      );
      expect(result.ok).toBe(false);
      expect(result).toMatchObject({ message: expect.stringMatching(/"conv"/) });
    });
  }
});
