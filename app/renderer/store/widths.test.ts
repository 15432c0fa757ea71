import { describe, expect, it } from 'vitest';
import { KINDS } from '../engine';
import { fitInputParams, newNodeParams } from './widths';

const digits = { builtin: 'digits' } as const;
const iris = { builtin: 'iris' } as const;

describe('fitting the Input to the data', () => {
  it('takes the digits as an 8 × 8 × 1 image where the Input kind has an image shape', () => {
    expect(fitInputParams({ features: 4 }, digits, 64, true)).toEqual({
      features: 64,
      height: 8,
      width: 8,
      channels: 1,
    });
    // Without image parameters in the registry, only the feature count.
    expect(fitInputParams({ features: 4 }, digits, 64, false)).toEqual({ features: 64 });
  });

  it('drops an image shape that no longer covers the features, keeps one that does', () => {
    const image = { features: 64, height: 8, width: 8, channels: 1 };
    expect(fitInputParams(image, iris, 4, true)).toEqual({ features: 4 });
    // A CSV of 28 × 28 rows whose shape the user set: applying it again keeps the shape.
    const csv = { csv: 'mnist.csv', features: [], targets: ['label'] };
    const mnist = { features: 784, height: 28, width: 28 };
    expect(fitInputParams(mnist, csv, 784, true)).toEqual(mnist);
    expect(fitInputParams(mnist, csv, 785, true)).toEqual({ features: 785 });
  });

  it('a new Input takes the data’s features (and image shape, once the kind has one)', () => {
    const params = newNodeParams('input', digits);
    expect(params.features).toBe(64);
    const takesImages = KINDS.input.params.some((p) => p.name === 'height');
    expect(params.height).toBe(takesImages ? 8 : undefined);
    expect(newNodeParams('input', iris)).toEqual({
      ...newNodeParams('input', undefined),
      features: 4,
    });
  });
});
