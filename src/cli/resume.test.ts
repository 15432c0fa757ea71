/**
 * Exact resume on the command line: `train --epochs 100` twice on a file
 * gives the weights and loss history of `train --epochs 200` once, bit for
 * bit, for every update rule (the real bin, in child processes).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runnerIn } from './testing/run';
import { EXAMPLES } from '../model/examples';
import { parseModel } from '../model/parse';
import { serializeModel } from '../model/serialize';
import type { ModelFile, OptimizerName } from '../model/types';

const dir = mkdtempSync(join(tmpdir(), 'bpresume-'));
const run = runnerIn(dir);

/** The spiral example, smaller: 120 samples with a validation share, mini-batches of 16. */
function spiral(optimizer: OptimizerName): ModelFile {
  const model = EXAMPLES.find((e) => e.id === 'spiral')!.model();
  model.data = { builtin: 'spiral', samples: 120, noise: 0.02, seed: 1, validation: 0.2 };
  model.training = {
    ...model.training,
    optimizer,
    learningRate: optimizer === 'adam' ? 0.01 : 0.05,
    l2: 0.0001,
    l1: 0.0001,
  };
  return model;
}

const load = (name: string): ModelFile => {
  const parsed = parseModel(readFileSync(join(dir, name), 'utf8'));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.model;
};

async function train(name: string, epochs: number): Promise<void> {
  const r = await run('train', name, '--epochs', String(epochs));
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
}

describe('train, save, train again = train once (CLI)', () => {
  for (const optimizer of ['sgd', 'momentum', 'adam'] as const) {
    it(`${optimizer}: 100 + 100 epochs = 200, bit for bit`, async () => {
      const text = serializeModel(spiral(optimizer));
      writeFileSync(join(dir, `${optimizer}-once.bpmodel`), text);
      writeFileSync(join(dir, `${optimizer}-twice.bpmodel`), text);
      await train(`${optimizer}-once.bpmodel`, 200);
      await train(`${optimizer}-twice.bpmodel`, 100);
      const half = load(`${optimizer}-twice.bpmodel`);
      expect(half.resume?.optimizer.name).toBe(optimizer);
      expect(half.resume?.shuffle.position).toBe(0);
      await train(`${optimizer}-twice.bpmodel`, 100);

      const once = load(`${optimizer}-once.bpmodel`);
      const twice = load(`${optimizer}-twice.bpmodel`);
      expect(twice.weights).toEqual(once.weights);
      expect(twice.resume).toEqual(once.resume);
      const losses = (m: ModelFile) => m.history!.map((h) => [h.epoch, h.loss, h.valLoss]);
      expect(losses(twice)).toEqual(losses(once));
      expect(twice.runs!.map((r) => [r.fromEpoch, r.epochs])).toEqual([
        [0, 100],
        [100, 100],
      ]);

      // Without the resume section the second half differs (this test can fail).
      const lost = { ...half };
      delete lost.resume;
      writeFileSync(join(dir, `${optimizer}-lost.bpmodel`), serializeModel(lost));
      await train(`${optimizer}-lost.bpmodel`, 100);
      expect(load(`${optimizer}-lost.bpmodel`).weights).not.toEqual(once.weights);
    }, 60_000);
  }
});
