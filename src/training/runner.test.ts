import { describe, expect, it } from 'vitest';
import { Trainer } from '../engine/train';
import { exampleById } from '../model/examples';
import { prepareModel } from '../model/prepare';
import type { ModelFile } from '../model/types';
import { decodeFrame, encodeFrame, EDGE_STATS } from './frame';
import { activationStats, Runner } from './runner';

async function runnerFor(model: ModelFile, clock = { t: 0 }) {
  const prepared = await prepareModel(model);
  if (!prepared.ok) throw new Error(JSON.stringify(prepared.problems));
  // Each call of the clock advances it: runFor(ms) then takes about ms calls.
  const now = () => clock.t++;
  return {
    runner: new Runner({
      net: prepared.net,
      data: prepared.data,
      config: prepared.model.training,
      now,
    }),
    prepared,
  };
}

const xor = () => exampleById('xor')!.model();

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
    const model = exampleById('article')!.model();
    // Without the sigmoids nothing saturates: a huge step makes the weights explode.
    model.graph.nodes = model.graph.nodes.filter((n) => n.kind !== 'activation');
    model.graph.edges = [
      { id: 'a', source: 'input', target: 'dense1' },
      { id: 'b', source: 'dense1', target: 'dense2' },
      { id: 'c', source: 'dense2', target: 'loss' },
    ];
    model.training = { ...model.training, optimizer: 'sgd', learningRate: 1e6 };
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
    const weights = runner.net.getWeights().dense1;
    expect(Array.from(frame.params.dense1.W)).toEqual(weights.W.flat().map((v) => Math.fround(v)));
    expect(runner.frame().header.edgeIds).toBeUndefined();
  });
});

describe('activation statistics', () => {
  it('counts saturated tanh outputs and dead ReLU units', async () => {
    const { runner } = await runnerFor(xor());
    const dense1 = runner.net.denseParams('dense1')!;
    runner.stepOnce();
    // Huge weights push every tanh output into its flat tails.
    dense1.W.value.fill(50);
    dense1.b!.value.fill(50);
    runner.net.loadBatch(runner.trainer.data, null, 0, 4);
    runner.net.forward();
    expect(activationStats(runner.net, 'act1', 'dense1', 'tanh')).toEqual({ saturated: 1 });
    // Read as ReLU inputs, the same pre-activations are all positive: no dead units.
    expect(activationStats(runner.net, 'act1', 'dense1', 'relu')).toEqual({ dead: 0 });
    dense1.W.value.fill(-50);
    dense1.b!.value.fill(-50);
    runner.net.forward();
    expect(activationStats(runner.net, 'act1', 'dense1', 'relu')).toEqual({ dead: 1 });
    expect(runner.frame().header.nodeStats.act1).toEqual({ saturated: 1 });
  });
});
