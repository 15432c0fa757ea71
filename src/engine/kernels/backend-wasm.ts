import type { AdamNumbers, Backend, Float, MomentumNumbers, SgdNumbers } from '../backend';
import { kernelSharedWasmBase64, kernelWasmBase64 } from './kernel.generated';

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
 *
 * With a `SharedKernel` (createSharedKernel) the memory is a shared one instead:
 * several backends (one per thread) allocate from it through one atomic bump
 * pointer, so a thread can read the tensors another allocated (the weights
 * exist once). Growing a shared memory detaches nothing, so these backends also
 * offer `allocF64`, `allocI32` and `gatherRows`: the trainer keeps its copy of
 * the data and the optimizer's memory beside the tensors, allocated whenever.
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
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  Module: new (bytes: Uint8Array<ArrayBuffer>) => object;
  Instance: new (module: object, imports: object) => { readonly exports: unknown };
  Memory: new (descriptor: { initial: number; maximum: number; shared: boolean }) => WasmMemory;
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
  gatherRows(src: number, rowBytes: number, idx: number, count: number, dst: number): void;
  sgd(w: number, g: number, n: number, ...numbers: SgdNumbers): void;
  momentum(w: number, g: number, v: number, n: number, ...numbers: MomentumNumbers): void;
  adam(w: number, g: number, m1: number, m2: number, n: number, ...numbers: AdamNumbers): void;
  axpby(dst: number, src: number, n: number, a: number, b: number): void;
}

/**
 * One shared WebAssembly memory and the kernel compiled for it: what the threads of a
 * data-parallel run share. Structured-cloneable (post it to a worker as it is).
 */
export interface SharedKernel {
  module: object;
  memory: WasmMemory;
  /** Byte address of the bump pointer (an i32 of the next free byte) every backend allocates with. */
  topCell: number;
}

/** Whether this runtime can share a WebAssembly memory between threads (and has SIMD). */
export function sharedWasmSupported(): boolean {
  try {
    const api = wasmApi();
    if (!api || typeof SharedArrayBuffer === 'undefined' || !wasmSimdSupported()) return false;
    new api.Memory({ initial: 1, maximum: 1, shared: true });
    return true;
  } catch {
    return false;
  }
}

let cachedSharedModule: object | undefined;

/** A fresh shared memory (up to 4 GiB) and the shared variant of the kernel. */
export function createSharedKernel(): SharedKernel {
  const api = wasmApi();
  if (!api) throw new Error('wasm backend: this runtime has no WebAssembly');
  cachedSharedModule ??= new api.Module(decodeBase64(kernelSharedWasmBase64));
  const memory = new api.Memory({ initial: 1, maximum: 65536, shared: true });
  const ex = new api.Instance(cachedSharedModule, { env: { memory } }).exports as Exports;
  const topCell = align16(ex.heapBase());
  new Int32Array(memory.buffer)[topCell >> 2] = topCell + 16;
  return { module: cachedSharedModule, memory, topCell };
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

/**
 * Creates a float32 backend running on the WebAssembly SIMD kernel, in a memory of its own or,
 * given a SharedKernel, in that shared memory. Throws where WebAssembly SIMD is missing.
 */
export function createWasmBackend(shared?: SharedKernel): WasmBackend {
  const api = wasmApi();
  if (!api) throw new Error('wasm backend: this runtime has no WebAssembly');
  const ex = (
    shared
      ? new api.Instance(shared.module, { env: { memory: shared.memory } })
      : new api.Instance(kernelModule(api), {})
  ).exports as Exports;
  const memory = shared ? shared.memory : ex.memory;
  let buffer = memory.buffer;
  /** The buffers our views may hold: a shared memory gives a new (larger) one after each growth. */
  const ours = new Set<ArrayBufferLike>([buffer]);
  let detachingGrowths = 0;
  let used = 0;
  /** Every allocation as [byte offset, length], in order (for diagnostics). */
  const allocations: [number, number][] = [];

  const ensure = (bytes: number): void => {
    if (bytes <= buffer.byteLength) return;
    if (shared) {
      // Another thread may have grown it meanwhile: look again before growing.
      buffer = memory.buffer;
      ours.add(buffer);
      if (bytes <= buffer.byteLength) return;
    }
    const pages = Math.ceil((bytes - buffer.byteLength) / PAGE);
    memory.grow(pages);
    if (allocations.length > 0 && !shared) detachingGrowths++;
    buffer = memory.buffer;
    ours.add(buffer);
  };
  /** [start, end) of `bytes` fresh bytes, 16-byte aligned. */
  let top = 0;
  const claim = (bytes: number): number => {
    const size = align16(bytes);
    if (shared) {
      const cell = new Int32Array(memory.buffer, shared.topCell, 1);
      const start = Atomics.add(cell, 0, size);
      ensure(start + size);
      used += size;
      return start;
    }
    const start = top;
    ensure(start + size);
    top = start + size;
    used += size;
    return start;
  };
  if (!shared) {
    top = align16(ex.heapBase());
    ensure(top);
  }
  const scratch = claim(ex.scratchBytes());
  used = 0;

  const fail = (what: string): never => {
    throw new Error(
      `wasm backend: ${what} is a detached view. The memory grew ${detachingGrowths} time(s) ` +
        `after allocations were made (${allocations.length} so far), which detaches earlier ` +
        `views; call reserve() with the total size before allocating.`,
    );
  };

  /**
   * Whether an array's buffer is this memory's. Another thread may have grown a shared memory
   * since we last looked: views made on its newer buffer (a thread binding the weights where
   * the first thread moved them) are ours too.
   */
  const isOurs = (b: ArrayBufferLike): boolean => {
    if (ours.has(b)) return true;
    if (!shared) return false;
    ours.add(memory.buffer);
    return ours.has(b);
  };
  /** Address of x if the kernel can use it in place, -1 if it is a foreign array. */
  const addr = (x: Float, need: number, what: string): number => {
    if (x.length < need) {
      if (x.buffer.byteLength === 0) fail(what);
      throw new RangeError(`wasm backend: ${what} has ${x.length} elements, needs ${need}`);
    }
    return isOurs(x.buffer) && x instanceof Float32Array ? x.byteOffset : -1;
  };
  const addr64 = (x: Float64Array, need: number): number =>
    x.length >= need && isOurs(x.buffer) ? x.byteOffset : -1;

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
      return used;
    },
    get detachingGrowths() {
      return detachingGrowths;
    },
    reserve(n) {
      // Room for n more elements plus the 16-byte alignment of each array
      // (at most 12 bytes each; allowance capped at 64 KiB). A shared memory
      // detaches nothing when it grows: nothing to prepare.
      if (!shared) ensure(top + n * 4 + Math.min(n * 12, PAGE));
    },
    alloc(n) {
      const start = claim(n * 4);
      allocations.push([start, n]);
      return new Float32Array(buffer, start, n);
    },
    ...(shared
      ? {
          allocF64(n: number) {
            const start = claim(n * 8); // first: it may grow the memory (a new buffer)
            return new Float64Array(buffer, start, n);
          },
          allocI32(n: number) {
            const start = claim(n * 4);
            return new Int32Array(buffer, start, n);
          },
          gatherRows(src: Float, width: number, idx: Int32Array, count: number, dst: Float) {
            const s0 = addr(src, 0, 'src');
            const d0 = addr(dst, count * width, 'dst');
            const i0 = isOurs(idx.buffer) && idx.length >= count ? idx.byteOffset : -1;
            if (s0 < 0 || d0 < 0 || i0 < 0) return false;
            ex.gatherRows(s0, width * 4, i0, count, d0);
            return true;
          },
        }
      : {}),
    axpby(dst, src, n, a, b) {
      const d = addr(dst, n, 'dst');
      const s0 = addr(src, n, 'src');
      if (d < 0 || s0 < 0) return false;
      ex.axpby(d, s0, n, a, b);
      return true;
    },
    updates: {
      sgd(w, g, lr, decay, lasso) {
        const n = w.length;
        const wa = addr(w, n, 'w');
        const ga = addr(g, n, 'g');
        if (wa < 0 || ga < 0) return false;
        ex.sgd(wa, ga, n, lr, decay, lasso);
        return true;
      },
      momentum(w, g, v, lr, mu, decay, lasso) {
        const n = w.length;
        const wa = addr(w, n, 'w');
        const ga = addr(g, n, 'g');
        const va = addr64(v, n);
        if (wa < 0 || ga < 0 || va < 0) return false;
        ex.momentum(wa, ga, va, n, lr, mu, decay, lasso);
        return true;
      },
      adam(w, g, m1, m2, lr, b1, b2, c1, c2, eps, decay, lasso) {
        const n = w.length;
        const wa = addr(w, n, 'w');
        const ga = addr(g, n, 'g');
        const ma = addr64(m1, n);
        const va = addr64(m2, n);
        if (wa < 0 || ga < 0 || ma < 0 || va < 0) return false;
        ex.adam(wa, ga, ma, va, n, lr, b1, b2, c1, c2, eps, decay, lasso);
        return true;
      },
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
