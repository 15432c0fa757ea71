import { describe, expect, it } from 'vitest';
import {
  classesOf,
  classificationMetrics,
  column,
  confusionMatrix,
  regressionMetrics,
} from './metrics';

describe('classification metrics', () => {
  it('reads classes from one probability (≥ 0.5 is class 1) or the largest of k outputs', () => {
    expect(Array.from(classesOf([0.2, 0.5, 0.93, 0.49], 4, 1))).toEqual([0, 1, 1, 0]);
    expect(Array.from(classesOf([0.1, 0.7, 0.2, 0.6, 0.3, 0.1, 0.2, 0.2, 0.6], 3, 3))).toEqual([
      1, 0, 2,
    ]);
  });

  it('counts true × predicted, and gives precision and recall as worked by hand', () => {
    // Ten samples of three classes.
    const actual = [0, 0, 0, 0, 1, 1, 1, 2, 2, 2];
    const predicted = [0, 0, 1, 2, 1, 1, 0, 2, 2, 1];
    const counts = confusionMatrix(actual, predicted, 3);
    expect(counts).toEqual([
      [2, 1, 1],
      [1, 2, 0],
      [0, 1, 2],
    ]);
    const m = classificationMetrics(counts);
    expect(m.total).toBe(10);
    // Right: 2 + 2 + 2 of 10.
    expect(m.accuracy).toBeCloseTo(0.6, 12);
    // Class 0: predicted 0 three times (2 right) → precision 2/3; 4 samples, 2 found → recall 1/2.
    expect(m.perClass[0].precision).toBeCloseTo(2 / 3, 12);
    expect(m.perClass[0].recall).toBeCloseTo(0.5, 12);
    expect(m.perClass[0].support).toBe(4);
    // Class 1: predicted 1 four times (2 right) → 1/2; 3 samples, 2 found → 2/3.
    expect(m.perClass[1].precision).toBeCloseTo(0.5, 12);
    expect(m.perClass[1].recall).toBeCloseTo(2 / 3, 12);
    // Class 2: predicted 2 three times (2 right) → 2/3; 3 samples, 2 found → 2/3.
    expect(m.perClass[2].precision).toBeCloseTo(2 / 3, 12);
    expect(m.perClass[2].recall).toBeCloseTo(2 / 3, 12);
  });

  it('says "no number" (NaN) where a share has nothing to divide by', () => {
    // Class 1 never predicted and never present.
    const m = classificationMetrics(confusionMatrix([0, 0], [0, 0], 2));
    expect(m.accuracy).toBe(1);
    expect(m.perClass[1].precision).toBeNaN();
    expect(m.perClass[1].recall).toBeNaN();
    expect(classificationMetrics(confusionMatrix([], [], 2)).accuracy).toBeNaN();
  });
});

describe('regression metrics', () => {
  it('R², MAE and residuals as worked by hand', () => {
    // y = 1, 2, 3, 4 (mean 2.5, Σ(y − ȳ)² = 5); ŷ = 1.5, 2, 2.5, 5.
    const r = regressionMetrics([1, 2, 3, 4], [1.5, 2, 2.5, 5]);
    expect(Array.from(r.residuals)).toEqual([0.5, 0, -0.5, 1]);
    // Σ e² = 0.25 + 0 + 0.25 + 1 = 1.5 → R² = 1 − 1.5 / 5 = 0.7.
    expect(r.r2).toBeCloseTo(0.7, 12);
    // Σ|e| = 2 → MAE 0.5.
    expect(r.mae).toBeCloseTo(0.5, 12);
    expect(r.n).toBe(4);
  });

  it('a perfect fit has R² 1; predicting the mean has R² 0; worse is negative', () => {
    expect(regressionMetrics([1, 2, 3], [1, 2, 3]).r2).toBe(1);
    expect(regressionMetrics([1, 2, 3], [2, 2, 2]).r2).toBeCloseTo(0, 12);
    expect(regressionMetrics([1, 2, 3], [3, 2, 1]).r2).toBeCloseTo(-3, 12);
  });

  it('has no R² for constant targets or a single sample', () => {
    expect(regressionMetrics([2, 2, 2], [1, 2, 3]).r2).toBeNaN();
    expect(regressionMetrics([2], [1]).r2).toBeNaN();
    expect(regressionMetrics([], []).mae).toBeNaN();
  });

  it('takes one output of m × k rows', () => {
    expect(Array.from(column([1, 10, 2, 20, 3, 30], 3, 2, 1))).toEqual([10, 20, 30]);
  });
});
