/**
 * The fit of the network with the current weights on the training and the
 * validation samples: one forward pass over each part, then the metrics
 * (metrics.ts). Also the numbers as CSV rows.
 */
import type { Network } from '#src/engine/network';
import type { LoadedData } from '#src/model/data';
import {
  classesOf,
  classificationMetrics,
  column,
  confusionMatrix,
  regressionMetrics,
  type ClassificationMetrics,
  type RegressionMetrics,
} from './metrics';

export interface ClassificationPart {
  validation: boolean;
  metrics: ClassificationMetrics;
}

export interface RegressionPart {
  validation: boolean;
  /** The chosen target's true and predicted values, one per sample. */
  actual: Float64Array;
  predicted: Float64Array;
  metrics: RegressionMetrics;
}

export type Fit =
  | { kind: 'classification'; classes: string[]; parts: ClassificationPart[] }
  | { kind: 'regression'; target: string; parts: RegressionPart[] };

function parts(data: LoadedData) {
  return [
    { set: data.train, validation: false },
    ...(data.validation ? [{ set: data.validation, validation: true }] : []),
  ];
}

/** The class names of a classification task: its categories, or 0 and 1. */
export function classNames(data: LoadedData): string[] {
  if (data.task === 'binary') return ['0', '1'];
  return data.classes ?? data.targetNames;
}

/** `target`: which output a regression is judged on. */
export function fitOf(net: Network, data: LoadedData, target = 0): Fit {
  const k = data.all.targets;
  if (data.task !== 'regression') {
    const classes = classNames(data);
    return {
      kind: 'classification',
      classes,
      parts: parts(data).map(({ set, validation }) => {
        const predicted = net.predict(set.x, set.m);
        const counts = confusionMatrix(
          classesOf(set.y, set.m, k),
          classesOf(predicted, set.m, net.graph.outputs),
          classes.length,
        );
        return { validation, metrics: classificationMetrics(counts) };
      }),
    };
  }
  return {
    kind: 'regression',
    target: data.targetNames[target] ?? 'y',
    parts: parts(data).map(({ set, validation }) => {
      const out = net.predict(set.x, set.m);
      const actual = column(set.y, set.m, k, target);
      const predicted = column(out, set.m, net.graph.outputs, target);
      return { validation, actual, predicted, metrics: regressionMetrics(actual, predicted) };
    }),
  };
}

/*
 * The CSV files are data, not text for the window: their column names and part
 * names stay the same in every language (like the model file's keys), so a
 * script or spreadsheet reading them works whichever language saved them.
 */
const partName = (validation: boolean) => (validation ? 'validation' : 'training');

/** A classification fit as CSV rows: each part's matrix, then per-class precision and recall. */
export function classificationCsv(fit: Extract<Fit, { kind: 'classification' }>) {
  const rows: (string | number)[][] = [
    ['part', 'true class', ...fit.classes.map((c) => `predicted ${c}`)],
  ];
  for (const p of fit.parts) {
    p.metrics.counts.forEach((r, i) => rows.push([partName(p.validation), fit.classes[i], ...r]));
  }
  rows.push([]);
  rows.push(['part', 'class', 'precision', 'recall', 'samples']);
  for (const p of fit.parts) {
    p.metrics.perClass.forEach((c, i) =>
      rows.push([
        partName(p.validation),
        fit.classes[i],
        num(c.precision),
        num(c.recall),
        c.support,
      ]),
    );
    rows.push([partName(p.validation), 'accuracy', num(p.metrics.accuracy), '', p.metrics.total]);
  }
  return rows;
}

/** A regression fit as CSV rows: one per sample, then R² and MAE per part. */
export function regressionCsv(fit: Extract<Fit, { kind: 'regression' }>) {
  const rows: (string | number)[][] = [
    ['part', 'sample', `true ${fit.target}`, `predicted ${fit.target}`, 'residual'],
  ];
  for (const p of fit.parts) {
    for (let i = 0; i < p.actual.length; i++) {
      rows.push([
        partName(p.validation),
        i + 1,
        p.actual[i],
        p.predicted[i],
        p.metrics.residuals[i],
      ]);
    }
  }
  rows.push([]);
  rows.push(['part', 'R²', 'MAE', 'samples']);
  for (const p of fit.parts) {
    rows.push([partName(p.validation), num(p.metrics.r2), num(p.metrics.mae), p.metrics.n]);
  }
  return rows;
}

/** NaN (no number: nothing to divide by) as an empty cell. */
const num = (v: number) => (Number.isNaN(v) ? '' : v);
