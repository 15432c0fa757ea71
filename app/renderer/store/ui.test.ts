import { describe, expect, it } from 'vitest';
import { BOTTOM_HEIGHT, minimapShown, readLayout, WIDE_WINDOW } from './ui';

describe('readLayout', () => {
  it('starts from the defaults: panels follow the window, the training panel open', () => {
    expect(readLayout(null)).toEqual({
      details: null,
      minimap: null,
      bottomOpen: true,
      bottomHeight: BOTTOM_HEIGHT.initial,
    });
  });

  it('keeps what the user chose', () => {
    const saved = { details: false, minimap: true, bottomOpen: false, bottomHeight: 320 };
    expect(readLayout(JSON.stringify(saved))).toEqual(saved);
  });

  it('forgets malformed entries field by field, and damaged text altogether', () => {
    expect(readLayout(JSON.stringify({ details: 'yes', minimap: false, bottomHeight: 5 }))).toEqual(
      { details: null, minimap: false, bottomOpen: true, bottomHeight: BOTTOM_HEIGHT.initial },
    );
    expect(readLayout('{not json')).toEqual(readLayout(null));
    expect(readLayout('[1,2]').bottomHeight).toBe(BOTTOM_HEIGHT.initial);
  });
});

describe('minimapShown', () => {
  it('shows on wide windows unless the user chose', () => {
    const layout = readLayout(null);
    expect(minimapShown(layout, WIDE_WINDOW - 120)).toBe(false);
    expect(minimapShown(layout, WIDE_WINDOW + 520)).toBe(true);
    expect(minimapShown({ ...layout, minimap: true }, 1280)).toBe(true);
    expect(minimapShown({ ...layout, minimap: false }, 1920)).toBe(false);
  });
});
