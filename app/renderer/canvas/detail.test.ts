import { describe, expect, it } from 'vitest';
import { detailLevel, FAR_ZOOM, HYSTERESIS, TINY_ZOOM } from './detail';

describe('detailLevel', () => {
  it('starts at the level of the zoom', () => {
    expect(detailLevel(1, null)).toBe('');
    expect(detailLevel((FAR_ZOOM + TINY_ZOOM) / 2, null)).toBe('far');
    expect(detailLevel(TINY_ZOOM / 2, null)).toBe('tiny');
  });

  it('hides detail as soon as the zoom goes below a threshold', () => {
    expect(detailLevel(FAR_ZOOM * 0.99, '')).toBe('far');
    expect(detailLevel(TINY_ZOOM * 0.99, 'far')).toBe('tiny');
    expect(detailLevel(TINY_ZOOM * 0.99, '')).toBe('tiny');
  });

  it('shows it again only past the threshold by HYSTERESIS', () => {
    expect(detailLevel(FAR_ZOOM * 1.01, 'far')).toBe('far');
    expect(detailLevel(FAR_ZOOM * HYSTERESIS * 1.01, 'far')).toBe('');
    expect(detailLevel(TINY_ZOOM * 1.01, 'tiny')).toBe('tiny');
    expect(detailLevel(TINY_ZOOM * HYSTERESIS * 1.01, 'tiny')).toBe('far');
    // A jump from tiny to well past both thresholds shows everything.
    expect(detailLevel(1, 'tiny')).toBe('');
    // Past the tiny threshold but within FAR_ZOOM's margin: far, not full.
    expect(detailLevel(FAR_ZOOM * 1.01, 'tiny')).toBe('far');
  });
});
