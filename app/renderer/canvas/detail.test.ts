// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { detailLevel, FAR_ZOOM, HYSTERESIS, PER_TURN, restyleDetail, TINY_ZOOM } from './detail';

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

describe('restyleDetail', () => {
  afterEach(() => vi.useRealTimers());

  /** A canvas box with `n` nodes and edge labels, the first `far` of them already at 'far'. */
  function box(n: number, far = 0): HTMLElement {
    const el = document.createElement('div');
    for (let i = 0; i < n; i++) {
      const node = document.createElement('div');
      node.className = i % 2 ? 'bp-node' : 'bp-edge-label';
      if (i < far) node.setAttribute('data-lod', 'far');
      el.append(node);
    }
    return el;
  }
  const at = (el: HTMLElement, level: string) =>
    [...el.querySelectorAll('.bp-node, .bp-edge-label')].filter(
      (n) => (n.getAttribute('data-lod') ?? '') === level,
    ).length;

  it(`restyles ${PER_TURN} nodes and labels at once and as many each idle turn after`, () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const el = box(2 * PER_TURN + 5);
    restyleDetail(el, 'far');
    expect(at(el, 'far')).toBe(PER_TURN);
    vi.advanceTimersByTime(1);
    expect(at(el, 'far')).toBe(2 * PER_TURN);
    vi.advanceTimersByTime(1);
    expect(at(el, 'far')).toBe(2 * PER_TURN + 5);
  });

  it('skips those already at the level, and full detail removes the attribute', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const el = box(PER_TURN + 10, PER_TURN);
    restyleDetail(el, 'far');
    expect(at(el, 'far')).toBe(PER_TURN + 10);
    restyleDetail(el, '');
    vi.advanceTimersByTime(1);
    expect(el.querySelector('[data-lod]')).toBeNull();
  });

  it('stops when told, leaving the rest for the next change', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const el = box(3 * PER_TURN);
    const stop = restyleDetail(el, 'tiny');
    stop();
    vi.advanceTimersByTime(1);
    expect(at(el, 'tiny')).toBe(PER_TURN);
    restyleDetail(el, 'far');
    vi.advanceTimersByTime(1);
    vi.advanceTimersByTime(1);
    expect(at(el, 'far')).toBe(3 * PER_TURN);
  });
});
