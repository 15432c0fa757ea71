/**
 * Numbers and shapes as the canvas, its edges and the inspector write them: notation, the same
 * in every language, with digits grouped for the window's language (`formatNumber`).
 */
import { formatNumber } from './i18n';

/** What a value reads before there is one. */
export const NO_VALUE = '—';

/** A tensor width for people (`1,024`), `?` while unknown. */
export function formatWidth(width: number | undefined): string {
  return width === undefined ? '?' : formatNumber(width);
}

/** A batch tensor's shape, `m × 5` or `m × 8 × 8 × 1` (an image): notation, the same in every language. */
export function batchShape(shape: number | readonly number[] | undefined): string {
  const dims = typeof shape === 'object' ? shape.map(formatWidth) : [formatWidth(shape)];
  return `m × ${dims.join(' × ')}`;
}

/** A loss for people with `digits` significant digits (`0.04320`), small ones as `1.234E-4`. */
export function formatLoss(v: number | null, digits = 4): string {
  if (v === null || !Number.isFinite(v)) return NO_VALUE;
  if (v !== 0 && Math.abs(v) < 1e-3) {
    const fraction = digits - 1;
    return formatNumber(v, {
      notation: 'scientific',
      minimumFractionDigits: fraction,
      maximumFractionDigits: fraction,
    });
  }
  return formatNumber(v, { minimumSignificantDigits: digits, maximumSignificantDigits: digits });
}
