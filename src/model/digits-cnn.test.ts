import { describe, expect, it } from 'vitest';
import { Trainer } from '../engine';
import { BUILTIN_DATASETS } from './datasets';
import { DIGITS_CNN, exampleById } from './examples';
import { prepareModel } from './prepare';

describe('the Digits CNN example', () => {
  it('is input → conv → relu → maxpool → flatten → dense → softmax → cross-entropy on the digits', () => {
    const doc = DIGITS_CNN.model();
    expect(doc.graph.nodes.map((n) => n.kind)).toEqual([
      'input',
      'conv2d',
      'activation',
      'maxpool2d',
      'flatten',
      'dense',
      'activation',
      'loss',
    ]);
    expect(doc.graph.edges).toHaveLength(doc.graph.nodes.length - 1);
    expect(doc.data).toEqual({ builtin: 'digits', seed: 1, validation: 0.2 });
    // The Input takes the data as the image it is.
    const { features, height, width, channels } = doc.graph.nodes[0].params;
    const info = BUILTIN_DATASETS.digits;
    expect([height, width, channels]).toEqual(info.shape);
    expect(features).toBe(info.features);
    expect(doc.graph.nodes[5].params.units).toBe(info.targets);
    // Listed with the other examples (the Examples menu).
    expect(exampleById('digitsCnn')).toBe(DIGITS_CNN);
  });

  it('reaches 97 % validation accuracy with its own settings', async () => {
    const p = await prepareModel(DIGITS_CNN.model());
    if (!p.ok) throw new Error(p.problems.map((q) => q.message).join('\n'));
    const trainer = new Trainer(p.net, p.data.train, p.model.training);
    const t0 = performance.now();
    trainer.run();
    const seconds = (performance.now() - t0) / 1000;
    const val = p.net.evaluate(p.data.validation!);
    console.log(
      `Digits CNN: ${p.model.training.epochs} epochs in ${seconds.toFixed(1)} s, ` +
        `validation accuracy ${(100 * val.accuracy!).toFixed(1)} %, loss ${val.loss.toFixed(4)}`,
    );
    expect(val.accuracy).toBeGreaterThanOrEqual(0.97);
  }, 120_000);
});
