/**
 * How step mode writes numbers: four significant digits, as plain text
 * (`-1.235e-5`, what tests read and students copy) and as LaTeX
 * (`-1.235 \times 10^{-5}`, what KaTeX typesets). Both come from one rounding,
 * so the text and the formula never disagree.
 */

export const DIGITS = 4;

type Parts = { mantissa: string; exponent: number } | { special: string };

function parts(v: number, digits: number): Parts {
  if (Number.isNaN(v)) return { special: 'NaN' };
  if (!Number.isFinite(v)) return { special: v > 0 ? '∞' : '−∞' };
  if (v === 0) return { mantissa: '0', exponent: 0 };
  const a = Math.abs(v);
  if (a >= 1e-3 && a < 10 ** digits) {
    const s = v.toPrecision(digits);
    if (!s.includes('e')) return { mantissa: trimZeros(s), exponent: 0 };
  }
  const [m, e] = v.toExponential(digits - 1).split('e');
  return { mantissa: trimZeros(m), exponent: Number(e) };
}

function trimZeros(s: string): string {
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

/** `0.1235`, `-1.235e-5`, `12.5`, `NaN`. */
export function formatNumber(v: number, digits = DIGITS): string {
  const p = parts(v, digits);
  if ('special' in p) return p.special;
  return p.exponent === 0 ? p.mantissa : `${p.mantissa}e${p.exponent}`;
}

/** The same number for KaTeX: `-1.235 \times 10^{-5}`. */
export function texNumber(v: number, digits = DIGITS): string {
  const p = parts(v, digits);
  if ('special' in p)
    return p.special === 'NaN' ? '\\text{NaN}' : p.special.replace('∞', '\\infty');
  return p.exponent === 0 ? p.mantissa : `${p.mantissa} \\times 10^{${p.exponent}}`;
}

/** A factor in a product: negative numbers and powers of ten in parentheses. */
export function texFactor(v: number): string {
  const t = texNumber(v);
  return t.startsWith('-') || t.includes('\\times') ? `\\left(${t}\\right)` : t;
}

/** Rows of numbers as text: `[0.1, 0.2; 0.3, 0.4]` (rows separated by `;`). */
export function formatMatrix(rows: number[][]): string {
  return `[${rows.map((r) => r.map((v) => formatNumber(v)).join(', ')).join('; ')}]`;
}

/** Rows of numbers as a LaTeX bracketed matrix. */
export function texMatrix(rows: number[][]): string {
  return `\\begin{bmatrix}${rows.map((r) => r.map((v) => texNumber(v)).join(' & ')).join(' \\\\ ')}\\end{bmatrix}`;
}

/** Escapes a node id for `\text{…}`. */
export function texText(s: string): string {
  return s.replace(/[\\{}$&#^_%~]/g, (c) => (c === '\\' ? '\\textbackslash{}' : `\\${c}`));
}

/**
 * A sum of terms, shortened when there are more than `keep`: the first
 * `head` terms, `⋯`, the last term. Terms are LaTeX.
 */
export function texSum(terms: string[], keep = 4, head = 2): string {
  if (terms.length === 0) return '0';
  if (terms.length <= keep) return terms.join(' + ');
  return `${terms.slice(0, head).join(' + ')} + \\cdots + ${terms[terms.length - 1]}`;
}
