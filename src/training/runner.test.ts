import { describe, expect, it } from 'vitest';
import { Trainer } from '../engine/train';
import { exampleById } from '../model/examples';
import { prepareModel } from '../model/prepare';
import type { ModelFile } from '../model/types';
import { decodeFrame, encodeFrame, EDGE_STATS, frameDense } from './frame';
import { Runner } from './runner';
import { denseWeights } from '../engine/weights';
import { diverging, runnerFor, xor } from './testing/runners';

describe('Runner', () => {
  it('trains the XOR example until its epochs are done, the loss falling', async () => {
    const { runner } = await runnerFor(xor());
    const history = [];
    while (runner.state !== 'done') {
      runner.runFor(50);
      history.push(...runner.frame().header.history);
    }
    expect(history).toHaveLength(xor().training.epochs);
    expect(history[history.length - 1].loss).toBeLessThan(0.05);
    expect(history[history.length - 1].loss).toBeLessThan(history[0].loss);
    expect(runner.message).toContain('500 epochs');
  });

  it('gives the same weights as the command line trainer for the same seed', async () => {
    const model = xor();
    const { runner } = await runnerFor(model);
    while (runner.state !== 'done') runner.runFor(1000);
    const cli = await prepareModel(model);
    if (!cli.ok) throw new Error('prepare');
    const trainer = new Trainer(cli.net, cli.data.train, cli.model.training);
    for (let e = 0; e < model.training.epochs; e++) trainer.runEpoch();
    expect(runner.net.getWeights()).toEqual(cli.net.getWeights());
  });

  it('pauses, resumes and steps one update at a time', async () => {
    const { runner } = await runnerFor(xor());
    runner.stepOnce();
    expect(runner.state).toBe('paused');
    expect(runner.trainer.steps).toBe(1);
    runner.runFor(100);
    expect(runner.trainer.steps).toBe(1);
    runner.stepOnce();
    expect(runner.trainer.steps).toBe(2);
    runner.resume();
    runner.runFor(10);
    expect(runner.trainer.steps).toBeGreaterThan(2);
    runner.pause();
    const steps = runner.trainer.steps;
    runner.runFor(10);
    expect(runner.trainer.steps).toBe(steps);
    runner.stop();
    runner.stepOnce();
    expect(runner.state).toBe('stopped');
    expect(runner.trainer.steps).toBe(steps);
  });

  it('takes a new learning rate at the next step, without a reset', async () => {
    const { runner } = await runnerFor(xor());
    runner.stepOnce();
    runner.setLearningRate(0);
    const before = runner.net.getWeights();
    runner.stepOnce();
    expect(runner.net.getWeights()).toEqual(before);
    expect(runner.frame().header.learningRate).toBe(0);
    expect(runner.trainer.steps).toBe(2);
  });

  it('stops a diverging run, names the node and restores the last finite weights', async () => {
    const model = diverging();
    const { runner } = await runnerFor(model);
    while (runner.state === 'idle' || runner.state === 'running') runner.runFor(10);
    expect(runner.state).toBe('diverged');
    const frame = runner.frame().header;
    expect(model.graph.nodes.map((n) => n.id)).toContain(frame.nodeId);
    expect(frame.message).toMatch(
      new RegExp(`(Dense|Loss) "${frame.nodeId}" produced the first non-finite value`),
    );
    expect(frame.message).toContain('learning rate that is too high (now 1000000)');
    for (const w of Object.values(runner.net.getWeights())) {
      expect(w.W.flat().every(Number.isFinite)).toBe(true);
    }
  });

  it('frames carry a non-zero gradient and an activation for every edge, and survive the codec', async () => {
    const { runner } = await runnerFor(xor());
    runner.runFor(20, true);
    const frame = decodeFrame(encodeFrame(runner.frame()));
    const ids = frame.header.edgeIds!;
    expect(ids).toHaveLength(xor().graph.edges.length);
    ids.forEach((id, i) => {
      expect(frame.edgeStats[i * EDGE_STATS.length + 1], `gradient on ${id}`).toBeGreaterThan(0);
      expect(frame.edgeStats[i * EDGE_STATS.length], `activation on ${id}`).toBeGreaterThan(0);
    });
    const into = ids.findIndex(
      (id) => xor().graph.edges.find((e) => e.id === id)!.target === 'dense1',
    );
    expect(frame.edgeStats[into * 3 + 2]).toBeGreaterThan(0);
    const weights = denseWeights(runner.net.getWeights().dense1)!;
    expect(Array.from(frame.params.dense1.W.value)).toEqual(
      weights.W.flat().map((v) => Math.fround(v)),
    );
    expect(runner.frame().header.edgeIds).toBeUndefined();
  });
});

/** A runner on a clock the test sets (`clock.t`, in milliseconds). */
async function runnerAt(model: ModelFile, clock: { t: number }, pace?: number) {
  const prepared = await prepareModel(model);
  if (!prepared.ok) throw new Error(JSON.stringify(prepared.problems));
  return new Runner({
    net: prepared.net,
    data: prepared.data,
    config: prepared.model.training,
    pace,
    now: () => clock.t,
  });
}

describe('pace', () => {
  it('trains one update each time one is due, never catching up in a burst', async () => {
    const clock = { t: 0 };
    const runner = await runnerAt(xor(), clock, 5);
    runner.runFor(8);
    expect(runner.trainer.steps).toBe(1);
    expect(runner.untilNextUpdate()).toBe(200);
    clock.t = 100;
    runner.runFor(8);
    expect(runner.trainer.steps).toBe(1);
    clock.t = 200;
    runner.runFor(8);
    expect(runner.trainer.steps).toBe(2);
    // Asleep for a second (a busy machine): one update now, the next a period later.
    clock.t = 1200;
    runner.runFor(8);
    expect(runner.trainer.steps).toBe(3);
    expect(runner.untilNextUpdate()).toBe(200);
    const header = runner.frame().header;
    expect(header.updatesPerSecond).toBe(5);
    // 5 updates a second of XOR's 4 samples, full batch.
    expect(header.samplesPerSecond).toBe(20);
  });

  it('changes pace live, and Infinity is full speed again', async () => {
    const clock = { t: 0 };
    const runner = await runnerAt(xor(), clock, 1);
    runner.runFor(8);
    expect(runner.untilNextUpdate()).toBe(1000);
    clock.t = 10;
    runner.setPace(100);
    runner.runFor(8);
    expect(runner.trainer.steps).toBe(2);
    expect(runner.untilNextUpdate()).toBe(10);
    runner.setPace(Infinity);
    expect(runner.untilNextUpdate()).toBe(0);
    expect(runner.frame().header.updatesPerSecond).toBeNull();
    // At full speed a slice trains as many updates as fit (the clock here stands still: one).
    clock.t = 11;
    runner.runFor(0);
    expect(runner.trainer.steps).toBe(3);
  });

  it('counts samples per second as samples, in stochastic and uneven mini-batch descent', async () => {
    // Each reading of the clock advances it 1 ms: runFor(99) takes 99 updates in 100 ms.
    const stochastic = xor();
    stochastic.training = { ...stochastic.training, batch: 'stochastic' };
    const a = (await runnerFor(stochastic)).runner;
    a.runFor(99);
    expect(a.trainer.steps).toBe(99);
    expect(a.frame().header.samplesPerSecond).toBeCloseTo(990, 6);
    // Batches of 3 over XOR's 4 samples: 3, 1, 3, 1, …: 50 × 3 + 49 × 1 = 199 samples.
    const uneven = xor();
    uneven.training = { ...uneven.training, batch: { miniBatch: 3 } };
    const b = (await runnerFor(uneven)).runner;
    b.runFor(99);
    expect(b.frame().header.samplesPerSecond).toBeCloseTo(1990, 6);
  });
});

describe('a single step', () => {
  it('sends the weights from before it, and for sgd W = W0 − λ·∂L/∂W', async () => {
    const model = exampleById('article')!.model();
    const { runner } = await runnerFor(model);
    const before = runner.net.getWeights();
    runner.stepOnce();
    const frame = decodeFrame(encodeFrame(runner.frame()));
    const lr = model.training.learningRate;
    for (const id of ['dense1', 'dense2']) {
      const p = frameDense(frame, id)!;
      const w0 = denseWeights(before[id])!;
      expect(Array.from(p.W0!)).toEqual(w0.W.flat().map((v) => Math.fround(v)));
      expect(Array.from(p.b0!)).toEqual(w0.b.map((v) => Math.fround(v)));
      p.W.forEach((w, i) => expect(w).toBeCloseTo(p.W0![i] - lr * p.dW[i], 5));
      p.b.forEach((b, i) => expect(b).toBeCloseTo(p.b0![i] - lr * p.db[i], 5));
    }
    // Frames of a running run do not carry them.
    runner.resume();
    runner.runFor(5, true);
    expect(runner.frame().params.dense1.W.before).toBeUndefined();
  });
});
