/**
 * The engine bench's workloads (engine.bench.ts has their story): the data every
 * engine trains on, drawn from fixed seeds, and our side's graph of each.
 */
import { compile, Rng, type Dataset, type Graph } from '../../src/engine';
import { generateBuiltin } from '../../src/model/datasets';

export interface Workload {
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

/**
 * The data's draws: mulberry32 from the state `seed`, as this bench has always drawn them.
 * The engine's Rng starts from `seed ^ 0x6d2b79f5`, hence the xor (the same numbers).
 */
function rng(seed: number): () => number {
  const r = new Rng(seed ^ 0x6d2b79f5);
  return () => r.next();
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

/** The first m rows of a data set (the warm-ups train on them). */
export function slice(d: Dataset, m: number): Dataset {
  return {
    x: d.x.subarray(0, m * d.features),
    y: d.y.subarray(0, m * d.targets),
    m,
    features: d.features,
    targets: d.targets,
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

/** Our graph of a workload: its own, or the dense stack its layers describe. */
export function graphOf(w: Workload): Graph {
  if (w.graph) return w.graph;
  const last = w.layers.length - 2;
  return chain([
    ['x', 'input', { features: w.layers[0] }],
    ...w.layers.slice(1).flatMap((units, i): [string, string, Record<string, unknown>][] => [
      [`dense${i}`, 'dense', { units }],
      [`act${i}`, 'activation', { fn: i === last ? w.output : w.hidden }],
    ]),
    ['loss', 'loss', { fn: w.loss }],
  ]);
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

export /** Why our side of a workload cannot run (the compiler's first problem), or null when it can. */
function notCompiling(w: Workload): string | null {
  const compiled = compile(graphOf(w));
  if (compiled.ok) return null;
  return `not run: ${compiled.problems[0]?.message ?? 'the graph does not compile'}`;
}

/** A: 2-16-16-1 tanh, mse, 2,000 samples × 50 epochs. */
export const workloadA = (): Workload => ({
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
});

/**
 * B: 784-128-64-10 relu/softmax, cross-entropy, 10,000 random samples × 1 epoch. Best of five:
 * a run is one epoch (≈ 65 ms on 2 threads), and on a 2-core machine any other process's slice
 * lands on a training thread (per-step times on 2 threads: median 395 µs, max 2–5 ms).
 */
export const workloadB = (): Workload => ({
  name: 'B',
  layers: [784, 128, 64, 10],
  hidden: 'relu',
  output: 'softmax',
  loss: 'cross_entropy',
  learningRate: 0.05,
  miniBatch: 64,
  epochs: 1,
  data: datasetB(10000),
  repeats: 5,
});

/** C: the digits CNN, 1,797 images × 10 epochs. */
export const workloadC = (): Workload => ({
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
});
