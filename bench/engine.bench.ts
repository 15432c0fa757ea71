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
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createJsBackend, type Backend } from '../src/engine';
import { createWasmBackend } from '../src/engine/kernels/backend-wasm';
import { registerWasmConv2dFilterGradient } from './tfjs-wasm-conv';
import {
  brainjs,
  ours,
  oursBefore,
  oursThreads,
  tfjs,
  tfjsDigits,
  tfjsLoop,
  torchMissing,
  torchPeer,
  type Setup,
} from './engine/peers';
import { measureAll, printTable, type Entry, type Row } from './engine/table';
import { notCompiling, workloadA, workloadB, workloadC, type Workload } from './engine/workloads';

const require = createRequire(import.meta.url);

/** Cores here: the thread counts the table tries (1 and 2 at least). */
const CORES = Math.max(2, availableParallelism());

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

/**
 * This run's thread ratios; with `targets`, beside issue 15's (set for B: A's network is too
 * small to split, so its threads only show that nothing was lost).
 */
function printThreadRatios(w: Workload, rows: Row[], targets: boolean): void {
  const rate = (engine: string): number =>
    rows.find((r) => r.engine === engine)?.samplesPerSecond ?? NaN;
  const one = rate('ours, wasm-simd f32, 1 thread');
  const two = rate('ours, wasm-simd f32, 2 threads');
  const before = rate('ours, wasm-simd f32, before issue 15');
  const target = (text: string) => (targets ? ` (target ${text})` : '');
  console.log(
    `${w.name}: 2 threads ÷ 1 thread ${(two / one).toFixed(2)}×${target('≥ 1.7')}; ` +
      `1 thread ÷ before ${(one / before).toFixed(2)}×${target('≥ 1.3')}`,
  );
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

  const A = workloadA();
  const B = workloadB();
  const C = workloadC();

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
    printThreadRatios(A, rowsA, false);
  }
  if (rowsB) {
    printTable(B, rowsB);
    printThreadRatios(B, rowsB, true);
  }
  if (rowsC) printTable(C, rowsC);
}

await main();
