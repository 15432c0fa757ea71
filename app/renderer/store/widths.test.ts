import { describe, expect, it } from 'vitest';
import { fitInputParams, newNodeParams } from './widths';

const digits = { builtin: 'digits' } as const;
const iris = { builtin: 'iris' } as const;

describe('fitting the Input to the data', () => {
  it('takes the digits as an 8 × 8 × 1 image, or flat when it feeds a Dense layer', () => {
    expect(fitInputParams({ features: 4 }, digits, 64)).toEqual({
      features: 64,
      height: 8,
      width: 8,
      channels: 1,
    });
    expect(fitInputParams({ features: 4 }, digits, 64, true)).toEqual({ features: 64 });
  });

  it('drops an image shape that no longer covers the features, keeps one that does', () => {
    const image = { features: 64, height: 8, width: 8, channels: 1 };
    expect(fitInputParams(image, iris, 4)).toEqual({ features: 4 });
    // A CSV of 28 × 28 rows whose shape the user set: applying it again keeps the shape.
    const csv = { csv: 'mnist.csv', features: [], targets: ['label'] };
    const mnist = { features: 784, height: 28, width: 28 };
    expect(fitInputParams(mnist, csv, 784)).toEqual(mnist);
    expect(fitInputParams(mnist, csv, 785)).toEqual({ features: 785 });
  });

  it('a new Input takes the data’s features and image shape', () => {
    const params = newNodeParams('input', digits);
    expect(params).toMatchObject({ features: 64, height: 8, width: 8, channels: 1 });
    expect(newNodeParams('input', iris)).toEqual({
      ...newNodeParams('input', undefined),
      features: 4,
    });
  });
});
