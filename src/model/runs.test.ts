import { describe, expect, it } from 'vitest';
import { newRun, runCurves, runName, weightsEpoch } from './runs';
import type { EpochRecord, ModelFile, RunRecord } from './types';

const settings = {
  optimizer: 'sgd',
  learningRate: 0.05,
  batch: 'full',
  epochs: 3,
  seed: 1,
  l2: 0,
} as const;
const weights: ModelFile['weights'] = { dense1: { W: [[1, 0, 0]], b: [0] } };

describe('runs', () => {
  it('numbers runs and starts a run after Reset weights at epoch 0', () => {
    const first = newRun({}, settings, new Date(0));
    expect(first).toMatchObject({ id: 1, fromEpoch: 0, epochs: 0, batch: 'full' });
    const done: RunRecord = { ...first, epochs: 3, finalLoss: 0.1 };
    // Trained weights: the next run continues from epoch 3.
    expect(newRun({ weights, runs: [done] }, settings, new Date(0))).toMatchObject({
      id: 2,
      fromEpoch: 3,
    });
    // Weights reset (history kept): the next run starts from the seed.
    expect(newRun({ runs: [done] }, settings, new Date(0)).fromEpoch).toBe(0);
    // A file from before runs continues its history's epoch numbers.
    expect(weightsEpoch({ weights, history: [{ epoch: 7, loss: 1 }] })).toBe(7);
  });

  it('splits the history into one curve per run, on the epoch within the run', () => {
    const runs: RunRecord[] = [
      { ...newRun({}, settings, new Date(0)), epochs: 2 },
      { ...newRun({}, settings, new Date(0)), id: 2, fromEpoch: 2, epochs: 1 },
      { ...newRun({}, { ...settings, batch: { miniBatch: 4 } }, new Date(0)), id: 3 },
    ];
    const history: EpochRecord[] = [
      { epoch: 1, loss: 0.9 },
      { epoch: 1, loss: 0.5, run: 1 },
      { epoch: 2, loss: 0.4, run: 1 },
      { epoch: 3, loss: 0.3, run: 2 },
    ];
    const curves = runCurves(history, runs);
    expect(curves.map((c) => [c.id, c.epoch, c.records.map((r) => r.loss)])).toEqual([
      [0, [1], [0.9]],
      [1, [1, 2], [0.5, 0.4]],
      [2, [1], [0.3]],
      [3, [], []],
    ]);
    expect(curves.map(runName)).toEqual([
      'Earlier training',
      'Run 1: SGD, λ 0.05, full batch',
      'Run 2: SGD, λ 0.05, full batch',
      'Run 3: SGD, λ 0.05, mini-batch 4',
    ]);
  });
});
