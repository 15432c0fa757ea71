/**
 * How step mode writes symbols and tensors in LaTeX: `z⁽¹⁾` as
 * `\mathbf{z}^{(1)}`, batch tensors in the seed notes' layout (samples as
 * columns), vectors shortened beyond MAX_UNITS entries, and each activation's
 * definition and derivative.
 */
import { ACTIVATION_TABLE, type ActivationTex } from '../../engine/activations';
import type { ActivationFn } from '../../engine/graph';
import { t } from '../../i18n';
import { texNumber, texText } from '../format';
import { MAX_UNITS } from './types';

export interface Sym {
  /** `z`, `a`, `h`. */
  base: string;
  /** Superscript: `(1)`, `(\text{add1})`. */
  sup: string;
  /** Plain text: `z⁽¹⁾`, `h(add1)`. */
  plain: string;
}

const SUPERSCRIPT = '⁰¹²³⁴⁵⁶⁷⁸⁹';
export const superscript = (n: number) =>
  `⁽${String(n)
    .split('')
    .map((d) => SUPERSCRIPT[Number(d)])
    .join('')}⁾`;

export const vec = (s: Sym) => `\\mathbf{${s.base}}^{${s.sup}}`;
export const ent = (s: Sym, j: number | string, i: number | string) =>
  `${s.base}^{${s.sup}}_{${j},${i}}`;
export const partial = (of: string) => `\\frac{\\partial L}{\\partial ${of}}`;
export const T = '^{\\mathsf{T}}';

/** Display layout of an m × width tensor: width rows, one column per sample. */
export function columns(buf: ArrayLike<number>, width: number, m: number): number[][] {
  return Array.from({ length: width }, (_, j) =>
    Array.from({ length: m }, (_, i) => buf[i * width + j]),
  );
}

/** A row-major rows × cols parameter as rows. */
export function matrix(buf: ArrayLike<number>, rows: number, cols: number): number[][] {
  return Array.from({ length: rows }, (_, r) => Array.from(buf).slice(r * cols, (r + 1) * cols));
}

export const transpose = (rows: number[][]) =>
  rows.length ? rows[0].map((_, c) => rows.map((r) => r[c])) : [];
export const column = (values: number[]) => values.map((v) => [v]);

/** A vector as a bracketed row or column, shortened beyond MAX_UNITS entries. */
function texVector(values: number[], layout: 'row' | 'column'): string {
  const shown =
    values.length <= MAX_UNITS
      ? values.map((v) => texNumber(v))
      : [
          ...values.slice(0, MAX_UNITS - 2).map((v) => texNumber(v)),
          layout === 'row' ? '\\cdots' : '\\vdots',
          texNumber(values[values.length - 1]),
        ];
  return `\\begin{bmatrix}${shown.join(layout === 'row' ? ' & ' : ' \\\\ ')}\\end{bmatrix}`;
}

export const texRow = (values: number[]) => texVector(values, 'row');
export const texColumn = (values: number[]) => texVector(values, 'column');

/** Each activation's formulas (symbol, definition, derivative): the activation table's. */
export const FN_TEX = Object.fromEntries(
  Object.entries(ACTIVATION_TABLE).map(([fn, act]) => [fn, act.tex]),
) as Record<ActivationFn, ActivationTex>;

/** The activation's name in words: "linear (identity)", "ReLU". */
export const fnName = (fn: ActivationFn) => t(`steps.fn.${fn}`);

/** How tensors are written: W, b, γ, β, μ, σ²; others by name. */
const TENSOR_TEX: Record<string, { tex: string; text: string }> = {
  W: { tex: '\\mathbf{W}', text: 'W' },
  b: { tex: '\\mathbf{b}', text: 'b' },
  gamma: { tex: '\\boldsymbol{\\gamma}', text: 'γ' },
  beta: { tex: '\\boldsymbol{\\beta}', text: 'β' },
  mean: { tex: '\\boldsymbol{\\mu}', text: 'μ' },
  variance: { tex: '{\\boldsymbol{\\sigma}^2}', text: 'σ²' },
};

/**
 * A node's tensor in LaTeX, `\boldsymbol{\gamma}` (the step names the node), and as text,
 * `γ(bn1)`.
 */
export function tensorSym(id: string, name: string): { tex: string; plain: string } {
  const known = Object.prototype.hasOwnProperty.call(TENSOR_TEX, name) ? TENSOR_TEX[name] : null;
  return {
    tex: known ? known.tex : `\\mathrm{${texText(name)}}`,
    plain: `${known ? known.text : name}(${id})`,
  };
}
