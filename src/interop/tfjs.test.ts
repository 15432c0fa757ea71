/**
 * TF.js export: the written model.json and weights file load with tf.loadLayersModel (read
 * from disk through the manifest, as a browser would fetch them) and predict as the app does;
 * ours → TF.js → ours gives the same predictions.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ACTIVATIONS } from '../engine/registry';
import { EXAMPLES } from '../model/examples';
import type { ModelFile } from '../model/types';
import { exportModelFile, importModelFile } from '../node/interop-files';
import { exportFormat } from './formats';
import { standardizes } from '../model/data';
import {
  flatExamples,
  float32Weights,
  predictRaw,
  prepared,
  randomModel,
  randomModels,
  rawRows,
  trainedNorm,
  withNodeAfter,
  worstRelative,
} from './testing/models';
import { fileHandler } from '../node/testing/tfjs-files';
import { useTempDir } from '../node/testing/temp-dir';

const dir = useTempDir('bps-tfjs-', 'all');
beforeAll(async () => {
  await tf.setBackend('cpu');
});

let count = 0;
async function exportTo(model: ModelFile) {
  const out = join(dir(), `model${++count}.json`);
  const result = await exportModelFile(model, null, exportFormat('tfjs')!, out, dir());
  return { out, result };
}

async function checkWithTfjs(model: ModelFile): Promise<number> {
  const p = await prepared(model);
  const { out, result } = await exportTo(model);
  expect(result).toMatchObject({ ok: true });
  const loaded = await tf.loadLayersModel(fileHandler(out));
  const { x, m, features } = rawRows(p);
  // An image Input exports as an InputLayer [null, h, w, c]: the same rows in that shape.
  const shape = loaded.inputs[0].shape.slice(1) as number[];
  expect(shape.reduce((a, b) => a * b, 1)).toBe(features);
  const y = loaded.predict(tf.tensor(Float32Array.from(x), [m, ...shape])) as tf.Tensor;
  const theirs = Float64Array.from(await y.data());
  return worstRelative(theirs, predictRaw(p, x, m));
}

/** Random graphs whose standardised input reaches only Dense layers (TF.js cannot fold it otherwise). */
function foldable(model: ModelFile): boolean {
  if (!standardizes(model.data)) return true;
  return model.graph.edges
    .filter((e) => e.source === 'x')
    .every((e) => model.graph.nodes.find((n) => n.id === e.target)?.kind === 'dense');
}

/** TF.js cannot load the tanh-approximate GELU (its 'gelu_new'): export refuses it (tested below). */
const TFJS_ACTIVATIONS = ACTIVATIONS.filter((fn) => fn !== 'gelu');
const randoms = randomModels(TFJS_ACTIVATIONS);

describe('TF.js export', () => {
  it.each(EXAMPLES.map((e) => [e.id, e] as const))(
    'the %s example loads with tf.loadLayersModel and predicts as the app does',
    async (_id, example) => {
      expect(await checkWithTfjs(example.model())).toBeLessThan(1e-5);
    },
  );

  it.each(randoms.map((m, i) => [i, m] as const).filter(([, m]) => foldable(m)))(
    'random graph %i loads with tf.loadLayersModel and predicts as the app does',
    async (_i, model) => {
      expect(await checkWithTfjs(model)).toBeLessThan(1e-5);
    },
  );

  it('refuses standardised data that reaches anything but a Dense layer, naming the node, and writes nothing', async () => {
    const model = randoms.find((m) => !foldable(m))!;
    expect(model).toBeDefined();
    const { out, result } = await exportTo(model);
    expect(result.ok).toBe(false);
    expect(result).toMatchObject({
      message: expect.stringMatching(/Dense layers.*"(concat|activation|add)\d+"/s),
    });
    await expect(readFile(out)).rejects.toThrow();
  });

  it('writes dropout as a Dropout layer: it loads and predicts as the app does (the identity)', async () => {
    const model = withNodeAfter(EXAMPLES[0].model(), 'dense1', 'dropout', { rate: 0.3 });
    expect(await checkWithTfjs(model)).toBeLessThan(1e-5);
  });

  it.each(['batchnorm', 'layernorm'])(
    'writes %s as Keras’ layer with its weights (and running statistics): it loads and predicts as the app',
    async (kind) => {
      expect(await checkWithTfjs(trainedNorm(kind, {}))).toBeLessThan(1e-5);
    },
  );

  it('refuses a GELU (TF.js cannot load the tanh approximation), naming the node, and writes nothing', async () => {
    const model = randomModel(0, ['gelu']);
    const gelu = model.graph.nodes.find((n) => n.params.fn === 'gelu')!;
    const { out, result } = await exportTo(model);
    expect(result).toMatchObject({ ok: false, message: expect.stringContaining(`"${gelu.id}"`) });
    await expect(readFile(out)).rejects.toThrow();
  });
});

describe('TF.js round trip (ours → TF.js → ours)', () => {
  const cases: [string, ModelFile][] = [
    ...flatExamples().map((e) => [e.id, e.model()] as [string, ModelFile]),
    ...randoms.filter(foldable).map((m) => [m.name, m] as [string, ModelFile]),
    ['with a dropout', withNodeAfter(EXAMPLES[0].model(), 'dense1', 'dropout', { rate: 0.3 })],
    ['with a batch norm', trainedNorm('batchnorm', { momentum: 0.9, epsilon: 0.01 })],
    ['with a layer norm', trainedNorm('layernorm', { epsilon: 0.01 })],
  ];
  it.each(cases)('%s: the same predictions, nodes and settings', async (_name, original) => {
    const exact = float32Weights(original, await prepared(original));
    const { out } = await exportTo(exact);
    const back = await importModelFile(out);
    if (!back.ok) throw new Error(back.message);
    const before = await prepared(exact);
    const after = await prepared(back.model);
    const { x, m } = rawRows(before);
    const a = predictRaw(before, x, m);
    const b = predictRaw(after, x, m);
    if (standardizes(exact.data)) {
      // Folded into float32 on the way out and taken out again on the way in.
      expect(worstRelative(b, a)).toBeLessThan(1e-6);
    } else {
      expect(Array.from(b)).toEqual(Array.from(a));
      expect(back.model.weights).toEqual(exact.weights);
    }
    expect(back.model.graph.nodes.map((n) => [n.id, n.kind, n.params])).toEqual(
      exact.graph.nodes.map((n) => [n.id, n.kind, n.params]),
    );
    expect(back.model.training).toEqual(exact.training);
    expect(back.model.data).toEqual(exact.data);
  });
});
