/**
 * The engines the engine bench times (engine.bench.ts), each a `Setup`: ours on its backends and
 * threads, TF.js (model.fit and a hand-written minimize loop, cpu and wasm), brain.js, and
 * PyTorch in a Python process.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { NeuralNetwork as BrainNetwork, INeuralNetworkTrainingData } from 'brain.js';
import { compile, Network, Trainer, type Backend } from '../../src/engine';
import type { ThreadGroup } from '../../src/engine/parallel';
import { createTrainingBackend } from '../../src/engine/backends';
import { createWasmBackend } from '../../src/engine/kernels/backend-wasm';
import { startThreadGroup } from '../../src/training/threads';
import { SYSTEM_PYTHON } from '../../scripts/torch';
import { graphOf, slice, type Workload } from './workloads';

const require = createRequire(import.meta.url);

/**
 * Builds a model and warms it up (untimed); returns the timed training loop and a loss read-out,
 * and optionally its own timing (an engine in another process times itself) and a clean-up.
 */
export type Setup = () => Promise<{
  train: () => Promise<void> | void;
  loss: () => number;
  seconds?: () => number;
  close?: () => void;
}>;

export function ours(
  w: Workload,
  backend: () => Backend,
  threads?: ThreadGroup,
  warmEpochs = 0,
): Setup {
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

/** The workload's dense stack in TF.js: its hidden activation, then `output` on the last layer. */
function denseStack(w: Workload, output: 'tanh' | 'softmax' | 'linear'): tf.Sequential {
  const model = tf.sequential();
  w.layers.slice(1).forEach((units, i) => {
    const last = i === w.layers.length - 2;
    model.add(
      tf.layers.dense({
        units,
        activation: last ? output : w.hidden,
        inputShape: i === 0 ? [w.layers[0]] : undefined,
      }),
    );
  });
  return model;
}

export function tfjs(w: Workload, backend: 'cpu' | 'wasm'): Setup {
  return async () => {
    await tf.setBackend(backend);
    await tf.ready();
    const model = denseStack(w, w.output);
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
export function tfjsLoop(w: Workload, backend: 'cpu' | 'wasm'): Setup {
  return async () => {
    await tf.setBackend(backend);
    await tf.ready();
    const model = denseStack(w, w.output === 'softmax' ? 'linear' : w.output);
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

/**
 * Workload C in TF.js, as a loop of optimizer.minimize over shuffled mini-batches (the peer of
 * `tfjsLoop`), the loss fused with softmax.
 */
export function tfjsDigits(w: Workload, backend: 'cpu' | 'wasm'): Setup {
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

export function brainjs(w: Workload): Setup {
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
export function oursThreads(w: Workload, threads: number): Setup {
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
export function oursBefore(w: Workload): Setup {
  return ours(w, () => ({ ...createWasmBackend(), updates: undefined }), undefined, WARM_EPOCHS);
}

/**
 * Untimed epochs on the timed trainer itself for the rows below: the extra threads start, and
 * their code warms up, with the trainer they serve (an extra thread is a fresh JavaScript engine).
 * Four, because V8 keeps optimizing a new thread's step code for about 520 steps of B (seen with
 * `node --trace-opt`: `step` at ~200, `backward` and `gemmTN` at ~480), each compile on a
 * background thread that takes a core from the training threads; after one warm epoch (157 steps)
 * the first timed epoch on 2 threads ran 100–117k samples/s against 140–158k for the next ones.
 */
const WARM_EPOCHS = 4;

/** Why PyTorch rows are skipped here, or null when the system Python imports torch. */
export function torchMissing(): string | null {
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
export function torchPeer(w: Workload, threads: number): Setup {
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
          [path.join(import.meta.dirname, '../peers/torch_peer.py')],
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
