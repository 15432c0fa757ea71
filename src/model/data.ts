/**
 * From a file's `data` section to the engine's Dataset: generate or parse,
 * optionally standardise the features (statistics from the training part
 * only), and hold out a validation share.
 */
import type { Dataset } from '../engine/dataset';
import { t } from '../i18n';
import { Rng } from '../engine/random';
import { DataError, parseCsv, type Table } from './csv';
import { BUILTIN_DATASETS, generateBuiltin, type Task } from './datasets';
import type { DataSpec } from './types';

/** Per-feature mean and standard deviation: x′ = (x − mean) / std. */
export interface Standardization {
  mean: number[];
  std: number[];
}

export interface LoadedData {
  /** Every sample (after standardisation), in the file's order. */
  all: Dataset;
  train: Dataset;
  /** Null when `validation` is 0 or absent. */
  validation: Dataset | null;
  featureNames: string[];
  targetNames: string[];
  /** Categories of one-hot targets. */
  classes?: string[];
  task: Task;
  /** Present when features were standardised; apply it to inputs before predicting. */
  standardization?: Standardization;
  /** Rows of `all` (file order, from 0) held out for validation, ascending; null without validation. */
  validationRows: Int32Array | null;
  /** One line for summaries: "spiral: 200 samples (160 train, 40 validation), 2 features → 1 target". */
  summary: string;
}

/** Reads a CSV file named in a model file, relative to that file. */
export type ReadText = (path: string) => string | Promise<string>;

export function isCsvSpec(spec: DataSpec): spec is Extract<DataSpec, { csv: string }> {
  return 'csv' in spec;
}

function inferTask(table: Table): Task {
  if (table.classes) return 'multiclass';
  const binary = table.targets === 1 && table.y.every((v) => v === 0 || v === 1);
  return binary ? 'binary' : 'regression';
}

/** Whether the features are standardised: iris always, a CSV or inline set when it says so. */
export function standardizes(spec: DataSpec): boolean {
  return 'builtin' in spec ? spec.builtin === 'iris' : spec.standardize === true;
}

/** Loads the data a model file describes. Throws DataError naming what is wrong. */
export async function loadDataset(spec: DataSpec, readText?: ReadText): Promise<LoadedData> {
  let table: Table;
  let task: Task;
  let standardize = false;
  let name: string;
  if ('builtin' in spec) {
    const generated = generateBuiltin(spec.builtin, spec);
    table = generated;
    task = generated.task;
    standardize = standardizes(spec);
    name = spec.builtin;
  } else if ('csv' in spec) {
    if (!readText) throw new DataError([t('data.load.noAccess', { file: spec.csv })]);
    let text: string;
    try {
      text = await readText(spec.csv);
    } catch (error) {
      throw new DataError([
        t('data.load.cannotRead', {
          file: spec.csv,
          reason: error instanceof Error ? error.message : String(error),
        }),
      ]);
    }
    try {
      table = parseCsv(text, spec);
    } catch (error) {
      if (error instanceof DataError)
        throw new DataError(
          error.problems.map((problem) => t('data.load.inFile', { file: spec.csv, problem })),
        );
      throw error;
    }
    task = inferTask(table);
    standardize = standardizes(spec);
    name = spec.csv;
  } else {
    const { x, y } = spec.inline;
    const features = x[0].length;
    const targets = y[0].length;
    table = {
      x: Float64Array.from(x.flat()),
      y: Float64Array.from(y.flat()),
      m: x.length,
      features,
      targets,
      featureNames: spec.inline.features ?? Array.from({ length: features }, (_, i) => `x${i + 1}`),
      targetNames:
        spec.inline.targets ??
        Array.from({ length: targets }, (_, i) => (targets === 1 ? 'y' : `y${i + 1}`)),
      classes: spec.inline.classes,
    };
    task = inferTask(table);
    standardize = standardizes(spec);
    name = t('data.load.inline');
  }
  return finish(table, task, name, spec.validation ?? 0, spec.seed ?? 1, standardize);
}

function subset(table: Table, x: Float64Array, rows: ArrayLike<number>): Dataset {
  const { features, targets } = table;
  const m = rows.length;
  const out: Dataset = {
    x: new Float64Array(m * features),
    y: new Float64Array(m * targets),
    m,
    features,
    targets,
  };
  for (let r = 0; r < m; r++) {
    const s = rows[r];
    out.x.set(x.subarray(s * features, (s + 1) * features), r * features);
    out.y.set(table.y.subarray(s * targets, (s + 1) * targets), r * targets);
  }
  return out;
}

function finish(
  table: Table,
  task: Task,
  name: string,
  validation: number,
  seed: number,
  standardize: boolean,
): LoadedData {
  const { m, features, targets } = table;
  const nVal = Math.min(m - 1, Math.round(m * validation));
  const order = new Int32Array(m).map((_, i) => i);
  if (nVal > 0) new Rng(seed ^ 0x5bd1e995).shuffle(order);
  const trainRows = nVal > 0 ? order.slice(0, m - nVal).sort() : order;
  const valRows = nVal > 0 ? order.slice(m - nVal).sort() : null;

  let x = table.x;
  let standardization: Standardization | undefined;
  if (standardize) {
    standardization = computeStandardization(table.x, features, trainRows);
    x = applyStandardization(table.x, standardization);
  }
  const all: Dataset = { x, y: table.y, m, features, targets };
  const train = nVal > 0 ? subset(table, x, trainRows) : all;
  const val = valRows ? subset(table, x, valRows) : null;
  const split = val ? t('data.load.split', { train: train.m, validation: val.m }) : '';
  return {
    all,
    train,
    validation: val,
    featureNames: table.featureNames,
    targetNames: table.targetNames,
    classes: table.classes,
    task,
    standardization,
    validationRows: valRows,
    summary: t('data.load.summary', {
      name,
      samples: m,
      split,
      features: t('data.load.features', { count: features }),
      targets: t('data.load.targets', { count: targets }),
    }),
  };
}

/** Mean and standard deviation of each feature over the given rows (std 1 for a constant column). */
export function computeStandardization(
  x: Float64Array,
  features: number,
  rows: ArrayLike<number>,
): Standardization {
  const mean = new Array<number>(features).fill(0);
  const std = new Array<number>(features).fill(0);
  const n = rows.length;
  for (let r = 0; r < n; r++)
    for (let j = 0; j < features; j++) mean[j] += x[rows[r] * features + j] / n;
  for (let r = 0; r < n; r++) {
    for (let j = 0; j < features; j++) std[j] += (x[rows[r] * features + j] - mean[j]) ** 2 / n;
  }
  return { mean, std: std.map((v) => (v > 0 ? Math.sqrt(v) : 1)) };
}

/** A standardised copy of m × features rows. */
export function applyStandardization(x: Float64Array, s: Standardization): Float64Array {
  const features = s.mean.length;
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const j = i % features;
    out[i] = (x[i] - s.mean[j]) / s.std[j];
  }
  return out;
}

/**
 * The inverse of `applyStandardization`: rows in the data's own units (centimetres, not
 * standard deviations), for showing to people. Without standardisation, a copy.
 */
export function removeStandardization(
  x: ArrayLike<number>,
  s: Standardization | undefined,
): Float64Array {
  const out = Float64Array.from(x);
  if (!s) return out;
  const features = s.mean.length;
  for (let i = 0; i < out.length; i++) {
    const j = i % features;
    out[i] = out[i] * s.std[j] + s.mean[j];
  }
  return out;
}

/**
 * Features and targets a data spec produces, when known without loading it (built-in and inline
 * data), and for image data (digits) the features' shape [height, width, channels].
 */
export function staticWidths(
  spec: DataSpec,
): { features: number; targets: number; shape?: readonly [number, number, number] } | null {
  if ('builtin' in spec) {
    const info = BUILTIN_DATASETS[spec.builtin];
    return {
      features: info.features,
      targets: info.targets,
      ...(info.shape ? { shape: info.shape } : {}),
    };
  }
  if ('inline' in spec)
    return { features: spec.inline.x[0].length, targets: spec.inline.y[0].length };
  return null;
}
