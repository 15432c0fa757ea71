import { describe, expect, it } from 'vitest';
import { ACTIVATION_TABLE, activate, tanhFloat32 } from './activations';

describe('activations', () => {
  it('the float32 tanh stays within float32 precision of Math.tanh', () => {
    let worst = 0;
    for (let x = -12; x <= 12; x += 1e-4)
      worst = Math.max(worst, Math.abs(tanhFloat32(x) - Math.tanh(x)));
    expect(worst).toBeLessThan(3e-7);
    expect(tanhFloat32(1e-5)).toBe(1e-5);
  });

  it('float32 tensors use it, float64 tensors use Math.tanh exactly', () => {
    const z = Float64Array.from([-3, -0.5, 0, 0.25, 2]);
    const a64 = new Float64Array(5);
    activate('tanh', 0, z, a64, 5, 5);
    expect(Array.from(a64)).toEqual(Array.from(z, Math.tanh));
    const a32 = new Float32Array(5);
    activate('tanh', 0, Float32Array.from(z), a32, 5, 5);
    a32.forEach((v, i) => expect(v).toBeCloseTo(Math.tanh(z[i]), 6));
  });

  it('every derivative in the table matches a central difference of its function', () => {
    for (const act of Object.values(ACTIVATION_TABLE)) {
      for (const z of [-2, -0.3, 0.7, 1.9]) {
        const h = 1e-6;
        const numeric = (act.fn(z + h, 0.1) - act.fn(z - h, 0.1)) / (2 * h);
        expect(act.der(z, act.fn(z, 0.1), 0.1), act.name).toBeCloseTo(numeric, 6);
      }
    }
  });
});
