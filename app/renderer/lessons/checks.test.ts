/** Each check holds in a world made for it and fails in one that differs in the one thing it looks at. */
import { describe, expect, it } from 'vitest';
import { exampleById } from '#src/model/examples';
import type { ModelFile, RunRecord } from '#src/model/types';
import { CHECKS, runCheck, validateTask, type LessonWorld } from './checks';

function world(patch: Partial<LessonWorld> = {}, model: Partial<ModelFile> = {}): LessonWorld {
  return {
    model: { ...exampleById('article')!.model(), ...model },
    tab: 'loss',
    training: null,
    step: { open: false, key: null, gradientsChecked: false },
    probe: { shown: false, values: [] },
    ...patch,
  };
}

const run = (patch: Partial<RunRecord>): RunRecord => ({
  id: 1,
  started: '2026-01-01T00:00:00Z',
  optimizer: 'sgd',
  learningRate: 0.05,
  batch: 'full',
  fromEpoch: 0,
  epochs: 10,
  end: 'done',
  ...patch,
});

describe('checks', () => {
  it('tabOpen: the training panel shows the tab', () => {
    expect(runCheck('tabOpen', { tab: 'weights' }, world({ tab: 'weights' }))).toBe(true);
    expect(runCheck('tabOpen', { tab: 'weights' }, world({ tab: 'probe' }))).toBe(false);
  });

  it('training: a run is going or paused', () => {
    expect(runCheck('training', {}, world({ training: 'running' }))).toBe(true);
    expect(runCheck('training', {}, world({ training: 'paused' }))).toBe(true);
    expect(runCheck('training', {}, world({ training: 'done' }))).toBe(false);
  });

  it('runFinished: counts runs that ended done, by descent and from the seed', () => {
    const runs = [
      run({ id: 1, batch: 'full' }),
      run({ id: 2, batch: 'stochastic', fromEpoch: 200 }),
      run({ id: 3, batch: { miniBatch: 32 }, end: 'stopped' }),
    ];
    const w = world({}, { runs });
    expect(runCheck('runFinished', {}, w)).toBe(true);
    expect(runCheck('runFinished', {}, world({}, { runs: [] }))).toBe(false);
    expect(runCheck('runFinished', { batch: 'full', fresh: true }, w)).toBe(true);
    expect(runCheck('runFinished', { batch: 'stochastic' }, w)).toBe(true);
    expect(runCheck('runFinished', { batch: 'stochastic', fresh: true }, w)).toBe(false);
    expect(runCheck('runFinished', { batch: 'mini' }, w)).toBe(false);
    expect(runCheck('runFinished', { count: 2 }, w)).toBe(true);
    expect(runCheck('runFinished', { count: 3 }, w)).toBe(false);
  });

  it('batchIs: the settings use that descent', () => {
    const training = { ...exampleById('neuron')!.model().training, batch: { miniBatch: 8 } };
    expect(runCheck('batchIs', { batch: 'mini' }, world({}, { training }))).toBe(true);
    expect(runCheck('batchIs', { batch: 'full' }, world({}, { training }))).toBe(false);
  });

  it('weightNear: a trained weight within the tolerance', () => {
    const weights = { dense1: { W: [[0.98, 0.01, 0.02]], b: [0] } };
    expect(
      runCheck('weightNear', { node: 'dense1', col: 0, value: 1 }, world({}, { weights })),
    ).toBe(true);
    expect(
      runCheck(
        'weightNear',
        { node: 'dense1', col: 0, value: 1, tolerance: 0.01 },
        world({}, { weights }),
      ),
    ).toBe(false);
    expect(runCheck('weightNear', { node: 'dense1', col: 0, value: 1 }, world())).toBe(false);
    expect(
      runCheck('weightNear', { node: 'dense9', col: 0, value: 1 }, world({}, { weights })),
    ).toBe(false);
  });

  it('lossBelow: the last recorded loss', () => {
    const history = [
      { epoch: 1, loss: 0.5 },
      { epoch: 2, loss: 0.01 },
    ];
    expect(runCheck('lossBelow', { value: 0.1 }, world({}, { history }))).toBe(true);
    expect(runCheck('lossBelow', { value: 0.001 }, world({}, { history }))).toBe(false);
    expect(runCheck('lossBelow', { value: 0.1 }, world({}, { history: [] }))).toBe(false);
  });

  it('activationIs: an Activation node with that function', () => {
    expect(runCheck('activationIs', { fn: 'sigmoid' }, world())).toBe(true);
    expect(runCheck('activationIs', { fn: 'tanh' }, world())).toBe(false);
  });

  it('stepOpen / stepAt: step through is open at that step or one of its parts', () => {
    const at = (key: string | null, open = true) =>
      world({ step: { open, key, gradientsChecked: false } });
    expect(runCheck('stepOpen', {}, at('loss'))).toBe(true);
    expect(runCheck('stepOpen', {}, at(null))).toBe(false);
    expect(runCheck('stepAt', { key: 'backward:act2' }, at('backward:act2'))).toBe(true);
    expect(runCheck('stepAt', { key: 'backward:dense2' }, at('backward:dense2:W'))).toBe(true);
    expect(runCheck('stepAt', { key: 'backward:dense2' }, at('backward:dense2x'))).toBe(false);
    expect(runCheck('stepAt', { key: 'backward:act2' }, at('backward:act1'))).toBe(false);
    expect(runCheck('stepAt', { key: 'backward:act2' }, at('backward:act2', false))).toBe(false);
  });

  it('gradientsChecked: the check has finished', () => {
    const w = (gradientsChecked: boolean) =>
      world({ step: { open: true, key: 'loss', gradientsChecked } });
    expect(runCheck('gradientsChecked', {}, w(true))).toBe(true);
    expect(runCheck('gradientsChecked', {}, w(false))).toBe(false);
  });

  it('probeShown: the sample on the canvas, and which one', () => {
    const w = (shown: boolean, values: number[]) => world({ probe: { shown, values } });
    expect(runCheck('probeShown', {}, w(true, [0, 1, 1]))).toBe(true);
    expect(runCheck('probeShown', {}, w(false, [1, 0, 0]))).toBe(false);
    expect(runCheck('probeShown', { values: [1, 0, 0] }, w(true, [1, 0, 0]))).toBe(true);
    expect(runCheck('probeShown', { values: [1, 0, 0] }, w(true, [1, 0, 0.5]))).toBe(false);
    expect(runCheck('probeShown', { values: [1, 0] }, w(true, [1, 0, 0]))).toBe(false);
  });

  it('every check is tested above', () => {
    const tested = [
      'tabOpen',
      'training',
      'runFinished',
      'batchIs',
      'weightNear',
      'lossBelow',
      'activationIs',
      'stepOpen',
      'stepAt',
      'gradientsChecked',
      'probeShown',
    ];
    expect(Object.keys(CHECKS).sort()).toEqual(tested.sort());
  });

  it('an unknown check holds never, and validateTask names it', () => {
    expect(runCheck('nope', {}, world())).toBe(false);
    expect(runCheck('toString', {}, world())).toBe(false);
    expect(validateTask('toString', {})[0]).toContain('there is no check "toString"');
    expect(validateTask('tabOpen', { tab: 'weights' })).toEqual([]);
    expect(validateTask('tabOpen', { tab: 'nowhere' })[0]).toContain('expected loss | weights');
  });
});
