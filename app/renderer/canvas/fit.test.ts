import { describe, expect, it } from 'vitest';
import { MAX_FIT_ZOOM, overlayInsets, READABLE_ZOOM, readableViewport } from './fit';

const insets = overlayInsets(false);
/** Where the bounds land on screen under a viewport. */
function onScreen(
  b: { x: number; y: number; width: number; height: number },
  v: { x: number; y: number; zoom: number },
) {
  return {
    left: b.x * v.zoom + v.x,
    top: b.y * v.zoom + v.y,
    right: (b.x + b.width) * v.zoom + v.x,
    bottom: (b.y + b.height) * v.zoom + v.y,
  };
}

describe('readableViewport', () => {
  it('frames a small graph clear of the overlays, no larger than MAX_FIT_ZOOM', () => {
    const bounds = { x: 0, y: 0, width: 400, height: 70 };
    const v = readableViewport(bounds, 1000, 500, insets);
    expect(v.zoom).toBe(MAX_FIT_ZOOM);
    const s = onScreen(bounds, v);
    expect(s.left).toBeGreaterThanOrEqual(insets.left);
    expect(s.right).toBeLessThanOrEqual(1000 - insets.right);
    expect(s.top).toBeGreaterThanOrEqual(insets.top);
    expect(s.bottom).toBeLessThanOrEqual(500 - insets.bottom);
  });

  it('gives up the margins rather than zoom below readable when the graph fits readably', () => {
    // 1160 px of room between the side insets; at READABLE_ZOOM the graph takes 1146 px,
    // but with the 24 px margins a plain fit would zoom to 1112 / 1250 ≈ 0.89.
    const bounds = { x: 0, y: 0, width: 1250, height: 80 };
    const width = 1160 + insets.left + insets.right;
    const v = readableViewport(bounds, width, 500, insets);
    expect(v.zoom).toBeCloseTo(READABLE_ZOOM, 6);
    const s = onScreen(bounds, v);
    expect(s.left).toBeGreaterThanOrEqual(insets.left - 0.5);
    expect(s.right).toBeLessThanOrEqual(width - insets.right + 0.5);
    expect(s.top).toBeGreaterThanOrEqual(insets.top);
  });

  it('fits the whole graph, below readable, when it cannot fit at a readable size', () => {
    const bounds = { x: -500, y: 0, width: 4000, height: 300 };
    const v = readableViewport(bounds, 1200, 500, insets);
    expect(v.zoom).toBeLessThan(READABLE_ZOOM);
    const s = onScreen(bounds, v);
    expect(s.left).toBeGreaterThanOrEqual(insets.left);
    expect(s.right).toBeLessThanOrEqual(1200 - insets.right);
  });

  it('keeps the minimap corner free when the minimap shows', () => {
    const withMap = overlayInsets(true);
    const bounds = { x: 0, y: 0, width: 600, height: 600 };
    const v = readableViewport(bounds, 1400, 700, withMap);
    expect(onScreen(bounds, v).bottom).toBeLessThanOrEqual(700 - withMap.bottom);
    expect(withMap.bottom).toBeGreaterThan(insets.bottom);
  });
});
