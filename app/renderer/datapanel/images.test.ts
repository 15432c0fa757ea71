import { describe, expect, it } from 'vitest';
import { loadDataset } from '#src/model/data';
import { previewImages } from './images';

describe('previewImages', () => {
  it('shows the first digits as 8 × 8 intensities with their digit', async () => {
    const d = await loadDataset({ builtin: 'digits' });
    const images = previewImages(d, [8, 8, 1], 3);
    expect(images.map((i) => i.label)).toEqual(['0', '1', '2']);
    expect(images[0].pixels).toHaveLength(64);
    // The first image's top row, 0,0,5,13,9,1,0,0 out of 16.
    expect(images[0].pixels.slice(0, 8).map((v) => v * 16)).toEqual([0, 0, 5, 13, 9, 1, 0, 0]);
  });

  it('averages channels, clamps to 0..1, and stops at the data’s end', () => {
    const all = {
      x: Float64Array.from([0.2, 0.4, 2, 0, -1, -1, 0.5, 0.5]),
      y: Float64Array.from([0, 1]),
      m: 1,
      features: 8,
      targets: 2,
    };
    const images = previewImages({ all, classes: ['a', 'b'] }, [2, 2, 2], 5);
    expect(images).toHaveLength(1);
    expect(images[0].pixels.map((v) => Number(v.toFixed(10)))).toEqual([0.3, 1, 0, 0.5]);
    expect(images[0].label).toBe('b');
    expect(previewImages({ all }, [2, 2, 2], 1)[0].label).toBe('');
  });
});
