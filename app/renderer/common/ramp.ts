/**
 * The training overlay's colour ramp: viridis (d3-scale-chromatic), which is
 * perceptually uniform, reads for the common kinds of colour blindness, and
 * rises steadily in lightness, so it also reads in greyscale.
 *
 * Each theme uses the part of viridis that starts near its background and
 * moves away from it: on a light background small values are a pale
 * yellow-green and large ones a dark purple; on a dark background small
 * values are a dark blue and large ones yellow. Larger always means more
 * contrast with the canvas, and the faint end is still visible.
 */
import { interpolateViridis } from 'd3-scale-chromatic';
import type { OverlayStat } from './live';

/** The edge overlay (the canvas's edges, the legend over it). Decades (log10) each statistic's colour scale spans: thin and faint at the low end, thick and strong at the top. */
export const OVERLAY_SCALE: Record<OverlayStat, [number, number]> = {
  activation: [-2, 0.5],
  gradient: [-5, 0],
  update: [-6, -1],
};

/** Each statistic's symbol in edge labels and the legend: notation, the same in every language. */
export const OVERLAY_SYMBOL: Record<OverlayStat, string> = {
  activation: 'a',
  gradient: '∇',
  update: 'ΔW',
};

export type Theme = 'light' | 'dark';

/** The stretch of viridis (0 dark purple … 1 yellow) a theme uses: [small values, large values]. */
export const RAMP_RANGE: Record<Theme, [number, number]> = {
  light: [0.82, 0],
  dark: [0.18, 1],
};

/** t in [0, 1] (clamped) → `#rrggbb` for one theme. */
export function rampColour(t: number, theme: Theme): string {
  const c = Number.isFinite(t) ? Math.min(1, Math.max(0, t)) : 0;
  const [from, to] = RAMP_RANGE[theme];
  return interpolateViridis(from + (to - from) * c);
}

/** t in [0, 1] → a CSS colour that follows the page's colour scheme (`light-dark()`). */
export function overlayColour(t: number): string {
  return `light-dark(${rampColour(t, 'light')}, ${rampColour(t, 'dark')})`;
}
