/**
 * The data table's columns and row order (pure). Every sample in file order
 * with its features in the data's own units (un-standardised), its target and
 * the network's current prediction; any column sorts. The headers are worded
 * in the language current when the columns are made.
 */
import { formatNumber, t } from '#src/i18n';
import { removeStandardization, type LoadedData } from '#src/model/data';
import { formatValue } from '../colour';
import { classesOf } from '../fit/metrics';

export interface Column {
  id: string;
  label: string;
  /** The number a sort compares (a class's index for class columns). */
  value(row: number): number;
  text(row: number): string;
}

/** A probability as a percentage with one decimal: `70.0%`. */
export const percent = (p: number) =>
  formatNumber(p, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** The samples of `data` that are validation samples, as a mask over file rows. */
export function validationMask(data: LoadedData): Uint8Array {
  const mask = new Uint8Array(data.all.m);
  for (const r of data.validationRows ?? []) mask[r] = 1;
  return mask;
}

/**
 * One column of numbers per name: column j (id `prefix:j`, headed `label(name)`) holds
 * `values[r · width + j]` for row r.
 */
function numberColumns(
  prefix: string,
  names: readonly string[],
  values: ArrayLike<number>,
  width: number,
  label: (name: string) => string = (name) => name,
): Column[] {
  return names.map((name, j) => ({
    id: `${prefix}:${j}`,
    label: label(name),
    value: (r) => values[r * width + j],
    text: (r) => formatValue(values[r * width + j]),
  }));
}

/**
 * Columns: #, each feature (original units), the target(s), the prediction(s). `predicted`:
 * the network's outputs for every row (m × outputs), null until computed.
 */
export function tableColumns(
  data: LoadedData,
  raw: Float64Array,
  predicted: Float64Array | null,
): Column[] {
  const { m, features: f, targets: k, y } = data.all;
  const columns: Column[] = [
    { id: '#', label: '#', value: (r) => r, text: (r) => String(r + 1) },
    ...numberColumns('x', data.featureNames, raw, f),
  ];
  if (data.task === 'multiclass') {
    const names = data.classes ?? data.targetNames;
    const truth = classesOf(y, m, k);
    columns.push({
      id: 'y',
      label: t('teaching.table.trueClass'),
      value: (r) => truth[r],
      text: (r) => names[truth[r]],
    });
    if (predicted) {
      const guess = classesOf(predicted, m, k);
      columns.push({
        id: 'p',
        label: t('teaching.table.predictedClass'),
        value: (r) => guess[r] + predicted[r * k + guess[r]] / 2,
        text: (r) => `${names[guess[r]]} (${percent(predicted[r * k + guess[r]])})`,
      });
    }
    return columns;
  }
  const targets = data.targetNames;
  columns.push(...numberColumns('y', targets, y, k, (name) => t('teaching.table.true', { name })));
  if (predicted) {
    const label = (name: string) => t('teaching.table.predicted', { name });
    columns.push(...numberColumns('p', targets, predicted, k, label));
  }
  return columns;
}

/** The features of every row in the data's own units. */
export function rawFeatures(data: LoadedData): Float64Array {
  return removeStandardization(data.all.x, data.standardization);
}

/** Row numbers sorted by a column, ties (and NaN, last) kept in file order. */
export function sortOrder(m: number, value: (row: number) => number, dir: 1 | -1): Int32Array {
  const keys = new Float64Array(m);
  for (let r = 0; r < m; r++) keys[r] = value(r);
  const order = Int32Array.from({ length: m }, (_, r) => r);
  order.sort((a, b) => {
    const x = keys[a];
    const z = keys[b];
    if (Number.isNaN(x) || Number.isNaN(z)) {
      if (Number.isNaN(x) && Number.isNaN(z)) return a - b;
      return Number.isNaN(x) ? 1 : -1;
    }
    return x === z ? a - b : (x < z ? -1 : 1) * dir;
  });
  return order;
}
