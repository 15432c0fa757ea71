import { describe, expect, it } from 'vitest';
import {
  detectDeadRelu,
  detectGradientFlow,
  detectOscillation,
  detectSaturation,
  detectWarnings,
  lossOscillates,
  type WarningInput,
} from './detect';

const healthy: WarningInput = {
  nodeStats: { act1: { saturated: 0.12 }, act2: { dead: 0.1 }, act3: { saturated: 0.9 } },
  gradNorms: { dense1: 0.05, dense2: 0.2, dense3: 0.4 },
  losses: [0.69, 0.6, 0.52, 0.47, 0.43, 0.4, 0.38, 0.37, 0.36, 0.355, 0.35, 0.346],
  fnById: { act1: 'tanh', act2: 'relu', act3: 'sigmoid' },
  denseOrder: ['dense1', 'dense2', 'dense3'],
  outputId: 'act3',
  lossId: 'loss',
};

describe('teaching warnings', () => {
  it('stay quiet on a healthy run (a confident output sigmoid is not saturation)', () => {
    expect(detectWarnings(healthy)).toEqual([]);
  });

  it('flag saturated sigmoid and tanh units on their node', () => {
    const w = detectSaturation(
      { act1: { saturated: 0.8 }, act2: { saturated: 0.7 }, act4: { saturated: 0.2 } },
      { act1: 'tanh', act2: 'sigmoid', act4: 'tanh' },
      'act3',
    );
    expect(w.map((x) => [x.kind, x.nodeId])).toEqual([
      ['saturated', 'act1'],
      ['saturated', 'act2'],
    ]);
    expect(w[0].explanation).toMatch(/80%.*too large/);
    expect(w[0].fix).toMatch(/xavier.*standardise.*learning rate/);
  });

  it('leave saturation alone once a classifier fits its training data', () => {
    const stats = { act1: { saturated: 0.96 } };
    expect(detectSaturation(stats, { act1: 'tanh' }, 'act3', 0.99)).toEqual([]);
    expect(detectSaturation(stats, { act1: 'tanh' }, 'act3', 0.8)).toHaveLength(1);
    expect(detectSaturation(stats, { act1: 'tanh' }, 'act3')).toHaveLength(1);
  });

  it('leave saturation alone once the loss has fallen well below where it started', () => {
    const stats = { act1: { saturated: 0.9 } };
    const fn = { act1: 'tanh' };
    expect(detectSaturation(stats, fn, 'act3', undefined, [0.7, 0.5, 0.3])).toEqual([]);
    expect(detectSaturation(stats, fn, 'act3', undefined, [0.7, 0.69, 0.7])).toHaveLength(1);
    // Before the first epoch ends, saturation at the start is flagged.
    expect(detectSaturation(stats, fn, 'act3', undefined, [])).toHaveLength(1);
  });

  it('ignore saturation numbers of other functions and of the output', () => {
    expect(detectSaturation({ a: { saturated: 0.9 } }, { a: 'relu' })).toEqual([]);
    expect(detectSaturation({ a: { saturated: 0.9 } }, { a: 'sigmoid' }, 'a')).toEqual([]);
    expect(detectSaturation({ a: { saturated: NaN } }, { a: 'tanh' })).toEqual([]);
  });

  it('flag dead ReLUs', () => {
    const w = detectDeadRelu({ act2: { dead: 0.75 }, act5: { dead: 0.5 } });
    expect(w).toHaveLength(1);
    expect(w[0]).toMatchObject({ kind: 'dead', nodeId: 'act2' });
    expect(w[0].fix).toMatch(/leaky ReLU.*he init.*lower learning rate/);
  });

  it('flag vanishing gradients on the first layer', () => {
    const w = detectGradientFlow({ d1: 1e-7, d2: 1e-4, d3: 0.5 }, ['d1', 'd2', 'd3']);
    expect(w).toHaveLength(1);
    expect(w[0]).toMatchObject({ kind: 'vanishing', nodeId: 'd1' });
  });

  it('flag exploding gradients by ratio and by size', () => {
    const byRatio = detectGradientFlow({ d1: 50, d2: 0.01 }, ['d1', 'd2']);
    expect(byRatio.map((x) => [x.kind, x.nodeId])).toEqual([['exploding', 'd1']]);
    const bySize = detectGradientFlow({ d1: 5e3, d2: 2e3 }, ['d1', 'd2']);
    expect(bySize.map((x) => [x.kind, x.nodeId])).toEqual([
      ['exploding', 'd1'],
      ['exploding', 'd2'],
    ]);
    // A huge first layer is named once, not also for the ratio.
    const both = detectGradientFlow({ d1: 5e4, d2: 1 }, ['d1', 'd2']);
    expect(both).toHaveLength(1);
  });

  it('do not judge gradients before a step or with one layer', () => {
    expect(detectGradientFlow({ d1: 0, d2: 0 }, ['d1', 'd2'])).toEqual([]);
    expect(detectGradientFlow({ d1: 1e-9 }, ['d1'])).toEqual([]);
    expect(detectGradientFlow({ d1: NaN, d2: 1 }, ['d1', 'd2'])).toEqual([]);
  });

  it('flag a loss that goes up and down with large steps', () => {
    const zigzag = [0.9, 0.5, 0.95, 0.45, 1.0, 0.5, 0.9, 0.4, 1.1, 0.6, 0.95];
    expect(lossOscillates(zigzag)).toBe(true);
    const w = detectOscillation(zigzag, 'loss');
    expect(w).toHaveLength(1);
    expect(w[0]).toMatchObject({ kind: 'oscillating', nodeId: 'loss' });
    expect(w[0].fix).toMatch(/learning rate/);
  });

  it('leave small noise and short histories alone', () => {
    const noisy = [0.4, 0.401, 0.399, 0.4, 0.398, 0.399, 0.397, 0.398, 0.396, 0.397, 0.395];
    expect(lossOscillates(noisy)).toBe(false);
    expect(lossOscillates([1, 0.2, 1, 0.2, 1])).toBe(false);
    expect(lossOscillates(healthy.losses)).toBe(false);
    // A converged loss wobbling by rounding, far below where the run started.
    const converged = [0.69, 0.3, 0.01, 3e-9, 5e-9, 2e-9, 6e-9, 3e-9, 5e-9, 2e-9, 6e-9, 3e-9, 5e-9];
    expect(lossOscillates(converged)).toBe(false);
  });
});
