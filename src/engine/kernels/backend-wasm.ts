import type { Backend, Float } from '../backend';
import { kernelWasmBase64 } from './kernel.generated';

/**
 * float32 kernels in WebAssembly SIMD (see `assembly/gemm.ts`), with tensors
 * living inside the module's linear memory so the kernels read and write them
 * in place. Every array `alloc` returns is an ordinary `Float32Array` view on
 * that memory, so elementwise code in JS works on it directly.
 *
 * Memory: a bump allocator, never freed (a network allocates its tensors once).
 * WebAssembly memory can only grow, and growing it detaches every view made
 * before (their length drops to 0). So:
 *  - `reserve(n)` grows once, up front, for the n elements about to be
 *    allocated: views allocated before and after it stay valid as long as the
 *    allocations fit in what was reserved. Callers reserve first.
 *  - `alloc(n)` beyond the reservation still works but grows the memory, and
 *    that detaches all earlier views. The backend records each allocation; a
 *    kernel handed a detached view throws an error that says so, instead of
 *    computing on nothing.
 *  - Kernels handed arrays that are not views on this memory (a Float64Array,
 *    a plain Float32Array) fall back to plain JS loops: correct, never growing
 *    memory, just slower.
 */
export interface WasmBackend extends Backend {
  /** Bytes of linear memory currently in use by allocations. */
  readonly bytesAllocated: number;
  /** How many times the memory grew after the first allocation (each detached earlier views). */
  readonly detachingGrowths: number;
  /** out[i] = tanh(x[i]) for i < n, in SIMD (a rational approximation, within a few float32 ulps). */
  tanh(x: Float, out: Float, n: number): void;
}

const PAGE = 65536;

/**
 * The part of the WebAssembly JS API used here, typed locally: the node-side
 * tsconfig has no DOM lib and @types/node does not declare these classes.
 */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  Module: new (bytes: Uint8Array<ArrayBuffer>) => object;
  Instance: new (module: object, imports: object) => { readonly exports: unknown };
  validate(bytes: Uint8Array<ArrayBuffer>): boolean;
}
const wasmApi = (): WasmApi | undefined =>
  (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

interface Exports {
  memory: WasmMemory;
  gemm(
    m: number,
    n: number,
    k: number,
    a: number,
    aRow: number,
    aCol: number,
    b: number,
    bCol: number,
    bRow: number,
    c: number,
    accumulate: number,
    scratch: number,
  ): void;
  scratchBytes(): number;
  heapBase(): number;
  tanh(x: number, out: number, n: number): void;
}

function decodeBase64(s: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(atob(s), (ch) => ch.charCodeAt(0));
}

let cachedModule: object | undefined;
function kernelModule(api: WasmApi): object {
  cachedModule ??= new api.Module(decodeBase64(kernelWasmBase64));
  return cachedModule;
}

// The smallest module using a v128 instruction: (func (result v128) v128.const 0).
const simdProbe = Uint8Array.from([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 22, 1, 20, 0, 253, 12, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 11,
]);

/** Whether this runtime runs WebAssembly with SIMD; if not, use `createJsBackend('float32')`. */
export function wasmSimdSupported(): boolean {
  try {
    return wasmApi()?.validate(simdProbe) ?? false;
  } catch {
    return false;
  }
}

const align16 = (x: number): number => (x + 15) & ~15;

/** Creates a float32 backend running on the WebAssembly SIMD kernel. Throws where WebAssembly SIMD is missing. */
export function createWasmBackend(): WasmBackend {
  const api = wasmApi();
  if (!api) throw new Error('wasm backend: this runtime has no WebAssembly');
  const ex = new api.Instance(kernelModule(api), {}).exports as Exports;
  const memory = ex.memory;
  const scratch = align16(ex.heapBase());
  const base = align16(scratch + ex.scratchBytes());
  let buffer = memory.buffer;
  let top = base;
  let detachingGrowths = 0;
  /** Every allocation as [byte offset, length], in order (for diagnostics). */
  const allocations: [number, number][] = [];

  const ensure = (bytes: number): void => {
    if (bytes <= buffer.byteLength) return;
    const pages = Math.ceil((bytes - buffer.byteLength) / PAGE);
    memory.grow(pages);
    if (allocations.length > 0) detachingGrowths++;
    buffer = memory.buffer;
  };
  ensure(base);

  const fail = (what: string): never => {
    throw new Error(
      `wasm backend: ${what} is a detached view. The memory grew ${detachingGrowths} time(s) ` +
        `after allocations were made (${allocations.length} so far), which detaches earlier ` +
        `views; call reserve() with the total size before allocating.`,
    );
  };

  /** Address of x if the kernel can use it in place, -1 if it is a foreign array. */
  const addr = (x: Float, need: number, what: string): number => {
    if (x.length < need) {
      if (x.buffer.byteLength === 0) fail(what);
      throw new RangeError(`wasm backend: ${what} has ${x.length} elements, needs ${need}`);
    }
    return x.buffer === buffer && x instanceof Float32Array ? x.byteOffset : -1;
  };

  const run = (
    m: number,
    n: number,
    k: number,
    A: Float,
    B: Float,
    C: Float,
    accumulate: boolean,
    aRow: number,
    aCol: number,
    bCol: number,
    bRow: number,
  ): void => {
    const a = addr(A, m * k, 'A');
    const b = addr(B, n * k, 'B');
    const c = addr(C, m * n, 'C');
    if (a < 0 || b < 0 || c < 0) {
      slowGemm(m, n, k, A, aRow, aCol, B, bCol, bRow, C, accumulate);
      return;
    }
    ex.gemm(m, n, k, a, aRow, aCol, b, bCol, bRow, c, accumulate ? 1 : 0, scratch);
  };

  return {
    name: 'wasm-simd-float32',
    dtype: 'float32',
    get bytesAllocated() {
      return top - base;
    },
    get detachingGrowths() {
      return detachingGrowths;
    },
    reserve(n) {
      // Room for n more elements plus the 16-byte alignment of each array
      // (at most 12 bytes each; allowance capped at 64 KiB).
      ensure(top + n * 4 + Math.min(n * 12, PAGE));
    },
    alloc(n) {
      const start = top;
      const end = align16(start + n * 4);
      ensure(end);
      top = end;
      allocations.push([start, n]);
      return new Float32Array(buffer, start, n);
    },
    tanh(x, out, n) {
      const xa = addr(x, n, 'x');
      const oa = addr(out, n, 'out');
      if (xa < 0 || oa < 0) {
        for (let i = 0; i < n; i++) out[i] = Math.tanh(x[i]);
        return;
      }
      ex.tanh(xa, oa, n);
    },
    gemmNT(m, n, k, A, B, C, accumulate) {
      run(m, n, k, A, B, C, accumulate, k, 1, k, 1);
    },
    gemmTN(m, n, k, A, B, C, accumulate) {
      run(m, n, k, A, B, C, accumulate, 1, m, 1, n);
    },
    gemmNN(m, n, k, A, B, C, accumulate) {
      run(m, n, k, A, B, C, accumulate, k, 1, 1, n);
    },
  };
}

/** C[m×n] (+)= op(A)·op(B) with the kernel's stride convention, in plain JS (foreign arrays only). */
function slowGemm(
  m: number,
  n: number,
  k: number,
  A: Float,
  aRow: number,
  aCol: number,
  B: Float,
  bCol: number,
  bRow: number,
  C: Float,
  accumulate: boolean,
): void {
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += A[i * aRow + p * aCol] * B[j * bCol + p * bRow];
      C[i * n + j] = accumulate ? C[i * n + j] + s : s;
    }
  }
}
