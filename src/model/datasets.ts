/**
 * The built-in data sets. Each is generated from a seed, so a model file that
 * names one (`{ "builtin": "spiral", "samples": 200, "noise": 0.1, "seed": 7 }`)
 * always trains on the same numbers. Binary classification targets are 0 / 1
 * (sigmoid + bce); iris and digits have one-hot targets (softmax +
 * cross_entropy). Iris and digits are fixed tables shipped in ./data (sources
 * and licences in ./data/README.md).
 */
import { Rng } from '../engine/random';
import { tKey } from '../i18n';
import type { BuiltinDataset } from './types';
import { parseCsv, type Table } from './csv';
import { DIGITS_CSV } from './data/digits';
import { IRIS_CSV } from './data/iris';

export type Task = 'binary' | 'multiclass' | 'regression';

export interface BuiltinInfo {
  id: BuiltinDataset;
  /** Catalogue keys: show through t(). */
  title: string;
  description: string;
  task: Task;
  features: number;
  targets: number;
  defaultSamples: number;
  defaultNoise: number;
  /** Whether `samples` and `noise` apply (iris and digits are fixed tables). */
  generated: boolean;
  /**
   * The features as an image, [height, width, channels] (channels last), for
   * an Input node's `height`, `width` and `channels`; absent for plain vectors.
   */
  shape?: readonly [number, number, number];
}

/** The digits are 8 × 8 images, one channel. */
const DIGITS_SIDE = 8;
/** Their pixels count 0..16 "on" dots; the set divides by this so features lie in 0..1. */
export const DIGITS_MAX = 16;

/** A generated binary set of points in the plane: two features, 200 samples unless the file says. */
function planar(id: BuiltinDataset, title: string, description: string): BuiltinInfo {
  return {
    id,
    title,
    description,
    task: 'binary',
    features: 2,
    targets: 1,
    defaultSamples: 200,
    defaultNoise: 0,
    generated: true,
  };
}

export const BUILTIN_DATASETS: Record<BuiltinDataset, BuiltinInfo> = {
  article: {
    id: 'article',
    title: tKey('data.builtin.article.title'),
    description: tKey('data.builtin.article.description'),
    task: 'binary',
    features: 3,
    targets: 1,
    defaultSamples: 64,
    defaultNoise: 0,
    generated: true,
  },
  xor: planar('xor', tKey('data.builtin.xor.title'), tKey('data.builtin.xor.description')),
  circle: planar(
    'circle',
    tKey('data.builtin.circle.title'),
    tKey('data.builtin.circle.description'),
  ),
  gauss: planar('gauss', tKey('data.builtin.gauss.title'), tKey('data.builtin.gauss.description')),
  spiral: planar(
    'spiral',
    tKey('data.builtin.spiral.title'),
    tKey('data.builtin.spiral.description'),
  ),
  sine: {
    id: 'sine',
    title: tKey('data.builtin.sine.title'),
    description: tKey('data.builtin.sine.description'),
    task: 'regression',
    features: 1,
    targets: 1,
    defaultSamples: 100,
    defaultNoise: 0,
    generated: true,
  },
  plane: {
    id: 'plane',
    title: tKey('data.builtin.plane.title'),
    description: tKey('data.builtin.plane.description'),
    task: 'regression',
    features: 2,
    targets: 1,
    defaultSamples: 100,
    defaultNoise: 0,
    generated: true,
  },
  iris: {
    id: 'iris',
    title: tKey('data.builtin.iris.title'),
    description: tKey('data.builtin.iris.description'),
    task: 'multiclass',
    features: 4,
    targets: 3,
    defaultSamples: 150,
    defaultNoise: 0,
    generated: false,
  },
  digits: {
    id: 'digits',
    title: tKey('data.builtin.digits.title'),
    description: tKey('data.builtin.digits.description'),
    task: 'multiclass',
    features: DIGITS_SIDE * DIGITS_SIDE,
    targets: 10,
    defaultSamples: 1797,
    defaultNoise: 0,
    generated: false,
    shape: [DIGITS_SIDE, DIGITS_SIDE, 1],
  },
};

export interface GeneratedTable extends Table {
  task: Task;
}

function table(
  m: number,
  featureNames: string[],
  targetNames: string[],
  task: Task,
  fill: (i: number, x: Float64Array, y: Float64Array) => void,
): GeneratedTable {
  const features = featureNames.length;
  const targets = targetNames.length;
  const x = new Float64Array(m * features);
  const y = new Float64Array(m * targets);
  const xr = new Float64Array(features);
  const yr = new Float64Array(targets);
  for (let i = 0; i < m; i++) {
    fill(i, xr, yr);
    x.set(xr, i * features);
    y.set(yr, i * targets);
  }
  return { x, y, m, features, targets, featureNames, targetNames, task };
}

/** Generates a built-in data set. `samples`, `noise` and `seed` default to the set's own defaults (seed 1). */
export function generateBuiltin(
  id: BuiltinDataset,
  options: { samples?: number; noise?: number; seed?: number } = {},
): GeneratedTable {
  const info = BUILTIN_DATASETS[id];
  const m = options.samples ?? info.defaultSamples;
  const noise = options.noise ?? info.defaultNoise;
  const rng = new Rng(options.seed ?? 1);
  const jitter = (): number => (noise > 0 ? noise * rng.normal() : 0);
  const xy = ['x1', 'x2'];
  switch (id) {
    case 'article':
      return table(m, ['x1', 'x2', 'x3'], ['y'], 'binary', (_, x, y) => {
        for (let j = 0; j < 3; j++) x[j] = rng.int(2);
        y[0] = x[0];
        for (let j = 0; j < 3; j++) x[j] += jitter();
      });
    case 'xor':
      return table(m, xy, ['y'], 'binary', (_, x, y) => {
        x[0] = rng.uniform(-1, 1);
        x[1] = rng.uniform(-1, 1);
        y[0] = x[0] * x[1] < 0 ? 1 : 0;
        x[0] += jitter();
        x[1] += jitter();
      });
    case 'circle':
      return table(m, xy, ['y'], 'binary', (i, x, y) => {
        // Half the points inside radius 0.5, half in the ring outside it.
        const inside = i % 2 === 0;
        const r = inside ? 0.5 * Math.sqrt(rng.next()) : Math.sqrt(0.25 + 0.75 * rng.next());
        const a = rng.uniform(0, 2 * Math.PI);
        x[0] = r * Math.cos(a) + jitter();
        x[1] = r * Math.sin(a) + jitter();
        y[0] = inside ? 1 : 0;
      });
    case 'gauss':
      return table(m, xy, ['y'], 'binary', (i, x, y) => {
        const c = i % 2;
        const centre = c === 1 ? 0.5 : -0.5;
        const spread = 0.25 + noise;
        x[0] = centre + spread * rng.normal();
        x[1] = centre + spread * rng.normal();
        y[0] = c;
      });
    case 'spiral':
      return table(m, xy, ['y'], 'binary', (i, x, y) => {
        const c = i % 2;
        const t = rng.next();
        const r = 0.05 + 0.95 * t;
        const a = 3 * Math.PI * t + c * Math.PI;
        x[0] = r * Math.sin(a) + jitter();
        x[1] = r * Math.cos(a) + jitter();
        y[0] = c;
      });
    case 'sine':
      return table(m, ['x'], ['y'], 'regression', (_, x, y) => {
        x[0] = rng.uniform(-Math.PI, Math.PI);
        y[0] = Math.sin(x[0]) + jitter();
      });
    case 'plane':
      return table(m, xy, ['y'], 'regression', (_, x, y) => {
        x[0] = rng.uniform(-1, 1);
        x[1] = rng.uniform(-1, 1);
        y[0] = 0.5 * x[0] - 0.3 * x[1] + 0.2 + jitter();
      });
    case 'iris': {
      const t = parseCsv(IRIS_CSV, {
        features: ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'],
        targets: ['species'],
        categorical: true,
      });
      return { ...t, task: 'multiclass' };
    }
    case 'digits': {
      // Pixels r0c0 … r7c7 row by row: the flat row of an 8 × 8 × 1 image, channels last.
      const features = Array.from(
        { length: DIGITS_SIDE * DIGITS_SIDE },
        (_, i) => `r${Math.floor(i / DIGITS_SIDE)}c${i % DIGITS_SIDE}`,
      );
      const t = parseCsv(DIGITS_CSV, { features, targets: ['digit'], categorical: true });
      // Categories come in order of first appearance; the file starts 0, 1, …, 9, so column k is digit k.
      for (let i = 0; i < t.x.length; i++) t.x[i] /= DIGITS_MAX;
      return { ...t, task: 'multiclass' };
    }
  }
}
