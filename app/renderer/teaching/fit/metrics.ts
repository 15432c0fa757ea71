/**
 * How well the network fits its data, as numbers (pure: no DOM, no React).
 * Classification: the confusion matrix, accuracy, per-class precision and
 * recall. Regression: residuals, R² and the mean absolute error.
 *
 * Rows are row-major `m × k` (one row per sample, k outputs), as the engine's
 * predictions and a dataset's targets are.
 */

/**
 * The class of each row: for one output, 1 where it is ≥ 0.5 (a probability of class 1, or a
 * 0 / 1 target) and 0 elsewhere; for k > 1 outputs (one-hot targets, softmax), the largest.
 */
export function classesOf(values: ArrayLike<number>, m: number, k: number): Int32Array {
  const out = new Int32Array(m);
  for (let r = 0; r < m; r++) {
    if (k === 1) {
      out[r] = values[r] >= 0.5 ? 1 : 0;
      continue;
    }
    let best = 0;
    for (let j = 1; j < k; j++) if (values[r * k + j] > values[r * k + best]) best = j;
    out[r] = best;
  }
  return out;
}

/** counts[true class][predicted class]. */
export function confusionMatrix(
  actual: ArrayLike<number>,
  predicted: ArrayLike<number>,
  classes: number,
): number[][] {
  const counts = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (let i = 0; i < actual.length; i++) counts[actual[i]][predicted[i]]++;
  return counts;
}

export interface ClassScores {
  /** Of the samples predicted as this class, the share that are: tp / (tp + fp). NaN when none is. */
  precision: number;
  /** Of the samples of this class, the share predicted as it: tp / (tp + fn). NaN when there are none. */
  recall: number;
  /** Samples of this class. */
  support: number;
}

export interface ClassificationMetrics {
  counts: number[][];
  total: number;
  /** Share predicted right; NaN with no samples. */
  accuracy: number;
  perClass: ClassScores[];
}

/** Accuracy and per-class precision and recall from a confusion matrix. */
export function classificationMetrics(counts: number[][]): ClassificationMetrics {
  const k = counts.length;
  let total = 0;
  let right = 0;
  const perClass: ClassScores[] = [];
  for (let c = 0; c < k; c++) {
    const tp = counts[c][c];
    let support = 0;
    let predicted = 0;
    for (let j = 0; j < k; j++) {
      support += counts[c][j];
      predicted += counts[j][c];
    }
    total += support;
    right += tp;
    perClass.push({
      precision: predicted ? tp / predicted : NaN,
      recall: support ? tp / support : NaN,
      support,
    });
  }
  return { counts, total, accuracy: total ? right / total : NaN, perClass };
}

export interface RegressionMetrics {
  n: number;
  /** 1 − Σ(y − ŷ)² / Σ(y − ȳ)²; NaN with fewer than two samples or constant targets. */
  r2: number;
  /** Σ|y − ŷ| / n. */
  mae: number;
  /** ŷ − y per sample. */
  residuals: Float64Array;
}

/** R², the mean absolute error and the residuals of one output. */
export function regressionMetrics(
  actual: ArrayLike<number>,
  predicted: ArrayLike<number>,
): RegressionMetrics {
  const n = actual.length;
  const residuals = new Float64Array(n);
  let mean = 0;
  for (let i = 0; i < n; i++) mean += actual[i] / n;
  let ssRes = 0;
  let ssTot = 0;
  let abs = 0;
  for (let i = 0; i < n; i++) {
    const e = predicted[i] - actual[i];
    residuals[i] = e;
    ssRes += e * e;
    ssTot += (actual[i] - mean) ** 2;
    abs += Math.abs(e);
  }
  return { n, r2: n > 1 && ssTot > 0 ? 1 - ssRes / ssTot : NaN, mae: n ? abs / n : NaN, residuals };
}

/** Column j of m × k rows. */
export function column(values: ArrayLike<number>, m: number, k: number, j: number): Float64Array {
  const out = new Float64Array(m);
  for (let r = 0; r < m; r++) out[r] = values[r * k + j];
  return out;
}
