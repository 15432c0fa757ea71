import type { Backend, DType, Float } from './backend';

/**
 * Plain JavaScript kernels over typed arrays. float64 is the reference the
 * gradient checks use; float32 is the fallback where WebAssembly is missing.
 * Loops are ordered so the innermost one walks memory contiguously.
 */
export function createJsBackend(dtype: DType = 'float64'): Backend {
  const make = (n: number): Float =>
    dtype === 'float64' ? new Float64Array(n) : new Float32Array(n);
  return {
    name: `js-${dtype}`,
    dtype,
    reserve() {},
    alloc: make,
    gemmNT(m, n, k, A, B, C, accumulate) {
      for (let i = 0; i < m; i++) {
        const ai = i * k;
        const ci = i * n;
        for (let j = 0; j < n; j++) {
          const bj = j * k;
          let s = 0;
          for (let p = 0; p < k; p++) s += A[ai + p] * B[bj + p];
          C[ci + j] = accumulate ? C[ci + j] + s : s;
        }
      }
    },
    gemmTN(m, n, k, A, B, C, accumulate) {
      if (!accumulate) C.fill(0, 0, m * n);
      for (let p = 0; p < k; p++) {
        const ap = p * m;
        const bp = p * n;
        for (let i = 0; i < m; i++) {
          const a = A[ap + i];
          if (a === 0) continue;
          const ci = i * n;
          for (let j = 0; j < n; j++) C[ci + j] += a * B[bp + j];
        }
      }
    },
    gemmNN(m, n, k, A, B, C, accumulate) {
      if (!accumulate) C.fill(0, 0, m * n);
      for (let i = 0; i < m; i++) {
        const ai = i * k;
        const ci = i * n;
        for (let p = 0; p < k; p++) {
          const a = A[ai + p];
          if (a === 0) continue;
          const bp = p * n;
          for (let j = 0; j < n; j++) C[ci + j] += a * B[bp + j];
        }
      }
    },
  };
}
