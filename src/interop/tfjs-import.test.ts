/**
 * TF.js import of models TF.js itself writes (model.save): a Sequential model with Dense layers'
 * own activations and a functional model with Add, Concatenate and LeakyReLU. The imported
 * document predicts what the TF.js model does. Unsupported layers are named with their position.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { prepareModel } from '../model/prepare';
import { importTfjs } from './tfjs-import';
import { ImportError } from './types';
import { worstRelative } from './testing/models';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** model.json text and its one weights file, as `model.save` writes them. */
async function saved(model: tf.LayersModel): Promise<{ json: string; weights: Uint8Array }> {
  let out: { json: string; weights: Uint8Array } | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const weights = new Uint8Array(artifacts.weightData as ArrayBuffer);
      const json = JSON.stringify({
        modelTopology: artifacts.modelTopology,
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        weightsManifest: [{ paths: ['group1-shard1of1.bin'], weights: artifacts.weightSpecs }],
      });
      out = { json, weights };
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  return out!;
}

async function compare(model: tf.LayersModel, features: number) {
  const { json, weights } = await saved(model);
  const reads: string[] = [];
  const { model: doc } = await importTfjs(
    json,
    async (path) => {
      reads.push(path);
      return weights;
    },
    'model.json',
  );
  expect(reads).toEqual(['group1-shard1of1.bin']);
  const m = 7;
  const x = Float32Array.from({ length: m * features }, (_, i) => Math.sin(i * 1.7) * 2);
  const theirs = await (model.predict(tf.tensor2d(x, [m, features])) as tf.Tensor).data();
  const prepared = await prepareModel(doc);
  if (!prepared.ok) throw new Error(JSON.stringify(prepared.problems));
  return { doc, worst: worstRelative(prepared.net.predict(Float64Array.from(x), m), theirs) };
}

describe('TF.js import of models TF.js writes', () => {
  it('a Sequential model whose Dense layers carry their activations', async () => {
    const model = tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [3], units: 6, activation: 'tanh', name: 'hidden' }),
        tf.layers.dense({ units: 4, activation: 'relu', useBias: false }),
        tf.layers.dense({ units: 3, activation: 'softmax', name: 'out' }),
      ],
    });
    const { doc, worst } = await compare(model, 3);
    expect(worst).toBeLessThan(1e-5);
    expect(doc.graph.nodes.map((n) => n.kind)).toEqual([
      'input',
      'dense',
      'activation',
      'dense',
      'activation',
      'dense',
      'activation',
      'loss',
    ]);
    expect(doc.graph.nodes.at(-1)!.params).toEqual({ fn: 'cross_entropy' });
  });

  it('a functional model with Add, Concatenate and LeakyReLU (default alpha 0.3)', async () => {
    const input = tf.input({ shape: [2], name: 'features' });
    const a = tf.layers.dense({ units: 4, name: 'a' }).apply(input) as tf.SymbolicTensor;
    const b = tf.layers
      .dense({ units: 4, name: 'b', activation: 'sigmoid' })
      .apply(input) as tf.SymbolicTensor;
    const sum = tf.layers.add({ name: 'sum' }).apply([a, b]) as tf.SymbolicTensor;
    const leaky = tf.layers.leakyReLU({ name: 'leaky' }).apply(sum) as tf.SymbolicTensor;
    const joined = tf.layers
      .concatenate({ name: 'joined' })
      .apply([leaky, input]) as tf.SymbolicTensor;
    const output = tf.layers.dense({ units: 1, name: 'y' }).apply(joined) as tf.SymbolicTensor;
    const { doc, worst } = await compare(tf.model({ inputs: input, outputs: output }), 2);
    expect(worst).toBeLessThan(1e-5);
    expect(doc.graph.nodes.find((n) => n.id === 'leaky')!.params).toEqual({
      fn: 'leaky_relu',
      alpha: 0.3,
    });
    expect(doc.graph.nodes.find((n) => n.id === 'joined')!.kind).toBe('concat');
    expect(doc.graph.nodes.at(-1)!.params).toEqual({ fn: 'mse' });
  });

  it('metadata it did not write is not trusted: odd ids, positions and loss ids change nothing', async () => {
    const model = tf.sequential({
      layers: [tf.layers.dense({ inputShape: [2], units: 1, name: 'only' })],
    });
    const { json, weights } = await saved(model);
    const hostile = JSON.parse(json) as Record<string, unknown>;
    hostile.userDefinedMetadata = {
      'backprop-studio': JSON.parse(
        '{"name": "n", "lossFn": "mse", "data": {"builtin": "xor"}, "training": {"optimizer": "sgd", "learningRate": 0.1, "batch": "full", "epochs": 1, "seed": 1, "l2": 0},' +
          ' "ids": {"__proto__": 5, "only": 7}, "lossId": 9, "positions": {"__proto__": 1}, "foldedBias": "x"}',
      ),
    };
    const { model: doc } = await importTfjs(
      JSON.stringify(hostile),
      async () => weights,
      'model.json',
    );
    expect(doc.graph.nodes.map((n) => n.id)).toEqual(['input', 'only', 'loss']);
    // Not our shape at all (data is a number): ignored, as for a foreign model.
    hostile.userDefinedMetadata = {
      'backprop-studio': { name: 'x', lossFn: 'mse', data: 5, training: {} },
    };
    const foreign = await importTfjs(JSON.stringify(hostile), async () => weights, 'model.json');
    expect(foreign.hasData).toBe(false);
    expect(doc.graph.nodes.every((n) => typeof n.position?.x === 'number')).toBe(true);
  });

  it('names an unsupported layer with its position, and imports nothing', async () => {
    const model = tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [3], units: 4, name: 'd1' }),
        tf.layers.gaussianNoise({ stddev: 0.1, name: 'noise' }),
        tf.layers.dense({ units: 1, name: 'd2' }),
      ],
    });
    const { json, weights } = await saved(model);
    const error = await importTfjs(json, async () => weights, 'model.json').catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ImportError);
    expect((error as Error).message).toContain('model.json: node 3 of 4, "noise" (GaussianNoise)');
    expect((error as Error).message).toContain('the layer GaussianNoise is not supported');
  });

  it('BatchNormalization (its running statistics) and LayerNormalization, predicting as TF.js', async () => {
    const bn = tf.layers.batchNormalization({ name: 'bn', momentum: 0.9, epsilon: 0.01 });
    const ln = tf.layers.layerNormalization({ name: 'ln', epsilon: 0.02 });
    const model = tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [3], units: 4, name: 'd1' }),
        bn,
        tf.layers.dense({ units: 5, activation: 'tanh', name: 'd2' }),
        ln,
        tf.layers.dense({ units: 2, name: 'd3' }),
      ],
    });
    // Statistics and scales away from their initial values, as after training.
    const ramp = (n: number, a: number, d: number) =>
      tf.tensor1d(Array.from({ length: n }, (_, i) => a + d * i));
    bn.setWeights([ramp(4, 0.5, 0.2), ramp(4, -0.2, 0.1), ramp(4, 0.3, -0.2), ramp(4, 0.4, 0.5)]);
    ln.setWeights([ramp(5, 1.5, -0.2), ramp(5, 0.1, 0.05)]);
    const { doc, worst } = await compare(model, 3);
    expect(worst).toBeLessThan(1e-5);
    const byKind = (kind: string) => doc.graph.nodes.find((n) => n.kind === kind)!;
    expect(byKind('batchnorm').params).toEqual({ momentum: 0.9, epsilon: 0.01 });
    expect(byKind('layernorm').params).toEqual({ epsilon: 0.02 });
    expect(Object.keys(doc.weights![byKind('batchnorm').id]).sort()).toEqual([
      'beta',
      'gamma',
      'mean',
      'variance',
    ]);
  });
});
