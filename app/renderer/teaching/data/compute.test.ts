import { describe, expect, it } from 'vitest';
import { exampleById } from '#src/model/examples';
import { buildNetwork } from '#src/model/network';
import {
  contour,
  curve,
  domainOf,
  gridInputs,
  hiddenLayers,
  predictGrid,
  unitImage,
} from './compute';

function spiralNet() {
  const built = buildNetwork(exampleById('spiral')!.model(), {
    widths: { features: 2, targets: 1 },
  });
  if (!built.ok) throw new Error('spiral does not build');
  return built;
}

describe('data view numbers', () => {
  it('pad the points’ range and lay the grid out like an image', () => {
    const d = domainOf([Float64Array.from([0, 0, 1, 2]), Float64Array.from([-1, 1])], 2, 0);
    expect(d).toEqual({ x0: -1, x1: 1, y0: 0, y1: 2 });
    const g = gridInputs(d, 2);
    // Top-left first: smallest x, largest y.
    expect(Array.from(g)).toEqual([-0.5, 1.5, 0.5, 1.5, -0.5, 0.5, 0.5, 0.5]);
  });

  it('name the hidden layers, not the output', () => {
    const { compiled } = spiralNet();
    expect(hiddenLayers(compiled)).toEqual([
      { id: 'act1', fn: 'tanh', units: 16 },
      { id: 'act2', fn: 'tanh', units: 16 },
    ]);
    const sine = buildNetwork(exampleById('sine')!.model(), {
      widths: { features: 1, targets: 1 },
    });
    if (!sine.ok) throw new Error('sine does not build');
    expect(hiddenLayers(sine.compiled).map((l) => l.id)).toEqual(['act1', 'act2']);
  });

  it('predict the grid as Network.predict does, with every hidden unit’s output', () => {
    const { net, compiled } = spiralNet();
    const d = { x0: -1, x1: 1, y0: -1, y1: 1 };
    const n = 20;
    const r = predictGrid(net, d, n, hiddenLayers(compiled));
    const expected = net.predict(gridInputs(d, n), n * n);
    expect(Array.from(r.output)).toEqual(Array.from(expected));
    const act1 = r.hidden.get('act1')!;
    expect(act1.units).toBe(16);
    expect(act1.values.length).toBe(n * n * 16);
    // Unit 3 at grid point 57: tanh of the dense layer's z there.
    const x = gridInputs(d, n).subarray(57 * 2, 57 * 2 + 2);
    const p = net.denseParams('dense1')!;
    const z = p.W.value[3 * 2] * x[0] + p.W.value[3 * 2 + 1] * x[1] + p.b!.value[3];
    expect(unitImage(act1.values, 16, 3)[57]).toBeCloseTo(Math.tanh(z), 12);
  });

  it('trace a one-feature curve', () => {
    const sine = buildNetwork(exampleById('sine')!.model(), {
      widths: { features: 1, targets: 1 },
    });
    if (!sine.ok) throw new Error('sine does not build');
    const c = curve(sine.net, -3, 3, 7);
    expect(Array.from(c.x)).toEqual([-3, -2, -1, 0, 1, 2, 3]);
    expect(c.y[3]).toBeCloseTo(sine.net.predict(Float64Array.from([0]), 1)[0], 12);
  });

  it('find where a field crosses a level', () => {
    // f = ix on a 4 × 4 grid crosses 1.5 halfway between columns 1 and 2.
    const n = 4;
    const field = Array.from({ length: n * n }, (_, i) => i % n);
    const segs = contour(field, n, 1.5);
    expect(segs.length).toBe(3 * 4);
    for (let i = 0; i < segs.length; i += 2) expect(segs[i]).toBeCloseTo(1.5);
  });
});
