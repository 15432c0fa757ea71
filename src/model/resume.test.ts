import { describe, expect, it } from 'vitest';
import { Trainer } from '../engine/train';
import { EXAMPLES } from './examples';
import { weightsFromNetwork } from './network';
import { parseModel } from './parse';
import { prepareModel } from './prepare';
import { resumeFromTrainer, resumeTrainer } from './resume';
import { serializeModel } from './serialize';
import type { ModelFile, OptimizerName } from './types';

function iris(optimizer: OptimizerName): ModelFile {
  const model = EXAMPLES.find((e) => e.id === 'iris')!.model();
  model.training = {
    ...model.training,
    optimizer,
    batch: { miniBatch: 16 },
    learningRate: 0.01,
    l1: 0.0001,
  };
  return model;
}

async function prepared(model: ModelFile) {
  const p = await prepareModel(model);
  if (!p.ok) throw new Error(JSON.stringify(p.problems));
  return p;
}

/** Trains `epochs` (or `steps` more updates) and returns the file a save would write. */
async function trainAndSave(model: ModelFile, epochs: number, steps = 0): Promise<string> {
  const p = await prepared(model);
  const trainer = new Trainer(p.net, p.data.train, { ...model.training, epochs });
  if (model.weights && model.resume) resumeTrainer(trainer, model.resume);
  trainer.run();
  for (let i = 0; i < steps; i++) trainer.step();
  return serializeModel({
    ...model,
    weights: weightsFromNetwork(p.net),
    resume: resumeFromTrainer(trainer),
  });
}

const reopen = (text: string): ModelFile => {
  const parsed = parseModel(text);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.model;
};

describe('resume through the file: serialize → parse → continue = one run', () => {
  for (const optimizer of ['sgd', 'momentum', 'adam'] as const) {
    it(`${optimizer}: 30 epochs, save, open, 30 more = 60 in one go, bit for bit`, async () => {
      const once = reopen(await trainAndSave(iris(optimizer), 60));
      const half = reopen(await trainAndSave(iris(optimizer), 30));
      expect(half.resume!.optimizer.t).toBe(half.resume!.updates);
      const twice = reopen(await trainAndSave(half, 30));
      expect(twice.weights).toEqual(once.weights);
      expect(twice.resume).toEqual(once.resume);
    });
  }

  it('mid-epoch: the position and the epoch sums so far are saved and continue', async () => {
    const once = reopen(await trainAndSave(iris('adam'), 2, 3));
    const half = reopen(await trainAndSave(iris('adam'), 1, 5));
    expect(half.resume!.shuffle.position).toBe(80);
    expect(half.resume!.epoch!.seen).toBe(80);
    const p = await prepared(half);
    const trainer = new Trainer(p.net, p.data.train, half.training);
    resumeTrainer(trainer, half.resume!);
    // 8 batches of 16 (and one of 8) make an epoch of 120 training samples: 3 to finish it, then 3.
    for (let i = 0; i < 6; i++) trainer.step();
    expect(weightsFromNetwork(p.net)).toEqual(once.weights);
    expect(resumeFromTrainer(trainer)).toEqual(once.resume);
  });

  it('moments for a network they do not fit start the update rule afresh; the shuffle still fits', async () => {
    const half = reopen(await trainAndSave(iris('adam'), 3));
    const m = half.resume!.optimizer.moments.m;
    m.dense1.W = (m.dense1.W as number[][]).slice(1);
    const p = await prepared(half);
    const trainer = new Trainer(p.net, p.data.train, half.training);
    expect(resumeTrainer(trainer, half.resume!)).toEqual({ optimizer: false, shuffle: true });
    delete half.resume!.optimizer.moments.v;
    const again = new Trainer(p.net, p.data.train, half.training);
    expect(resumeTrainer(again, half.resume!).optimizer).toBe(false);
  });
});

// Batch norm's running statistics are saved beside the weights, and the training passes that
// seed dropout's draws in `resume`: a run saved and continued equals one run, bit for bit.
/** Iris with a batch norm after the first dense layer and a dropout after its activation. */
function irisWithNorms(): ModelFile {
  const model = EXAMPLES.find((e) => e.id === 'iris')!.model();
  const { nodes, edges } = model.graph;
  const insert = (after: string, id: string, kind: string, params: Record<string, unknown>) => {
    for (const e of edges) if (e.source === after) e.source = id;
    nodes.splice(nodes.findIndex((n) => n.id === after) + 1, 0, { id, kind, params });
    edges.push({ id: `to-${id}`, source: after, target: id });
  };
  insert('dense1', 'bn', 'batchnorm', { momentum: 0.9 });
  insert('act1', 'drop', 'dropout', { rate: 0.2 });
  model.training = { ...model.training, optimizer: 'adam', batch: { miniBatch: 16 } };
  return model;
}

describe('batch norm and dropout through the file', () => {
  it('the running mean and variance are saved, and a reopened model predicts the same', async () => {
    const text = await trainAndSave(irisWithNorms(), 5);
    const model = reopen(text);
    const bn = model.weights!.bn;
    expect(Object.keys(bn).sort()).toEqual(['beta', 'gamma', 'mean', 'variance']);
    expect((bn.mean as number[]).some((v) => v !== 0)).toBe(true);
    expect((bn.variance as number[]).some((v) => v !== 1)).toBe(true);
    expect(model.weights!.drop).toBeUndefined();
    const a = await prepared(model);
    const b = await prepared(reopen(serializeModel(model)));
    const x = a.data.all.x;
    expect(Array.from(b.net.predict(x, a.data.all.m))).toEqual(
      Array.from(a.net.predict(x, a.data.all.m)),
    );
  });

  it('10 epochs, save, open, 10 more = 20 in one go, bit for bit (dropout masks included)', async () => {
    const once = reopen(await trainAndSave(irisWithNorms(), 20));
    const half = reopen(await trainAndSave(irisWithNorms(), 10));
    const twice = reopen(await trainAndSave(half, 10));
    expect(twice.weights).toEqual(once.weights);
    expect(twice.resume).toEqual(once.resume);
  });
});
