import { describe, expect, it } from 'vitest';
import { exampleById } from '../model/examples';
import { exampleDocument } from '../model/testing/documents';
import { prepareModel } from '../model/prepare';
import type { ModelFile } from '../model/types';
import { decodeFrame, encodeFrame, type Frame } from './frame';
import { Runner } from './runner';
import { TRACE_MAX_POINTS, TRACE_MIN_POINTS, traceEvery, tracePoints } from './trace';
import { denseWeights } from '../engine/weights';

async function runToEnd(model: ModelFile): Promise<{ frames: Frame[]; runner: Runner }> {
  const prepared = await prepareModel(model);
  if (!prepared.ok) throw new Error(JSON.stringify(prepared.problems));
  let t = 0;
  const runner = new Runner({
    net: prepared.net,
    data: prepared.data,
    config: prepared.model.training,
    now: () => t++,
  });
  const frames: Frame[] = [];
  while (runner.state === 'idle' || runner.state === 'running') {
    runner.runFor(30, true);
    frames.push(decodeFrame(encodeFrame(runner.frame())));
  }
  return { frames, runner };
}

describe('every weight’s history', () => {
  it('samples every update of the one-neuron example, which converges to (1, 0, 0) and 0', async () => {
    const model = exampleById('neuron')!.model();
    const { frames, runner } = await runToEnd(model);
    const traced = frames.filter((f) => f.header.trace);
    const steps = traced.flatMap((f) => f.header.trace!.steps);
    // Full batch: one update per epoch, fewer than TRACE_MAX_POINTS, so every one is kept.
    expect(steps).toEqual(Array.from({ length: model.training.epochs }, (_, i) => i + 1));
    expect(traced.length).toBeGreaterThan(1);
    const last = traced[traced.length - 1];
    expect(last.header.trace!.layers).toEqual([{ id: 'dense1', rows: 1, cols: 3, bias: true }]);
    // Per sample: w₁ w₂ w₃ b ∂L/∂w₁ ∂L/∂w₂ ∂L/∂w₃ ∂L/∂b.
    const v = last.trace!.values;
    expect(v.length).toBe(last.header.trace!.steps.length * 8);
    const final = Array.from(v.subarray(v.length - 8));
    const [w1, w2, w3, b] = final;
    expect(w1).toBeCloseTo(1, 1);
    for (const x of [w2, w3, b]) expect(Math.abs(x)).toBeLessThan(0.05);
    const weights = denseWeights(runner.net.getWeights().dense1)!;
    expect(final.slice(0, 4)).toEqual([...weights.W[0], ...weights.b].map(Math.fround));
    // The first sampled gradient is large; the last is near zero.
    const first = traced[0].trace!.values;
    expect(Math.abs(first[4])).toBeGreaterThan(0.01);
    expect(Math.abs(final[4])).toBeLessThan(1e-3);
    expect(last.trace!.norms.length).toBe(last.header.trace!.steps.length);
  });

  it('samples a long mini-batch run every k-th update, between 500 and 2000 times', async () => {
    const model = exampleDocument('article', { batch: { miniBatch: 4 }, epochs: 300 });
    const { frames } = await runToEnd(model);
    const steps = frames.flatMap((f) => f.header.trace?.steps ?? []);
    const updates = 300 * 16;
    const every = frames.find((f) => f.header.trace)!.header.trace!.every;
    expect(every).toBe(traceEvery(updates, tracePoints(26)));
    expect(steps.length).toBe(Math.floor(updates / every));
    expect(steps.length).toBeGreaterThanOrEqual(TRACE_MIN_POINTS);
    expect(steps.length).toBeLessThanOrEqual(TRACE_MAX_POINTS);
    expect(steps.every((s) => s % every === 0)).toBe(true);
  });

  it('keeps at least 500 samples and bounded memory for the largest traced network', () => {
    expect(tracePoints(4096)).toBe(TRACE_MIN_POINTS);
    expect(tracePoints(10)).toBe(TRACE_MAX_POINTS);
    expect(traceEvery(1999, 2000)).toBe(1);
    expect(Math.floor(4001 / traceEvery(4001, 2000))).toBeGreaterThanOrEqual(1000);
  });

  it('records only gradient norms for a network too large to trace weight by weight', async () => {
    const model = exampleById('spiral')!.model();
    model.graph.nodes.find((n) => n.id === 'dense2')!.params.units = 400;
    model.training = { ...model.training, epochs: 1 };
    const { frames } = await runToEnd(model);
    const traced = frames.filter((f) => f.header.trace);
    expect(traced.length).toBeGreaterThan(0);
    for (const f of traced) {
      expect(f.header.trace!.layers).toEqual([]);
      expect(f.trace!.values.length).toBe(0);
      expect(f.trace!.norms.length).toBe(f.header.trace!.steps.length * 3);
    }
  });

  it('a Step samples the update it takes', async () => {
    const prepared = await prepareModel(exampleById('article')!.model());
    if (!prepared.ok) throw new Error('prepare');
    const runner = new Runner({
      net: prepared.net,
      data: prepared.data,
      config: { ...prepared.model.training, batch: { miniBatch: 1 }, epochs: 1000 },
    });
    runner.stepOnce();
    runner.stepOnce();
    expect(runner.frame().header.trace!.steps).toEqual([1, 2]);
    expect(runner.frame().header.trace).toBeUndefined();
  });
});
