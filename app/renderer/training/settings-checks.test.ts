/**
 * The settings panel refuses exactly what a model file refuses: a value the
 * panel accepted must save into a file that opens again, and the other way
 * round. Its checks are compared with the file validator at the boundaries.
 */
import { describe, expect, it } from 'vitest';
import { exampleById } from '#src/model/examples';
import { validateModel } from '#src/model/parse';
import type { ModelFile } from '#src/model/types';
import { checks } from './SettingsPanel';

type Key = keyof typeof checks;

/** Puts a value where the setting lives in a file, returning that place's JSON path. */
const place: Record<Key, (m: ModelFile, n: number) => string> = {
  learningRate: (m, n) => ((m.training.learningRate = n), 'training.learningRate'),
  miniBatch: (m, n) => ((m.training.batch = { miniBatch: n }), 'training.batch'),
  epochs: (m, n) => ((m.training.epochs = n), 'training.epochs'),
  l2: (m, n) => ((m.training.l2 = n), 'training.l2'),
  l1: (m, n) => ((m.training.l1 = n), 'training.l1'),
  seed: (m, n) => ((m.training.seed = n), 'training.seed'),
  validation: (m, n) => (((m.data as { validation?: number }).validation = n), 'data.validation'),
  targetLoss: (m, n) => ((m.training.targetLoss = n), 'training.targetLoss'),
};

const samples = [
  -1,
  -1e-9,
  0,
  1e-9,
  0.5,
  0.999,
  1,
  1.5,
  2,
  99,
  100,
  100.5,
  1e6,
  1e6 + 1,
  4294967295,
  4294967296,
];

describe('training settings checks', () => {
  for (const key of Object.keys(checks) as Key[]) {
    it(`${key} agrees with the model file's schema`, () => {
      for (const n of samples) {
        const model = exampleById('spiral')!.model();
        const path = place[key](model, n);
        const result = validateModel(JSON.parse(JSON.stringify(model)));
        const fileRefuses = !result.ok && result.problems.some((p) => p.path.startsWith(path));
        const panelRefuses = checks[key](n) !== null;
        expect(panelRefuses, `${key} = ${n}`).toBe(fileRefuses);
      }
    });
  }
});
