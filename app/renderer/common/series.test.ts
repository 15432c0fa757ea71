import { describe, expect, it } from 'vitest';
import type { Frame, FrameHeader } from '#src/training/frame';
import { paramNames } from '../training/Plots';
import { MAX_POINTS, RunLosses, WeightSeries } from './series';

/** A frame carrying trace samples of one 1×2 layer with bias: per sample w₁ w₂ b ∂w₁ ∂w₂ ∂b. */
function traceFrame(steps: number[]): Frame {
  const values = steps.flatMap((s) => [s, -s, s / 10, 1, 2, 3]);
  const header = {
    trace: {
      every: 1,
      steps,
      layers: [{ id: 'dense1', rows: 1, cols: 2, bias: true }],
      normIds: ['dense1'],
    },
  } as unknown as FrameHeader;
  return {
    header,
    edgeStats: new Float32Array(0),
    params: {},
    trace: { values: Float32Array.from(values), norms: Float32Array.from(steps.map(() => 0.5)) },
  };
}

describe('WeightSeries', () => {
  it('lays a frame’s samples out as one series per parameter, values then gradients', () => {
    const w = new WeightSeries();
    w.take(traceFrame([1, 2]));
    w.take(traceFrame([3]));
    const h = w.layers.get('dense1')!;
    expect(h.n).toBe(3);
    expect(Array.from(h.steps.subarray(0, 3))).toEqual([1, 2, 3]);
    expect(h.series.map((s) => Array.from(s.subarray(0, 3)))).toEqual([
      [1, 2, 3],
      [-1, -2, -3],
      [0.1, 0.2, 0.3].map(Math.fround),
      [1, 1, 1],
      [2, 2, 2],
      [3, 3, 3],
    ]);
    expect(w.gradSteps).toEqual([1, 2, 3]);
    expect(w.gradNorms.get('dense1')).toEqual([0.5, 0.5, 0.5]);
  });

  it('drops every other sample past MAX_POINTS, keeping the first and the newest', () => {
    const w = new WeightSeries();
    const all = Array.from({ length: MAX_POINTS + 1 }, (_, i) => i + 1);
    for (let i = 0; i < all.length; i += 300) w.take(traceFrame(all.slice(i, i + 300)));
    const h = w.layers.get('dense1')!;
    expect(h.n).toBeLessThanOrEqual(MAX_POINTS);
    expect(h.n).toBeGreaterThan(MAX_POINTS / 2);
    expect(h.steps[0]).toBe(1);
    expect(h.steps[h.n - 1]).toBe(MAX_POINTS + 1);
    expect(h.series[1][h.n - 1]).toBe(-(MAX_POINTS + 1));
  });
});

describe('RunLosses', () => {
  it('keeps one curve per run, each on the epoch within its run', () => {
    const losses = new RunLosses();
    losses.load(
      [
        { epoch: 1, loss: 0.9, run: 1 },
        { epoch: 2, loss: 0.8, run: 1 },
      ],
      [
        {
          id: 1,
          started: '',
          optimizer: 'sgd',
          learningRate: 0.1,
          batch: 'full',
          fromEpoch: 0,
          epochs: 2,
        },
      ],
    );
    const run = { ...losses.runs[0].run!, id: 2, fromEpoch: 2, epochs: 0 };
    losses.begin(run);
    losses.append([{ epoch: 3, loss: 0.5 }]);
    expect(losses.runs.map((r) => [r.id, r.series.epoch, r.series.loss])).toEqual([
      [1, [1, 2], [0.9, 0.8]],
      [2, [1], [0.5]],
    ]);
    expect(losses.current?.id).toBe(2);
  });
});

describe('a long run’s loss curve', () => {
  it('stays under MAX_POINTS, evenly spread from the first epoch to the newest', () => {
    const losses = new RunLosses();
    losses.begin({
      id: 1,
      started: '',
      optimizer: 'adam',
      learningRate: 0.05,
      batch: 'full',
      fromEpoch: 0,
      epochs: 0,
    });
    // 770,000 epochs arriving 1,100 a frame (a fast run of a tiny network).
    let epoch = 0;
    for (let f = 0; f < 700; f++)
      losses.append(Array.from({ length: 1100 }, () => ({ epoch: ++epoch, loss: 1 / epoch })));
    const x = losses.current!.series.epoch;
    expect(x.length).toBeLessThanOrEqual(MAX_POINTS);
    expect(x.length).toBeGreaterThan(MAX_POINTS / 2);
    expect(x[0]).toBe(1);
    expect(x[x.length - 1]).toBe(770_000);
    expect(losses.current!.series.loss[x.length - 1]).toBe(1 / 770_000);
    // Equal gaps everywhere but at the newest sample: the early epochs are as detailed as the late ones.
    const gaps = new Set(x.slice(1, -1).map((v, i) => v - x[i]));
    expect([...gaps]).toHaveLength(1);
  });
});

describe('paramNames', () => {
  it('names one unit’s weights w₁… and b, several units’ w₁₁… and b₁…', () => {
    expect(paramNames(1, 3, true)).toEqual(['w₁', 'w₂', 'w₃', 'b']);
    expect(paramNames(2, 2, true)).toEqual(['w₁₁', 'w₁₂', 'w₂₁', 'w₂₂', 'b₁', 'b₂']);
    expect(paramNames(1, 2, false)).toEqual(['w₁', 'w₂']);
    expect(paramNames(10, 1, false).slice(-1)).toEqual(['w₁₀,₁']);
  });
});
