/**
 * Which part of a tensor of any shape step mode shows, as small matrices:
 *
 * - a vector: whole up to MAX_UNITS entries, else the block of MAX_UNITS
 *   entries that holds the focused one;
 * - a matrix: whole up to MAX_UNITS × MAX_UNITS, else the focused row;
 * - deeper (an image h × w × c, a kernel kh × kw × in × filters): matrices
 *   over the first two axes (their first MAX_UNITS rows and columns), one per
 *   index of the remaining axes, MAX_SLICES of them: the block that holds the
 *   focused one (an image channel by channel).
 *
 * A batch tensor (m × the per-sample shape) is shown for one sample, except
 * a small batch of vectors, shown whole with samples as columns.
 */
import { t } from '../../i18n';
import { texMatrix } from '../format';
import type { Ctx } from './context';
import { column, columns, texRow } from './tex';
import { MAX_SLICES, MAX_UNITS, type FocusUnit, type Step, type StepValue } from './types';

/** One matrix shown: its index (LaTeX subscript and plain text; empty when the tensor is whole). */
export interface Slice {
  index: string;
  plain: string;
  rows: number[][];
  /** The matrix in LaTeX (a long row shortened). */
  tex: string;
}

export interface Shown {
  slices: Slice[];
  /** Everything is shown. */
  whole: boolean;
  /** What the focus picks among (entries, rows, slices), and which one it picked. */
  count: number;
  index: number;
  unit: FocusUnit;
}

const product = (a: readonly number[]) => a.reduce((x, y) => x * y, 1);
const clamp = (j: number, n: number) => Math.max(0, Math.min(j, n - 1));
const range = (a: number, b: number) => (b - a === 1 ? `${a + 1}` : `${a + 1}{:}${b}`);
const plainRange = (a: number, b: number) => (b - a === 1 ? `${a + 1}` : `${a + 1}–${b}`);

/** A vector or matrix shown whole: one matrix, its rows what the focus counts. */
const whole = (rows: number[][], unit: FocusUnit): Shown => ({
  slices: [{ index: '', plain: '', rows, tex: texMatrix(rows) }],
  whole: true,
  count: rows.length,
  index: 0,
  unit,
});

/** One matrix of a larger vector or matrix: the block or row holding the focus `index` of `count`. */
const part = (slice: Slice, count: number, index: number, unit: FocusUnit): Shown => ({
  slices: [slice],
  whole: false,
  count,
  index,
  unit,
});

/** The part of a row-major tensor of `shape` (from `offset` in `flat`) shown for focus `j`. */
export function showTensor(
  flat: ArrayLike<number>,
  shape: readonly number[],
  j: number,
  offset = 0,
): Shown {
  if (shape.length === 1) {
    const n = shape[0];
    const values = Array.from({ length: n }, (_, k) => flat[offset + k]);
    if (n <= MAX_UNITS) return whole(column(values), 'entry');
    const index = clamp(j, n);
    const a = Math.floor(index / MAX_UNITS) * MAX_UNITS;
    const b = Math.min(n, a + MAX_UNITS);
    const rows = column(values.slice(a, b));
    return part(
      { index: range(a, b), plain: plainRange(a, b), rows, tex: texMatrix(rows) },
      n,
      index,
      'entry',
    );
  }
  if (shape.length === 2) {
    const [r, c] = shape;
    const rowOf = (q: number) => Array.from({ length: c }, (_, k) => flat[offset + q * c + k]);
    if (r <= MAX_UNITS && c <= MAX_UNITS)
      return whole(
        Array.from({ length: r }, (_, q) => rowOf(q)),
        'row',
      );
    const index = clamp(j, r);
    const row = rowOf(index);
    return part(
      { index: `${index + 1},:`, plain: `${index + 1}, :`, rows: [row], tex: texRow(row) },
      r,
      index,
      'row',
    );
  }
  const [h, w] = shape;
  const rest = shape.slice(2);
  const combos = product(rest);
  const index = clamp(j, combos);
  const a = Math.floor(index / MAX_SLICES) * MAX_SLICES;
  const b = Math.min(combos, a + MAX_SLICES);
  const hh = Math.min(h, MAX_UNITS);
  const ww = Math.min(w, MAX_UNITS);
  const slices: Slice[] = [];
  for (let q = a; q < b; q++) {
    const multi: number[] = [];
    for (let k = rest.length - 1, left = q; k >= 0; k--) {
      multi.unshift((left % rest[k]) + 1);
      left = Math.floor(left / rest[k]);
    }
    const rows = Array.from({ length: hh }, (_, y) =>
      Array.from({ length: ww }, (_, x) => flat[offset + (y * w + x) * combos + q]),
    );
    const lead = [h === hh ? ':' : range(0, hh), w === ww ? ':' : range(0, ww)];
    const leadPlain = [h === hh ? ':' : plainRange(0, hh), w === ww ? ':' : plainRange(0, ww)];
    slices.push({
      index: [...lead, ...multi].join(','),
      plain: [...leadPlain, ...multi].join(', '),
      rows,
      tex: texMatrix(rows),
    });
  }
  return {
    slices,
    whole: h === hh && w === ww && b - a === combos,
    count: combos,
    index,
    unit: shape.length === 3 ? 'channel' : 'slice',
  };
}

/** What a step shows of an m × width batch tensor whose samples have `shape`. */
export interface BatchShown {
  /** LaTeX lines: `name_{index} = matrix`. */
  tex: string[];
  /** The same lines' two sides: `name_{index}` and the matrix. */
  lhs: string[];
  rhs: string[];
  values: StepValue[];
  /** For Step.focus; absent when everything is shown. */
  focus?: Step['focus'];
  /** What is shown, in words, for `Shown: …` (empty when everything is). */
  what: string;
}

const lines = (lhs: string[], rhs: string[]) => ({
  tex: lhs.map((l, k) => `${l} = ${rhs[k]}`),
  lhs,
  rhs,
});

/**
 * A batch tensor for a step: a small batch of vectors whole (samples as
 * columns, as everywhere in step mode), else sample i, sliced by `showTensor`.
 */
export function showBatch(
  c: Ctx,
  flat: ArrayLike<number>,
  shape: readonly number[],
  name: { tex: string; plain: string; key: string },
): BatchShown {
  const { m } = c;
  const width = product(shape);
  if (shape.length === 1 && c.small(width) && c.fewSamples) {
    const rows = columns(flat, width, m);
    return {
      ...lines([name.tex], [texMatrix(rows)]),
      values: [{ key: name.key, label: name.plain, rows }],
      what: '',
    };
  }
  const i = c.sampleI;
  const shown = showTensor(flat, shape, c.focus.neuron, i * width);
  const sample = { sample: { index: i, count: m } };
  const what = shown.whole
    ? t('steps.where.sample', { i: i + 1 })
    : t('steps.where.sampleSlice', {
        i: i + 1,
        index: shown.slices.map((s) => s.plain).join('; '),
      });
  // Vectors keep the seed notes' layout: sample i is column i.
  const sub = (s: Slice) =>
    shape.length === 1 ? `_{${s.index || ':'},${i + 1}}` : `_{${i + 1};\\,${s.index}}`;
  return {
    ...lines(
      shown.slices.map((s) => `${name.tex}${sub(s)}`),
      shown.slices.map((s) => s.tex),
    ),
    values: shown.slices.map((s, k) => ({
      key: shown.slices.length > 1 ? `${name.key}:${k}` : name.key,
      label: s.index
        ? t('steps.value.sampleSlice', { name: name.plain, i: i + 1, index: s.plain })
        : c.sampleLabel(name.plain, i),
      rows: s.rows,
    })),
    focus: shown.whole
      ? sample
      : { neuron: { index: shown.index, count: shown.count, unit: shown.unit }, ...sample },
    what,
  };
}

/**
 * What a step shows of a tensor a node keeps (no samples): `showTensor` at the focused neuron,
 * vectors as rows.
 */
export function showParam(
  c: Ctx,
  flat: ArrayLike<number>,
  shape: readonly number[],
  name: { tex: string; plain: string; key: string },
): BatchShown {
  const shown = showTensor(flat, shape, c.focus.neuron);
  // A node's vector (a bias, a scale γ per feature) reads as a row: it holds no samples.
  if (shape.length === 1)
    shown.slices = shown.slices.map((x) => {
      const row = x.rows.map(([v]) => v);
      return { ...x, rows: [row], tex: texMatrix([row]) };
    });
  const what = shown.whole
    ? ''
    : t('steps.where.slice', { index: shown.slices.map((s) => s.plain).join('; ') });
  return {
    ...lines(
      shown.slices.map((s) => `${name.tex}${s.index ? `_{${s.index}}` : ''}`),
      shown.slices.map((s) => s.tex),
    ),
    values: shown.slices.map((s, k) => ({
      key: shown.slices.length > 1 ? `${name.key}:${k}` : name.key,
      label: s.index ? t('steps.value.slice', { name: name.plain, index: s.plain }) : name.plain,
      rows: s.rows,
    })),
    ...(shown.whole
      ? {}
      : { focus: { neuron: { index: shown.index, count: shown.count, unit: shown.unit } } }),
    what,
  };
}
