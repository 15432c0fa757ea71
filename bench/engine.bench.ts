/**
 * Training throughput of our engine against its peers, on the same data in the
 * same run (`npm run bench`). Figures on shared machines are noisy: compare the
 * ratios within one run.
 *
 * A: 2-16-16-1, tanh on every layer (brain.js cannot make its output layer
 *    linear, so everyone uses tanh there), mse, plain SGD (lr 0.1), mini-batch
 *    32, 2,000 samples, 50 epochs.
 * B: 784-128-64-10, relu, softmax cross-entropy, plain SGD (lr 0.05),
 *    mini-batch 64, 10,000 random samples, 1 epoch.
 * C: the built-in digits (1,797 8 × 8 × 1 images, pixels ÷ 16): conv 3×3×8
 *    same → relu → maxpool 2 → flatten → dense 10 → softmax, cross-entropy,
 *    plain SGD (lr 0.05), mini-batch 32, 10 epochs. Conv weights start
 *    N(0, 2/fan-in) (our `he`), dense weights U(±√(6/(in+out))) (our `xavier`,
 *    TF's glorotUniform), biases 0, on both sides. Should our graph stop
 *    compiling, its rows say why instead of failing the run.
 *    TF.js 4.22's wasm backend has no Conv2DBackpropFilter kernel
 *    (tensorflow/tfjs#8474), so a conv layer cannot train there as shipped:
 *    bench/tfjs-wasm-conv.ts registers one built from TF's own conv2d, and
 *    the peer trains with plain tf.conv2d.
 *
 * Each engine gets a fresh model, a warm-up run on a slice of the data
 * (so the JIT and wasm tiers are hot), then the timed training loop; setup is
 * not timed. The best of `repeats` timed runs counts.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import type { NeuralNetwork as BrainNetwork, INeuralNetworkTrainingData } from 'brain.js';
import {
  compile,
  createJsBackend,
  Network,
  Trainer,
  type Backend,
  type Dataset,
  type Graph,
} from '../src/engine';
import type { ThreadGroup } from '../src/engine/parallel';
import { createTrainingBackend } from '../src/engine/backends';
import { createWasmBackend } from '../src/engine/kernels/backend-wasm';
import { generateBuiltin } from '../src/model/datasets';
import { registerWasmConv2dFilterGradient } from './tfjs-wasm-conv';
import { startThreadGroup } from '../src/training/threads';
import { SYSTEM_PYTHON } from '../scripts/torch';

const require = createRequire(import.meta.url);

interface Workload {
  name: string;
  /** One line for the table's title; by default the layer widths and activations. */
  title?: string;
  layers: number[];
  hidden: 'tanh' | 'relu';
  output: 'tanh' | 'softmax';
  loss: 'mse' | 'cross_entropy';
  learningRate: number;
  miniBatch: number;
  epochs: number;
  data: Dataset;
  repeats: number;
  /** Our model, when it is not the dense stack `layers` describes. */
  graph?: Graph;
}

/** A deterministic generator (mulberry32) so every engine sees the same data. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Two features in [-1, 1], target tanh-ranged: a smooth function of both. */
function datasetA(m: number): Dataset {
  const next = rng(1);
  const x = new Float64Array(m * 2);
  const y = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    const a = next() * 2 - 1;
    const b = next() * 2 - 1;
    x[2 * i] = a;
    x[2 * i + 1] = b;
    y[i] = Math.sin(3 * a) * Math.cos(2 * b) * 0.9;
  }
  return { x, y, m, features: 2, targets: 1 };
}

/** 784 random pixels in [0, 1) and a random one-hot class out of 10. */
function datasetB(m: number): Dataset {
  const next = rng(2);
  const x = new Float64Array(m * 784);
  const y = new Float64Array(m * 10);
  for (let i = 0; i < x.length; i++) x[i] = next();
  for (let i = 0; i < m; i++) y[i * 10 + Math.floor(next() * 10)] = 1;
  return { x, y, m, features: 784, targets: 10 };
}

function slice(d: Dataset, m: number): Dataset {
  return {
    x: d.x.subarray(0, m * d.features),
    y: d.y.subarray(0, m * d.targets),
    m,
    features: d.features,
    targets: d.targets,
  };
}

function graphOf(w: Workload): Graph {
  if (w.graph) return w.graph;
  const nodes: Graph['nodes'] = [{ id: 'x', kind: 'input', params: { features: w.layers[0] } }];
  const edges: Graph['edges'] = [];
  const link = (id: string, kind: string, params: Record<string, unknown>): void => {
    const source = nodes[nodes.length - 1].id;
    nodes.push({ id, kind, params });
    edges.push({ id: `${source}->${id}`, source, target: id });
  };
  w.layers.slice(1).forEach((units, i) => {
    const last = i === w.layers.length - 2;
    link(`dense${i}`, 'dense', { units });
    link(`act${i}`, 'activation', { fn: last ? w.output : w.hidden });
  });
  link('loss', 'loss', { fn: w.loss });
  return { nodes, edges };
}

/**
 * Builds a model and warms it up (untimed); returns the timed training loop and a loss read-out,
 * and optionally its own timing (an engine in another process times itself) and a clean-up.
 */
type Setup = () => Promise<{
  train: () => Promise<void> | void;
  loss: () => number;
  seconds?: () => number;
  close?: () => void;
}>;

function ours(w: Workload, backend: () => Backend, threads?: ThreadGroup, warmEpochs = 0): Setup {
  return async () => {
    const compiled = compile(graphOf(w));
    if (!compiled.ok) throw new Error(JSON.stringify(compiled.problems));
    const net = new Network(compiled.net, { backend: backend(), seed: 1 });
    const config = {
      optimizer: 'sgd' as const,
      learningRate: w.learningRate,
      batch: { miniBatch: w.miniBatch },
      epochs: w.epochs,
      seed: 1,
      l2: 0,
    };
    // The warm-up runs on one thread: a thread group serves one trainer.
    new Trainer(net, slice(w.data, Math.min(w.data.m, 20 * w.miniBatch)), config).run();
    const trainer = new Trainer(net, w.data, config, { threads });
    // The threads' own warm-up (their start and JIT) happens on the trainer they serve.
    for (let e = 0; e < warmEpochs; e++) trainer.runEpoch();
    let loss = NaN;
    return {
      train: () => {
        for (let e = 0; e < w.epochs; e++) loss = trainer.runEpoch().loss;
      },
      loss: () => loss,
    };
  };
}

function tfjs(w: Workload, backend: 'cpu' | 'wasm'): Setup {
  return async () => {
    await tf.setBackend(backend);
    await tf.ready();
    const model = tf.sequential();
    w.layers.slice(1).forEach((units, i) => {
      const last = i === w.layers.length - 2;
      model.add(
        tf.layers.dense({
          units,
          activation: last ? w.output : w.hidden,
          inputShape: i === 0 ? [w.layers[0]] : undefined,
        }),
      );
    });
    model.compile({
      optimizer: tf.train.sgd(w.learningRate),
      loss: w.loss === 'mse' ? 'meanSquaredError' : 'categoricalCrossentropy',
    });
    const x = tf.tensor2d(Float32Array.from(w.data.x), [w.data.m, w.data.features]);
    const y = tf.tensor2d(Float32Array.from(w.data.y), [w.data.m, w.data.targets]);
    const warm = Math.min(w.data.m, 20 * w.miniBatch);
    const xs = x.slice(0, warm);
    const ys = y.slice(0, warm);
    await model.fit(xs, ys, { batchSize: w.miniBatch, epochs: 2, shuffle: true, verbose: 0 });
    let loss = NaN;
    return {
      train: async () => {
        const h = await model.fit(x, y, {
          batchSize: w.miniBatch,
          epochs: w.epochs,
          shuffle: true,
          verbose: 0,
        });
        loss = Number(h.history.loss[h.history.loss.length - 1]);
      },
      loss: () => loss,
    };
  };
}

/**
 * TF.js without `model.fit`: a hand-written loop of `optimizer.minimize` over
 * shuffled mini-batches, the loss fused with softmax where there is one
 * (`softmaxCrossEntropy` on logits). This is the fastest way we found to train
 * with TF.js, so it is the fair peer.
 */
function tfjsLoop(w: Workload, backend: 'cpu' | 'wasm'): Setup {
  return async () => {
    await tf.setBackend(backend);
    await tf.ready();
    const model = tf.sequential();
    w.layers.slice(1).forEach((units, i) => {
      const last = i === w.layers.length - 2;
      const activation = last ? (w.output === 'softmax' ? 'linear' : w.output) : w.hidden;
      model.add(
        tf.layers.dense({ units, activation, inputShape: i === 0 ? [w.layers[0]] : undefined }),
      );
    });
    return minimizeLoop(w, (xb, yb) => {
      const out = model.apply(xb) as tf.Tensor2D;
      return w.loss === 'mse'
        ? tf.losses.meanSquaredError(yb, out)
        : tf.losses.softmaxCrossEntropy(yb, out);
    });
  };
}

/**
 * The training loop of the TF.js peers that do not use model.fit: plain SGD by
 * `optimizer.minimize` of `cost` over shuffled mini-batches, warmed up on a
 * slice (untimed); the loss read-out is the last batch's.
 */
function minimizeLoop(
  w: Workload,
  cost: (xb: tf.Tensor2D, yb: tf.Tensor2D) => tf.Scalar,
): { train: () => void; loss: () => number } {
  const optimizer = tf.train.sgd(w.learningRate);
  const { m, features, targets } = w.data;
  const x = tf.tensor2d(Float32Array.from(w.data.x), [m, features]);
  const y = tf.tensor2d(Float32Array.from(w.data.y), [m, targets]);
  const order = new Int32Array(m).map((_, i) => i);
  let loss = NaN;
  const epoch = (rows: number): void => {
    tf.util.shuffle(order);
    let sum = 0;
    for (let start = 0; start < rows; start += w.miniBatch) {
      const count = Math.min(w.miniBatch, rows - start);
      tf.tidy(() => {
        const idx = tf.tensor1d(order.subarray(start, start + count), 'int32');
        const xb = tf.gather(x, idx);
        const yb = tf.gather(y, idx);
        const value = optimizer.minimize(() => cost(xb, yb), true);
        if (start + count >= rows && value) sum = value.dataSync()[0];
      });
    }
    loss = sum;
  };
  epoch(Math.min(m, 20 * w.miniBatch));
  return {
    train: () => {
      for (let e = 0; e < w.epochs; e++) epoch(m);
    },
    loss: () => loss,
  };
}

/** A sequential graph in the file's form, from [id, kind, params] steps. */
function chain(steps: [string, string, Record<string, unknown>][]): Graph {
  const nodes: Graph['nodes'] = steps.map(([id, kind, params]) => ({ id, kind, params }));
  const edges: Graph['edges'] = nodes.slice(1).map((n, i) => ({
    id: `${nodes[i].id}->${n.id}`,
    source: nodes[i].id,
    target: n.id,
  }));
  return { nodes, edges };
}

/** The digits, as the app loads them (pixels ÷ 16, the digit one-hot). */
function digits(): Dataset {
  const { x, y, m, features, targets } = generateBuiltin('digits');
  return { x, y, m, features, targets };
}

/** Workload C's network on our side, in the kinds of the issue-13 design. */
const DIGITS_CNN: Graph = chain([
  ['x', 'input', { features: 64, height: 8, width: 8, channels: 1 }],
  ['conv', 'conv2d', { filters: 8, kernel: 3, padding: 'same', init: 'he' }],
  ['relu', 'activation', { fn: 'relu' }],
  ['pool', 'maxpool2d', { size: 2 }],
  ['flat', 'flatten', {}],
  ['dense', 'dense', { units: 10, init: 'xavier' }],
  ['softmax', 'activation', { fn: 'softmax' }],
  ['loss', 'loss', { fn: 'cross_entropy' }],
]);

/** Why our side of a workload cannot run (the compiler's first problem), or null when it can. */
function notCompiling(w: Workload): string | null {
  const compiled = compile(graphOf(w));
  if (compiled.ok) return null;
  return `not run: ${compiled.problems[0]?.message ?? 'the graph does not compile'}`;
}

/**
 * Workload C in TF.js, as a loop of optimizer.minimize over shuffled mini-batches (the peer of
 * `tfjsLoop`), the loss fused with softmax.
 */
function tfjsDigits(w: Workload, backend: 'cpu' | 'wasm'): Setup {
  return async () => {
    await tf.setBackend(backend);
    await tf.ready();
    const filters = 8;
    const flat = 4 * 4 * filters;
    const convW = tf.variable(tf.randomNormal([3, 3, 1, filters], 0, Math.sqrt(2 / 9)));
    const convB = tf.variable(tf.zeros([filters]));
    const limit = Math.sqrt(6 / (flat + 10));
    const denseW = tf.variable(tf.randomUniform([flat, 10], -limit, limit));
    const denseB = tf.variable(tf.zeros([10]));
    const logits = (xb: tf.Tensor2D): tf.Tensor2D => {
      const images = xb.reshape([xb.shape[0], 8, 8, 1]) as tf.Tensor4D;
      const conv = tf.conv2d(images, convW as tf.Tensor4D, 1, 'same');
      const pooled = tf.maxPool(tf.relu(tf.add(conv, convB)) as tf.Tensor4D, 2, 2, 'valid');
      return tf.add(tf.matMul(pooled.reshape([xb.shape[0], flat]), denseW), denseB);
    };
    return minimizeLoop(w, (xb, yb) => tf.losses.softmaxCrossEntropy(yb, logits(xb)));
  };
}

function brainjs(w: Workload): Setup {
  return async () => {
    // brain.js 1.6.1 is CommonJS; it updates after every sample (no mini-batches).
    // It rejects momentum 0 and errorThresh 0, so both are 1e-9 (plain SGD, all epochs).
    const brain = require('brain.js') as {
      NeuralNetwork: new (options: object) => BrainNetwork;
    };
    const { data } = w;
    const rows: INeuralNetworkTrainingData[] = [];
    for (let i = 0; i < data.m; i++) {
      rows.push({
        input: Array.from(data.x.subarray(i * data.features, (i + 1) * data.features)),
        output: Array.from(data.y.subarray(i * data.targets, (i + 1) * data.targets)),
      });
    }
    const net = new brain.NeuralNetwork({
      hiddenLayers: w.layers.slice(1, -1),
      activation: 'tanh',
    });
    const opts = { learningRate: w.learningRate, momentum: 1e-9, errorThresh: 1e-9, log: false };
    net.train(rows.slice(0, 20 * w.miniBatch), { ...opts, iterations: 2 });
    let loss = NaN;
    return {
      train: () => {
        loss = net.train(rows, { ...opts, iterations: w.epochs }).error;
      },
      loss: () => loss,
    };
  };
}

// ---- Issue 15: our engine on several threads, its state before, and PyTorch as a peer ----

/**
 * Ours as training runs it (the shared-memory backend: batch copy and updates in the kernel)
 * on `threads` threads: each batch split across them, gradients summed in thread order.
 */
function oursThreads(w: Workload, threads: number): Setup {
  return async () => {
    const group = startThreadGroup(threads);
    const setup = ours(
      w,
      () => group?.backend() ?? createTrainingBackend(),
      group ?? undefined,
      WARM_EPOCHS,
    );
    const run = await setup();
    return { ...run, close: () => group?.close() };
  };
}

/**
 * Ours as it was before issue 15: its own wasm memory, the float64 → float32 batch copy and
 * the optimizer's update in JavaScript (the same gemm kernel).
 */
function oursBefore(w: Workload): Setup {
  return ours(w, () => ({ ...createWasmBackend(), updates: undefined }), undefined, WARM_EPOCHS);
}

/**
 * Untimed epochs on the timed trainer itself for the rows below: the extra threads start, and
 * their code warms up, with the trainer they serve (an extra thread is a fresh JavaScript engine).
 */
const WARM_EPOCHS = 1;

/** Cores here: the thread counts the table tries (1 and 2 at least). */
const CORES = Math.max(2, availableParallelism());

/** Why PyTorch rows are skipped here, or null when the system Python imports torch. */
function torchMissing(): string | null {
  const probe = spawnSync(SYSTEM_PYTHON, ['-c', 'import torch'], { encoding: 'utf8' });
  if (probe.error) return `not run: ${SYSTEM_PYTHON} not found`;
  if (probe.status !== 0) return `not run: ${SYSTEM_PYTHON} cannot import torch (python3-torch)`;
  return null;
}

/**
 * PyTorch on the CPU (bench/peers/torch_peer.py), same data, model, SGD, mini-batches and
 * epochs, `torch.set_num_threads(threads)`; the script times its own runs (best of the
 * workload's repeats), so this entry runs once.
 */
function torchPeer(w: Workload, threads: number): Setup {
  return async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'bps-bench-'));
    const file = path.join(dir, 'data.f32');
    const x = Float32Array.from(w.data.x);
    const y = Float32Array.from(w.data.y);
    writeFileSync(file, Buffer.concat([Buffer.from(x.buffer), Buffer.from(y.buffer)]));
    let result = { seconds: NaN, loss: NaN };
    return {
      train: () => {
        const out = spawnSync(
          SYSTEM_PYTHON,
          [path.join(import.meta.dirname, 'peers/torch_peer.py')],
          {
            input: JSON.stringify({ ...w, data: file, m: w.data.m, threads }),
            encoding: 'utf8',
          },
        );
        if (out.status !== 0) throw new Error(`torch_peer.py failed: ${out.stderr}`);
        result = JSON.parse(out.stdout.trim().split('\n').pop()!);
      },
      loss: () => result.loss,
      seconds: () => result.seconds,
      close: () => rmSync(dir, { recursive: true, force: true }),
    };
  };
}

/** The rows issue 15 adds to a workload's table: ours on 1 … CORES threads, before, PyTorch. */
function threadEntries(w: Workload): Entry[] {
  const entries: Entry[] = [
    { engine: 'ours, wasm-simd f32, before issue 15', setup: oursBefore(w) },
  ];
  for (let t = 1; t <= CORES; t++)
    entries.push({
      engine: `ours, wasm-simd f32, ${t} thread${t > 1 ? 's' : ''}`,
      setup: oursThreads(w, t),
    });
  const missing = torchMissing();
  for (let t = 1; t <= CORES; t++) {
    entries.push({
      engine: `PyTorch CPU, ${t} thread${t > 1 ? 's' : ''}`,
      setup: missing ? null : torchPeer(w, t),
      note: missing ?? 'own SGD loop, fused softmax CE; best of its own repeats',
      repeats: 1,
    });
  }
  return entries;
}

/** The targets as ratios of this run's rows. */
function printThreadRatios(w: Workload, rows: Row[]): void {
  const rate = (engine: string): number =>
    rows.find((r) => r.engine === engine)?.samplesPerSecond ?? NaN;
  const one = rate('ours, wasm-simd f32, 1 thread');
  const two = rate('ours, wasm-simd f32, 2 threads');
  const before = rate('ours, wasm-simd f32, before issue 15');
  console.log(
    `${w.name}: 2 threads ÷ 1 thread ${(two / one).toFixed(2)}× (target ≥ 1.7); ` +
      `1 thread ÷ before ${(one / before).toFixed(2)}× (target ≥ 1.3)`,
  );
}

interface Row {
  engine: string;
  samplesPerSecond: number | null;
  loss: number;
  note: string;
}

interface Entry {
  engine: string;
  setup: Setup | null;
  note?: string;
  /** Fewer timed runs for slow engines (default: the workload's repeats). */
  repeats?: number;
}

/**
 * Times every engine `repeats` times, round-robin (so a burst of load from
 * elsewhere on a shared machine hits all engines alike), keeping each one's
 * best run.
 */
async function measureAll(w: Workload, entries: Entry[]): Promise<Row[]> {
  const best = entries.map(() => Infinity);
  const loss = entries.map(() => NaN);
  for (let r = 0; r < w.repeats; r++) {
    for (const [i, e] of entries.entries()) {
      if (!e.setup || r >= (e.repeats ?? w.repeats)) continue;
      const run = await e.setup();
      const t0 = performance.now();
      await run.train();
      const seconds = run.seconds?.() ?? (performance.now() - t0) / 1000;
      run.close?.();
      best[i] = Math.min(best[i], seconds);
      loss[i] = run.loss();
      const rate = Math.round((w.data.m * w.epochs) / seconds);
      process.stderr.write(`  ${w.name} run ${r + 1} ${e.engine}: ${rate} samples/s\n`);
    }
  }
  return entries.map((e, i) => ({
    engine: e.engine,
    samplesPerSecond: e.setup ? (w.data.m * w.epochs) / best[i] : null,
    loss: loss[i],
    note: e.note ?? '',
  }));
}

function printTable(w: Workload, rows: Row[]): void {
  const ourBest = Math.max(
    0,
    ...rows.filter((r) => r.engine.startsWith('ours, wasm')).map((r) => r.samplesPerSecond ?? 0),
  );
  const peers = rows.filter((r) => !r.engine.startsWith('ours') && r.samplesPerSecond);
  const fastestPeer = Math.max(...peers.map((r) => r.samplesPerSecond ?? 0));
  const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
  const title = w.title ?? `${w.layers.join('-')} ${w.hidden}/${w.output}`;
  console.log(
    `\n${w.name}: ${title}, ${w.loss}, SGD, ` +
      `mini-batch ${w.miniBatch}, ${w.data.m.toLocaleString('en-US')} samples × ${w.epochs} epoch(s)`,
  );
  const header = ['engine / backend', 'samples/s', 'ours (wasm) ÷ this', 'final loss', 'note'];
  const body = rows.map((r) => [
    r.engine,
    r.samplesPerSecond ? fmt(r.samplesPerSecond) : 'n/a',
    r.samplesPerSecond && ourBest ? `${(ourBest / r.samplesPerSecond).toFixed(2)}×` : '',
    Number.isFinite(r.loss) ? r.loss.toFixed(4) : '',
    r.note,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]): string =>
    '| ' +
    cells
      .map((c, i) => (i === 1 || i === 2 ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join(' | ') +
    ' |';
  console.log(line(header));
  console.log(
    '|' +
      widths
        .map((n, i) => (i === 1 || i === 2 ? '-'.repeat(n + 1) + ':' : '-'.repeat(n + 2)))
        .join('|') +
      '|',
  );
  for (const b of body) console.log(line(b));
  const ratio = ourBest ? `${(ourBest / fastestPeer).toFixed(2)}×` : 'n/a (ours did not run)';
  console.log(`ours (wasm) ÷ fastest peer: ${ratio}`);
}

async function main(): Promise<void> {
  const dist = path.dirname(
    require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm'),
  );
  // Single-threaded SIMD build, like our engine (one thread); the file paths are read with fs.
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  tf.env().set('WASM_HAS_SIMD_SUPPORT', true);
  setWasmPaths({
    'tfjs-backend-wasm.wasm': path.join(dist, 'tfjs-backend-wasm.wasm'),
    'tfjs-backend-wasm-simd.wasm': path.join(dist, 'tfjs-backend-wasm-simd.wasm'),
    'tfjs-backend-wasm-threaded-simd.wasm': path.join(dist, 'tfjs-backend-wasm-threaded-simd.wasm'),
  });

  const A: Workload = {
    name: 'A',
    layers: [2, 16, 16, 1],
    hidden: 'tanh',
    output: 'tanh',
    loss: 'mse',
    learningRate: 0.1,
    miniBatch: 32,
    epochs: 50,
    data: datasetA(2000),
    repeats: 3,
  };
  const B: Workload = {
    name: 'B',
    layers: [784, 128, 64, 10],
    hidden: 'relu',
    output: 'softmax',
    loss: 'cross_entropy',
    learningRate: 0.05,
    miniBatch: 64,
    epochs: 1,
    data: datasetB(10000),
    repeats: 3,
  };

  const C: Workload = {
    name: 'C',
    title: 'digits 8×8×1 → conv 3×3×8 same, relu → maxpool 2 → flatten → dense 10, softmax',
    layers: [64, 10],
    hidden: 'relu',
    output: 'softmax',
    loss: 'cross_entropy',
    learningRate: 0.05,
    miniBatch: 32,
    epochs: 10,
    data: digits(),
    repeats: 3,
    graph: DIGITS_CNN,
  };

  // `npm run bench -- C` runs only the named workloads; by default all of them.
  const only = process.argv.slice(2);
  const run = (w: Workload, entries: Entry[]): Promise<Row[] | null> =>
    only.length === 0 || only.includes(w.name) ? measureAll(w, entries) : Promise.resolve(null);

  const fit = 'model.fit';
  const loop = 'own minimize() loop; loss of last batch';
  const loopCE = 'own minimize() loop, fused softmax CE; loss of last batch';
  const rowsA = await run(A, [
    { engine: 'ours, wasm-simd f32', setup: ours(A, createWasmBackend) },
    ...threadEntries(A),
    {
      engine: 'ours, js f32 (plain typed-array loops)',
      setup: ours(A, () => createJsBackend('float32')),
    },
    {
      engine: 'ours, js f64 (plain typed-array loops)',
      setup: ours(A, () => createJsBackend('float64')),
    },
    { engine: 'TF.js 4.22 cpu', setup: tfjs(A, 'cpu'), note: fit, repeats: 1 },
    { engine: 'TF.js 4.22 cpu', setup: tfjsLoop(A, 'cpu'), note: loop, repeats: 1 },
    { engine: 'TF.js 4.22 wasm (SIMD, 1 thread)', setup: tfjs(A, 'wasm'), note: fit, repeats: 1 },
    { engine: 'TF.js 4.22 wasm (SIMD, 1 thread)', setup: tfjsLoop(A, 'wasm'), note: loop },
    { engine: 'brain.js 1.6.1', setup: brainjs(A), note: 'per-sample updates (no mini-batch)' },
  ]);
  const rowsB = await run(B, [
    { engine: 'ours, wasm-simd f32', setup: ours(B, createWasmBackend) },
    ...threadEntries(B),
    {
      engine: 'ours, js f32 (plain typed-array loops)',
      setup: ours(B, () => createJsBackend('float32')),
      repeats: 1,
    },
    { engine: 'TF.js 4.22 cpu', setup: tfjs(B, 'cpu'), note: fit, repeats: 1 },
    { engine: 'TF.js 4.22 cpu', setup: tfjsLoop(B, 'cpu'), note: loopCE, repeats: 1 },
    { engine: 'TF.js 4.22 wasm (SIMD, 1 thread)', setup: tfjs(B, 'wasm'), note: fit },
    { engine: 'TF.js 4.22 wasm (SIMD, 1 thread)', setup: tfjsLoop(B, 'wasm'), note: loopCE },
    {
      engine: 'brain.js 1.6.1',
      setup: null,
      note: 'not run: brain.js has no softmax / cross-entropy',
    },
  ]);
  const unsupported = notCompiling(C);
  registerWasmConv2dFilterGradient();
  const wasmConvTrains = tf.getKernel('Conv2DBackpropFilter', 'wasm') !== undefined;
  const oursC = (backend: () => Backend): Setup | null => (unsupported ? null : ours(C, backend));
  const rowsC = await run(C, [
    { engine: 'ours, wasm-simd f32', setup: oursC(createWasmBackend), note: unsupported ?? '' },
    {
      engine: 'ours, js f32 (plain typed-array loops)',
      setup: oursC(() => createJsBackend('float32')),
      note: unsupported ?? '',
      repeats: 1,
    },
    { engine: 'TF.js 4.22 cpu', setup: tfjsDigits(C, 'cpu'), note: loopCE, repeats: 1 },
    {
      engine: 'TF.js 4.22 wasm (SIMD, 1 thread)',
      setup: wasmConvTrains ? tfjsDigits(C, 'wasm') : null,
      note: wasmConvTrains
        ? loopCE
        : 'not run: the wasm backend has no Conv2DBackpropFilter kernel',
    },
  ]);
  if (rowsA) {
    printTable(A, rowsA);
    printThreadRatios(A, rowsA);
  }
  if (rowsB) {
    printTable(B, rowsB);
    printThreadRatios(B, rowsB);
  }
  if (rowsC) printTable(C, rowsC);
}

await main();
