/** Samples as rows: `x` is m × features, `y` is m × targets, both row-major. */
export interface Dataset {
  x: Float64Array;
  y: Float64Array;
  m: number;
  features: number;
  targets: number;
}

/** Builds a Dataset from rows of numbers (tests, examples, inline data). */
export function datasetFromRows(x: number[][], y: number[][]): Dataset {
  const m = x.length;
  const features = m > 0 ? x[0].length : 0;
  const targets = m > 0 ? y[0].length : 0;
  return { x: Float64Array.from(x.flat()), y: Float64Array.from(y.flat()), m, features, targets };
}
