import { describe, expect, it } from 'vitest';
import { overlayColour, rampColour, type Theme } from './ramp';

/** WCAG relative luminance of `#rrggbb`. */
function luminance(hex: string): number {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
}
const contrast = (a: number, b: number) => (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);

/** The canvas backgrounds of common/base.css (--bg, light and dark). */
const BACKGROUND: Record<Theme, number> = {
  light: luminance('#f6f7f9'),
  dark: luminance('#15171c'),
};

const steps = Array.from({ length: 25 }, (_, i) => i / 24);

describe('the overlay colour ramp', () => {
  it.each(['light', 'dark'] as Theme[])(
    'moves steadily away from the %s background, so it reads in greyscale',
    (theme) => {
      const contrasts = steps.map((t) =>
        contrast(luminance(rampColour(t, theme)), BACKGROUND[theme]),
      );
      for (let i = 1; i < contrasts.length; i++) {
        expect(contrasts[i]).toBeGreaterThan(contrasts[i - 1]);
      }
      // The faintest value is still visible; the largest stands out strongly.
      expect(contrasts[0]).toBeGreaterThan(1.5);
      expect(contrasts.at(-1)).toBeGreaterThan(7);
    },
  );

  it('is monotonic in luminance: darker with size on light, lighter with size on dark', () => {
    const light = steps.map((t) => luminance(rampColour(t, 'light')));
    const dark = steps.map((t) => luminance(rampColour(t, 'dark')));
    for (let i = 1; i < steps.length; i++) {
      expect(light[i]).toBeLessThan(light[i - 1]);
      expect(dark[i]).toBeGreaterThan(dark[i - 1]);
    }
  });

  it('clamps values outside [0, 1] and gives CSS that follows the colour scheme', () => {
    expect(rampColour(-3, 'dark')).toBe(rampColour(0, 'dark'));
    expect(rampColour(7, 'light')).toBe(rampColour(1, 'light'));
    expect(rampColour(NaN, 'light')).toBe(rampColour(0, 'light'));
    expect(overlayColour(0.5)).toBe(
      `light-dark(${rampColour(0.5, 'light')}, ${rampColour(0.5, 'dark')})`,
    );
  });
});
