/**
 * The PyTorch export against the engine: the exported scripts run in the
 * system Python with Debian's PyTorch (/usr/bin/python3), and their data,
 * predictions, training steps, command line and distributed runs are
 * compared with what the app computes.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Rng } from '../engine/random';
import { Trainer } from '../engine/train';
import { applyStandardization } from '../model/data';
import { EXAMPLES } from '../model/examples';
import { parseModel } from '../model/parse';
import { prepareModel, type Prepared } from '../model/prepare';
import type { ModelFile } from '../model/types';
import { exportPyTorch, pyLiteral } from './pytorch';
import { flatExamples } from './testing/models';
import { BUILTINS, builtinModel, HIDDEN, NEWER, RANDOM } from './testing/pytorch-models';
import {
  check,
  freePort,
  maxDiff,
  PYTHON,
  rows,
  runHarness,
  runPython,
  torchMissing,
  weightDiff,
  type HarnessResult,
} from './testing/python';

const missing = torchMissing();
if (missing) console.warn(`skipping the PyTorch export checks: ${missing}`);

const dir = mkdtempSync(join(tmpdir(), 'bp-pytorch-'));
let written = 0;

/** Writes a document's export into its own folder; returns the script's path. */
function writeExport(model: ModelFile, opts: Parameters<typeof exportPyTorch>[1] = {}): string {
  const folder = join(dir, `m${++written}`);
  mkdirSync(folder);
  for (const f of exportPyTorch(model, opts).files) writeFileSync(join(folder, f.name), f.text);
  return join(folder, opts.fileName ?? 'model.py');
}

async function prepared(model: ModelFile, modelPath?: string): Promise<Prepared> {
  const p = await prepareModel(model, {
    readText: (path) => readFileSync(modelPath ? join(modelPath, '..', path) : path, 'utf8'),
  });
  if (!p.ok) throw new Error(p.problems.map((q) => q.message).join('; '));
  return p;
}

const harness = (tasks: { script: string; epochs?: number }[]): HarnessResult[] =>
  runHarness(dir, ++written, tasks);

it('the random graphs use every activation, both joins and every loss', () => {
  const used = new Set(
    RANDOM.flatMap((m) => m.graph.nodes.map((n) => String(n.params.fn ?? n.kind))),
  );
  for (const name of [...HIDDEN, 'add', 'concat', 'mse', 'bce', 'cross_entropy'])
    expect(used, name).toContain(name);
});

describe.skipIf(missing !== null)('PyTorch export', () => {
  it('regenerates the data and predicts as the engine does (float64, within 1e-6): examples, every built-in set, random graphs, elu, gelu, softplus and dropout', async () => {
    const models = [
      ...flatExamples().map((e) => e.model()),
      ...BUILTINS.map(builtinModel),
      ...RANDOM,
      ...NEWER,
    ];
    const results = harness(models.map((model) => ({ script: writeExport(model) })));
    let worstData = 0;
    let worstPrediction = 0;
    for (const [i, model] of models.entries()) {
      const p = await prepared(model);
      const got = results[i];
      const f = p.data.all.features;
      const dataDiff = Math.max(
        maxDiff(got.x, rows(p.data.all.x, f)),
        maxDiff(got.train, rows(p.data.train.x, f)),
        p.data.validation ? maxDiff(got.validation ?? [], rows(p.data.validation.x, f)) : 0,
      );
      expect(got.validation === null, model.name).toBe(p.data.validation === null);
      const predictionDiff = maxDiff(
        got.predictions,
        rows(p.net.predict(p.data.all.x, p.data.all.m), p.net.graph.outputs),
      );
      expect(dataDiff, `${model.name}: data`).toBeLessThan(1e-9);
      expect(predictionDiff, `${model.name}: predictions`).toBeLessThan(1e-6);
      worstData = Math.max(worstData, dataDiff);
      worstPrediction = Math.max(worstPrediction, predictionDiff);
    }
    console.log(
      `PyTorch export, ${models.length} models: data max |Δ| ${worstData.toExponential(2)}, predictions max |Δ| ${worstPrediction.toExponential(2)}`,
    );
  });

  it('trains as the engine does: one full-batch SGD step, momentum and Adam for a few steps, with L2 and L1, and mini-batches in the app’s order', async () => {
    const cases: { model: ModelFile; epochs: number }[] = [];
    const settings = [
      { optimizer: 'sgd', batch: 'full', epochs: 1 },
      { optimizer: 'momentum', batch: 'full', epochs: 3 },
      { optimizer: 'adam', batch: 'full', epochs: 3 },
      { optimizer: 'adam', batch: { miniBatch: 5 }, epochs: 2 },
      { optimizer: 'momentum', batch: 'stochastic', epochs: 1 },
    ] as const;
    // The target loss ends a run early, as in the app: the article example reaches 0.2 in a few epochs.
    const early = EXAMPLES[0].model();
    early.training = { ...early.training, epochs: 40, targetLoss: 0.2 };
    for (const [k, model] of [EXAMPLES[0].model(), ...RANDOM].entries()) {
      const s = settings[k % settings.length];
      model.training = {
        ...model.training,
        optimizer: s.optimizer,
        batch: s.batch,
        learningRate: s.optimizer === 'adam' ? 0.01 : 0.1,
        l2: k % 2 === 0 ? 0.01 : 0,
        ...(k % 3 === 0 ? { l1: 0.005 } : {}),
        epochs: s.epochs,
      };
      cases.push({ model, epochs: s.epochs });
    }
    cases.push({ model: early, epochs: 40 });
    const stopsEarly = cases.length - 1;
    const results = harness(cases.map((c) => ({ script: writeExport(c.model), epochs: c.epochs })));
    let worst = 0;
    let worstLoss = 0;
    for (const [i, { model }] of cases.entries()) {
      const p = await prepared(model);
      const trainer = new Trainer(p.net, p.data.train, model.training);
      const losses = trainer.run().map((stats) => stats.loss);
      expect(results[i].history, `${model.name}: epochs`).toHaveLength(losses.length);
      const diff = weightDiff(results[i].weights!, p.net.getWeights());
      const lossDiff = Math.max(...losses.map((l, e) => Math.abs(l - results[i].history![e].loss)));
      expect(diff, `${model.name} (${model.training.optimizer}): weights`).toBeLessThan(1e-6);
      expect(lossDiff, `${model.name}: epoch losses`).toBeLessThan(1e-9);
      worst = Math.max(worst, diff);
      worstLoss = Math.max(worstLoss, lossDiff);
    }
    expect(results[stopsEarly].history!.length).toBeLessThan(40);
    console.log(
      `PyTorch training, ${cases.length} runs: weights max |Δ| ${worst.toExponential(2)}, epoch losses max |Δ| ${worstLoss.toExponential(2)}`,
    );
  });

  it('--predict prints the predictions of raw rows, standardised as the app does (iris); bad rows and --out folders are named', async () => {
    const model = EXAMPLES.find((e) => e.id === 'iris')!.model();
    const script = writeExport(model);
    const raw = [
      [5.1, 3.5, 1.4, 0.2],
      [6.7, 3.0, 5.2, 2.3],
      [5.9, 2.8, 4.3, 1.3],
    ];
    const rowsPath = join(dir, 'rows.json');
    writeFileSync(rowsPath, JSON.stringify(raw));
    const r = spawnSync(PYTHON, [script, '--predict', rowsPath], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    const answer = JSON.parse(r.stdout) as { outputs: string[]; predictions: number[][] };
    const p = await prepared(model);
    const x = applyStandardization(Float64Array.from(raw.flat()), p.data.standardization!);
    const want = rows(p.net.predict(x, raw.length), 3);
    expect(answer.outputs).toEqual(p.data.targetNames);
    expect(maxDiff(answer.predictions, want)).toBeLessThan(1e-6);

    writeFileSync(rowsPath, JSON.stringify([[1, 2]]));
    const bad = spawnSync(PYTHON, [script, '--predict', rowsPath], { encoding: 'utf8' });
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toContain('[0] must be an array of 4 numbers');

    // A folder that is not there is named before any training, not after it.
    const nowhere = join(dir, 'missing', 'trained.bpmodel');
    const unwritable = spawnSync(PYTHON, [script, '--out', nowhere], { encoding: 'utf8' });
    expect(unwritable.status).not.toBe(0);
    expect(unwritable.stdout).toBe('');
    expect(unwritable.stderr).toContain(`--out: there is no folder ${join(dir, 'missing')}`);
  });

  it('reads a CSV from the path the document names, weights from a sibling file, and writes a .bpmodel that check accepts, history included', async () => {
    const folder = join(dir, 'csv');
    mkdirSync(join(folder, 'data'), { recursive: true });
    const rng = new Rng(5);
    const lines = ['a,b,kind'];
    for (let i = 0; i < 30; i++)
      lines.push(`${rng.uniform(0, 10)},${rng.uniform(-3, 3)},${i % 3 === 0 ? 'x' : 'y'}`);
    writeFileSync(join(folder, 'data', 'points.csv'), `${lines.join('\n')}\n`);
    const model = EXAMPLES.find((e) => e.id === 'iris')!.model();
    model.graph.nodes[0].params = { features: 2 };
    model.graph.nodes.find((n) => n.id === 'dense2')!.params = { units: 2 };
    model.data = {
      csv: 'data/points.csv',
      features: ['a', 'b'],
      targets: ['kind'],
      categorical: true,
      standardize: true,
      validation: 0.2,
    };
    const modelPath = join(folder, 'points.bpmodel');
    const script = writeExport(model, { modelPath, weights: 'sibling' });
    expect(readFileSync(script, 'utf8')).toContain('model.weights.json');
    const [got] = harness([{ script }]);
    const p = await prepared(model, modelPath);
    expect(maxDiff(got.x, rows(p.data.all.x, 2))).toBeLessThan(1e-9);
    expect(maxDiff(got.predictions, rows(p.net.predict(p.data.all.x, 30), 2))).toBeLessThan(1e-6);

    const out = join(dir, 'trained', 'points-trained.bpmodel');
    mkdirSync(join(dir, 'trained'));
    const r = spawnSync(PYTHON, [script, '--epochs', '3', '--out', out], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/epoch 3\/3 {2}loss \d/);
    const trained = parseModel(readFileSync(out, 'utf8'));
    if (!trained.ok) throw new Error(JSON.stringify(trained.problems));
    expect(trained.model.history?.map((h) => h.epoch)).toEqual([1, 2, 3]);
    expect(trained.model.runs).toHaveLength(1);
    expect(trained.model.data).toMatchObject({ csv: '../csv/data/points.csv' });
    const checked = await check(out);
    expect(checked).toMatch(/^ok .*trained weights; data \.\.\/csv\/data\/points\.csv: 30 samples/);
  });

  it('runs data-parallel on 2 processes (gloo, ranks started with RANK/WORLD_SIZE): rank 0 writes a file check accepts, with the 1-process losses (full batch), which trains on from its weights', async () => {
    const model = EXAMPLES[0].model();
    const script = writeExport(model);
    const epochs = '30';
    const single = join(dir, 'single.bpmodel');
    const parallel = join(dir, 'parallel.bpmodel');
    const one = await runPython([script, '--epochs', epochs, '--out', single], {});
    expect(one.code, one.stderr).toBe(0);
    const port = String(await freePort());
    const env = (rank: number) => ({
      RANK: String(rank),
      LOCAL_RANK: String(rank),
      WORLD_SIZE: '2',
      MASTER_ADDR: '127.0.0.1',
      MASTER_PORT: port,
    });
    const [r0, r1] = await Promise.all([
      runPython([script, '--epochs', epochs, '--out', parallel], env(0)),
      runPython([script, '--epochs', epochs, '--out', parallel], env(1)),
    ]);
    expect(r0.code, r0.stderr).toBe(0);
    expect(r1.code, r1.stderr).toBe(0);
    expect(r0.stdout).toContain('on 2 processes');
    expect(r1.stdout).toBe('');
    expect(await check(parallel)).toMatch(/^ok .*trained weights/);
    const a = JSON.parse(readFileSync(single, 'utf8')) as ModelFile;
    const b = JSON.parse(readFileSync(parallel, 'utf8')) as ModelFile;
    const diffs = a.history!.map((h, i) => Math.abs(h.loss - b.history![i].loss));
    expect(b.history).toHaveLength(30);
    expect(Math.max(...diffs)).toBeLessThan(1e-5);

    // The trained file exported again continues from its weights: a second run, epochs 31 and 32.
    const again = writeExport(a);
    const next = join(dir, 'again.bpmodel');
    const r = await runPython([again, '--epochs', '2', '--out', next], {});
    expect(r.code, r.stderr).toBe(0);
    const c = JSON.parse(readFileSync(next, 'utf8')) as ModelFile;
    expect(c.history!.slice(-3).map((h) => [h.epoch, h.run])).toEqual([
      [30, 1],
      [31, 2],
      [32, 2],
    ]);
    expect(c.runs!.map((run) => [run.id, run.fromEpoch, run.epochs])).toEqual([
      [1, 0, 30],
      [2, 30, 2],
    ]);
    console.log(
      `PyTorch DDP, 2 gloo processes vs 1, article example, ${epochs} full-batch epochs: loss max |Δ| ${Math.max(...diffs).toExponential(2)}, weights max |Δ| ${weightDiff(b.weights!, a.weights!).toExponential(2)}`,
    );
  });
});

describe('exportPyTorch', () => {
  it('refuses a graph that does not compile, naming the problem', () => {
    const model = EXAMPLES[0].model();
    model.graph.edges = model.graph.edges.filter((e) => e.target !== 'loss');
    expect(() => exportPyTorch(model)).toThrow(/^Cannot export to PyTorch: .*graph/);
  });

  it('keeps the weights beside the script above 10,000 parameters', () => {
    const model = EXAMPLES[0].model();
    model.graph.nodes.find((n) => n.id === 'dense1')!.params = { units: 3000 };
    const files = exportPyTorch(model, { fileName: 'big.py' }).files;
    expect(files.map((f) => f.name)).toEqual(['big.py', 'big.weights.json']);
    expect(Object.keys(JSON.parse(files[1].text) as object)).toEqual(['dense1', 'dense2']);
  });

  it('writes elu, gelu (tanh), softplus and dropout (only while training) with torch functions', () => {
    const model = EXAMPLES[0].model();
    model.graph.nodes.find((n) => n.id === 'act1')!.params = { fn: 'gelu' };
    model.graph.nodes.push({ id: 'drop', kind: 'dropout', params: { rate: 0.25 } });
    for (const e of model.graph.edges) if (e.source === 'act1') e.source = 'drop';
    model.graph.edges.push({ id: 'to-drop', source: 'act1', target: 'drop' });
    const text = exportPyTorch(model).files[0].text;
    expect(text).toMatch(/F\.gelu\(\w+, approximate='tanh'\)/);
    expect(text).toMatch(/F\.dropout\(\w+, p=0\.25, training=self\.training\)/);
  });

  it('refuses batch norm and layer norm, naming the node', () => {
    const model = EXAMPLES[0].model();
    model.graph.nodes.push({ id: 'ln', kind: 'layernorm', params: {} });
    for (const e of model.graph.edges) if (e.source === 'dense1') e.source = 'ln';
    model.graph.edges.push({ id: 'to-ln', source: 'dense1', target: 'ln' });
    expect(() => exportPyTorch(model)).toThrow('"ln"');
  });
});

describe('pyLiteral', () => {
  it('writes JSON values as Python literals', () => {
    expect(pyLiteral({ a: true, b: null, c: [1, 2.5, 'x"y'] })).toBe(
      '{"a": True, "b": None, "c": [1, 2.5, "x\\"y"]}',
    );
  });
});
