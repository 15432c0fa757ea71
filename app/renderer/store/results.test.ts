import { describe, expect, it } from 'vitest';
import { compile } from '#src/engine/compile';
import { exampleById } from '#src/model/examples';
import type { ModelFile, ResumeState, RunRecord } from '#src/model/types';
import {
  withWeights,
  withHistory,
  withRunPatch,
  withoutRuns,
  withoutWeights,
  savedModel,
} from './results';

/** XOR: dense1 (4 × 2) and dense2 (1 × 4). */
const xor = () => exampleById('xor')!.model();
const dims = (model: ModelFile) => compile(model.graph).dims;
const run = (id: number): RunRecord => ({
  id,
  started: '2026-12-01T10:00:00Z',
  optimizer: 'sgd',
  learningRate: 0.1,
  batch: 'full',
  fromEpoch: 0,
  epochs: 0,
});
/** What resume holds does not matter here: only whether it is kept. */
const RESUME = { updates: 7 } as unknown as ResumeState;
const dense2 = { W: [[1, 2, 3, 4]], b: [0] };

describe('what training produces, in the model file', () => {
  it('takes the weights that fit, keeps resume only when all of them did, keeps unnamed layers', () => {
    const model = {
      ...xor(),
      weights: {
        dense1: {
          W: [
            [1, 1],
            [2, 2],
            [3, 3],
            [4, 4],
          ],
          b: [0, 0, 0, 0],
        },
      },
    };
    const fits = withWeights(model, model.graph, dims(model), { dense2 }, RESUME);
    expect(Object.keys(fits.weights!)).toEqual(['dense1', 'dense2']);
    expect(fits.resume).toBe(RESUME);
    const bad = withWeights(
      fits,
      model.graph,
      dims(model),
      { dense1: { W: [[1]], b: [0] } },
      RESUME,
    );
    expect(Object.keys(bad.weights!)).toEqual(['dense2']);
    expect(bad.resume).toBeUndefined();
    expect(model.weights.dense1.W).toHaveLength(4);
  });

  it('appends history and sums each run’s epochs and last loss', () => {
    const model = { ...xor(), runs: [run(1), run(2)] };
    const next = withHistory(model, [
      { epoch: 1, loss: 0.5, run: 2 },
      { epoch: 2, loss: 0.25, run: 2 },
    ]);
    expect(next.history).toHaveLength(2);
    expect(next.runs![0]).toBe(model.runs[0]);
    expect(next.runs![1]).toMatchObject({ epochs: 2, finalLoss: 0.25 });
    expect(withHistory(xor(), [{ epoch: 1, loss: 1 }]).runs).toBeUndefined();
  });

  it('changes a run, forgets runs or weights, and says when there is nothing to change', () => {
    const model = { ...xor(), runs: [run(1)], history: [{ epoch: 1, loss: 1, run: 1 }] };
    expect(withRunPatch(model, 1, { durationMs: 5 })!.runs![0].durationMs).toBe(5);
    expect(withRunPatch(xor(), 1, { durationMs: 5 })).toBeNull();
    const cleared = withoutRuns(model)!;
    expect(cleared.runs ?? cleared.history).toBeUndefined();
    expect(withoutRuns(cleared)).toBeNull();
    const trained = { ...xor(), weights: { dense2 }, resume: RESUME };
    const reset = withoutWeights(trained)!;
    expect(reset.weights ?? reset.resume).toBeUndefined();
    expect(withoutWeights(reset)).toBeNull();
  });

  it('saves the weights that fit the graph, resume only with all of them, and the viewport', () => {
    const trained = { ...xor(), weights: { dense2 }, resume: RESUME };
    const saved = savedModel(trained, trained.graph, dims(trained), { x: 1, y: 2, zoom: 3 });
    expect(saved.weights).toEqual({ dense2 });
    expect(saved.resume).toBe(RESUME);
    expect(saved.view?.viewport).toEqual({ x: 1, y: 2, zoom: 3 });
    const stale = { ...trained, weights: { dense2, dense1: { W: [[1]], b: [0] } } };
    const dropped = savedModel(stale, stale.graph, dims(stale), null);
    expect(Object.keys(dropped.weights!)).toEqual(['dense2']);
    expect(dropped.resume).toBeUndefined();
    expect(dropped.view).toEqual(stale.view);
  });
});
