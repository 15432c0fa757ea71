/**
 * The numeric kernels a network runs on. The engine keeps every tensor as a
 * row-major typed array; a backend owns the memory (so a WebAssembly backend
 * can keep tensors inside its linear memory) and multiplies matrices.
 *
 * Shapes: `A[m×k]` means m rows of k values, row-major.
 */
export type Float = Float32Array | Float64Array;
export type DType = 'float32' | 'float64';

export interface Backend {
  readonly name: string;
  readonly dtype: DType;
  /**
   * Announces that `n` more elements are about to be allocated. A backend whose
   * memory can move (WebAssembly memory growth detaches old views) grows once
   * here so that arrays allocated afterwards, and before, stay valid.
   */
  reserve(n: number): void;
  /** A zeroed array of n elements that this backend's kernels accept. */
  alloc(n: number): Float;
  /** `C[m×n] = A[m×k] · B[n×k]ᵀ` (or `+=` when accumulate). Dense forward: Z = A·Wᵀ. */
  gemmNT(m: number, n: number, k: number, A: Float, B: Float, C: Float, accumulate: boolean): void;
  /** `C[m×n] = A[k×m]ᵀ · B[k×n]` (or `+=`). Dense weight gradient: ∂L/∂W = δᵀ·A. */
  gemmTN(m: number, n: number, k: number, A: Float, B: Float, C: Float, accumulate: boolean): void;
  /** `C[m×n] = A[m×k] · B[k×n]` (or `+=`). Gradient to the layer's input: ∂L/∂A = δ·W. */
  gemmNN(m: number, n: number, k: number, A: Float, B: Float, C: Float, accumulate: boolean): void;
  /** Optional: `out[i] = tanh(x[i])` for i < n, to the backend's precision (tanh dominates small tanh networks). */
  tanh?(x: Float, out: Float, n: number): void;
}
