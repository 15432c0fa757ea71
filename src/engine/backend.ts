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
  /**
   * Optional, for a backend whose arrays never move once allocated (a shared WebAssembly
   * memory: growing it detaches nothing), so the trainer can keep its copy of the data, the
   * batch's row numbers and the optimizer's memory beside the tensors at any time.
   */
  allocF64?(n: number): Float64Array;
  allocI32?(n: number): Int32Array;
  /** Optional: row r of dst (width values) = row idx[r] of src, for r < count (a mini-batch out of the data). */
  gatherRows?(src: Float, width: number, idx: Int32Array, count: number, dst: Float): boolean;
  /** Optional: dst = a·dst + b·src over n values (float32 arithmetic). */
  axpby?(dst: Float, src: Float, n: number, a: number, b: number): boolean;
  /** Optional update kernels; each returns false, doing nothing, for arrays it cannot reach. */
  updates?: UpdateKernels;
}

/**
 * The optimizers' updates (optimizers.ts states them; the arguments are those expressions'
 * numbers). Weights and gradients are the backend's arrays; velocity and moments float64.
 * A kernel must give the bits of optimizers.ts's JavaScript loops.
 */
export interface UpdateKernels {
  sgd(w: Float, g: Float, ...numbers: SgdNumbers): boolean;
  momentum(w: Float, g: Float, v: Float64Array, ...numbers: MomentumNumbers): boolean;
  adam(w: Float, g: Float, m1: Float64Array, m2: Float64Array, ...numbers: AdamNumbers): boolean;
}

/**
 * Each update's numbers, in the order the update kernels take them (after the arrays). One
 * list for the backend's kernels and the WebAssembly exports behind them.
 */
export type SgdNumbers = [lr: number, decay: number, lasso: number];
export type MomentumNumbers = [lr: number, mu: number, decay: number, lasso: number];
export type AdamNumbers = [
  lr: number,
  b1: number,
  b2: number,
  c1: number,
  c2: number,
  eps: number,
  decay: number,
  lasso: number,
];
