/**
 * The teaching views' colours: one diverging scale (orange for negative, a
 * light neutral at zero, blue for positive, as in TensorFlow Playground) used
 * for weights, gradients, probabilities and unit outputs alike.
 */
export type Rgb = [number, number, number];

export const NEGATIVE: Rgb = [232, 119, 34];
export const ZERO: Rgb = [236, 238, 241];
export const POSITIVE: Rgb = [31, 119, 180];

/** Class colours for more than two classes (and the two of a binary task: 0 orange, 1 blue). */
export const CLASS_COLOURS: Rgb[] = [
  NEGATIVE,
  POSITIVE,
  [89, 161, 79],
  [176, 122, 161],
  [225, 87, 89],
  [118, 183, 178],
  [237, 201, 72],
  [156, 117, 95],
];

const mix = (a: number, b: number, t: number) => Math.round(a + (b - a) * t);

/** t in [−1, 1] (clamped) → colour: −1 orange, 0 neutral, 1 blue. */
export function diverging(t: number): Rgb {
  if (!Number.isFinite(t)) return [128, 128, 128];
  const c = Math.max(-1, Math.min(1, t));
  const end = c < 0 ? NEGATIVE : POSITIVE;
  const k = Math.abs(c);
  return [mix(ZERO[0], end[0], k), mix(ZERO[1], end[1], k), mix(ZERO[2], end[2], k)];
}

export const css = ([r, g, b]: Rgb, alpha = 1) =>
  alpha === 1 ? `rgb(${r} ${g} ${b})` : `rgb(${r} ${g} ${b} / ${alpha})`;

/** The largest |value|, at least `floor` (so an all-zero array still has a scale). */
export function maxAbs(values: ArrayLike<number>, floor = 1e-12): number {
  let m = floor;
  for (let i = 0; i < values.length; i++) {
    const a = Math.abs(values[i]);
    if (a > m && Number.isFinite(a)) m = a;
  }
  return m;
}

/** Numbers as the teaching views print them: 4 significant digits, exponent when tiny or huge. */
export function formatValue(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e-3 && a < 1e4) return String(Number(v.toPrecision(4)));
  return v.toExponential(2);
}
