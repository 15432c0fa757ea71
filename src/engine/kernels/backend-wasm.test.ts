import { describe, expect, it } from 'vitest';
import { createJsBackend } from '../backend-js';
import type { Backend, Float } from '../backend';
import { createSharedKernel, createWasmBackend, wasmSimdSupported } from './backend-wasm';

type Variant = 'gemmNT' | 'gemmTN' | 'gemmNN';

/** A small deterministic generator (mulberry32), values in [-1, 1). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1;
  };
}

/** Sizes of A and B for each variant (C is always m×n). */
function sizes(v: Variant, m: number, n: number, k: number): [number, number] {
  return v === 'gemmNT' ? [m * k, n * k] : v === 'gemmTN' ? [k * m, k * n] : [m * k, k * n];
}

function fill(x: Float, next: () => number): void {
  for (let i = 0; i < x.length; i++) x[i] = Math.fround(next());
}

/**
 * Runs one variant on the wasm backend and on the float64 JS reference with the
 * same float32-representable inputs, and returns the largest error relative to
 * the scale of the terms summed (k·max|a·b| bounds the float32 rounding).
 */
function compare(
  wasm: Backend,
  v: Variant,
  m: number,
  n: number,
  k: number,
  accumulate: boolean,
  seed: number,
): number {
  const ref = createJsBackend('float64');
  const next = rng(seed);
  const [sa, sb] = sizes(v, m, n, k);
  wasm.reserve(sa + sb + m * n);
  const A = wasm.alloc(sa);
  const B = wasm.alloc(sb);
  const C = wasm.alloc(m * n);
  fill(A, next);
  fill(B, next);
  fill(C, next);
  const A64 = Float64Array.from(A);
  const B64 = Float64Array.from(B);
  const C64 = Float64Array.from(C);
  wasm[v](m, n, k, A, B, C, accumulate);
  ref[v](m, n, k, A64, B64, C64, accumulate);
  let worst = 0;
  for (let i = 0; i < m * n; i++) {
    worst = Math.max(worst, Math.abs(C[i] - C64[i]) / (k + 1));
  }
  return worst;
}

const odd = [1, 3, 5, 17, 33, 129];
const variants: Variant[] = ['gemmNT', 'gemmTN', 'gemmNN'];

describe('wasm SIMD backend', () => {
  it('runs where the tests run (Node 20 has wasm SIMD)', () => {
    expect(wasmSimdSupported()).toBe(true);
    expect(createWasmBackend().dtype).toBe('float32');
  });

  for (const v of variants) {
    it(`${v} matches the float64 reference on odd shapes, with and without accumulate`, () => {
      const wasm = createWasmBackend();
      let seed = 1;
      for (const m of odd) {
        for (const n of odd) {
          for (const k of [1, 5, 33, 129]) {
            for (const acc of [false, true]) {
              const err = compare(wasm, v, m, n, k, acc, seed++);
              if (err > 1e-6) throw new Error(`${v} m=${m} n=${n} k=${k} acc=${acc}: error ${err}`);
            }
          }
        }
      }
    });

    it(`${v} matches on the network's shapes and across cache blocks`, () => {
      const wasm = createWasmBackend();
      const shapes: [number, number, number][] = [
        [64, 128, 784],
        [128, 784, 64],
        [64, 784, 128],
        [64, 10, 64],
        [32, 16, 2],
        [2, 3, 0],
        [200, 600, 300], // crosses the MC, NC and KC block edges
      ];
      for (const [m, n, k] of shapes) {
        for (const acc of [false, true]) {
          const err = compare(wasm, v, m, n, k, acc, m * 7 + n * 3 + k);
          expect(err, `${v} ${m}×${n}×${k} acc=${acc}`).toBeLessThan(1e-6);
        }
      }
    });
  }

  it('computes a small product exactly', () => {
    const wasm = createWasmBackend();
    const A = wasm.alloc(6);
    const B = wasm.alloc(6);
    const C = wasm.alloc(4);
    A.set([1, 2, 3, 4, 5, 6]); // 2×3
    B.set([1, 0, 1, 0, 1, 1]); // NT: 2×3, so C = A·Bᵀ
    wasm.gemmNT(2, 2, 3, A, B, C, false);
    expect(Array.from(C)).toEqual([4, 5, 10, 11]);
    wasm.gemmNT(2, 2, 3, A, B, C, true);
    expect(Array.from(C)).toEqual([8, 10, 20, 22]);
  });

  it('keeps views valid after reserve, and reports views detached by growth', () => {
    const wasm = createWasmBackend();
    wasm.reserve(1_000_000);
    const first = wasm.alloc(10);
    for (let i = 0; i < 100; i++) wasm.alloc(9_000);
    expect(first.length).toBe(10);
    expect(wasm.detachingGrowths).toBe(0);
    // Beyond the reservation: the memory grows and the earlier views detach.
    const big = wasm.alloc(4_000_000);
    expect(big.length).toBe(4_000_000);
    expect(wasm.detachingGrowths).toBe(1);
    expect(first.length).toBe(0);
    const C = wasm.alloc(10);
    expect(() => wasm.gemmNN(1, 10, 1, first, first, C, false)).toThrow(/detached/);
  });

  it('accepts arrays that do not live in its memory', () => {
    const wasm = createWasmBackend();
    const A = new Float64Array([1, 2, 3, 4]);
    const B = new Float32Array([5, 6, 7, 8]);
    const C = new Float32Array(4);
    wasm.gemmNN(2, 2, 2, A, B, C, false);
    expect(Array.from(C)).toEqual([19, 22, 43, 50]);
    expect(() => wasm.gemmNN(2, 2, 3, A, B, C, false)).toThrow(RangeError);
  });

  it('on a shared memory, takes views another backend made after growing it as its own', () => {
    const kernel = createSharedKernel();
    const mine = createWasmBackend(kernel);
    const other = createWasmBackend(kernel);
    // The other backend grows the memory: its arrays are views of the memory's newer buffer.
    const w = other.alloc(4_000_000).subarray(0, 100);
    const g = other.alloc(100).fill(1);
    expect(w.buffer).toBe(kernel.memory.buffer);
    // The kernel updates them (a foreign array makes it return false and do nothing).
    expect(mine.updates!.sgd(w, g, 0.5, 0, 0)).toBe(true);
    expect(w[99]).toBe(-0.5);
  });

  it('returns zeroed, 16-byte aligned arrays', () => {
    const wasm = createWasmBackend();
    wasm.reserve(100);
    for (const n of [1, 3, 7, 16]) {
      const x = wasm.alloc(n);
      expect(x).toBeInstanceOf(Float32Array);
      expect(x.byteOffset % 16).toBe(0);
      expect(Array.from(x).every((v) => v === 0)).toBe(true);
    }
  });

  it('computes tanh within float32 accuracy, including the edges', () => {
    const wasm = createWasmBackend();
    const next = rng(99);
    const special = [0, -0, 1e-30, -3e-4, 5e-4, 0.5, -1, 3, 7.9, -7.95, 9, -20, 1e6];
    const n = special.length + 1003; // not a multiple of 4: the scalar tail runs too
    wasm.reserve(2 * n);
    const x = wasm.alloc(n);
    const out = wasm.alloc(n);
    x.set(special);
    for (let i = special.length; i < n; i++) x[i] = next() * 12;
    wasm.tanh(x, out, n);
    for (let i = 0; i < n; i++) {
      const exact = Math.tanh(x[i]);
      const err = Math.abs(out[i] - exact);
      if (err > 1e-6 * Math.max(Math.abs(exact), 1e-3))
        throw new Error(`tanh(${x[i]}) = ${out[i]}, expected ${exact}`);
    }
    x.set([NaN, Infinity, -Infinity]);
    wasm.tanh(x, out, 3);
    expect(Array.from(out.subarray(0, 3))).toEqual([NaN, 1, -1]);
  });
});
