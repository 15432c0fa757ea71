// @ts-nocheck: AssemblyScript, not TypeScript (i32, v128, @inline); compiled by asc, not tsc.
// float32 matrix multiply for WebAssembly SIMD (f32x4), compiled by
// `npm run build:kernel` into ../kernel.generated.ts together with the kernels
// it re-exports at the end (elementwise.ts: tanh, the batch gather;
// updates.ts: the optimizers' updates, axpby).
//
// One routine computes every variant the engine needs:
//
//   C[m×n] (+)= op(A)[m×k] · op(B)[k×n]
//
// where op(A)[i, p] = A[i·aRow + p·aCol] and op(B)[p, j] = B[j·bCol + p·bRow]
// (element strides, so a transpose is only a choice of strides):
//
//   gemmNT  C = A·Bᵀ   aRow = k, aCol = 1   bCol = k, bRow = 1
//   gemmTN  C = Aᵀ·B   aRow = 1, aCol = m   bCol = 1, bRow = n
//   gemmNN  C = A·B    aRow = k, aCol = 1   bCol = 1, bRow = n
//
// The structure is the usual GotoBLAS one. k is cut into blocks of KC, n into
// blocks of NC and m into blocks of MC. For each (k, n) block, op(B) is copied
// ("packed") into panels of NR columns laid out p-major (NR consecutive floats
// per p); for each m block, op(A) is packed into panels of MR rows laid out
// p-major (MR floats per p). Packing turns every access of the inner loop into
// a contiguous 16-byte load whatever the original layout, pads the edges with
// zeros, and keeps the working set in cache: one B panel (KC·NR·4 = 8 KiB) sits
// in L1 while all A panels of the block (MC·KC·4 = 128 KiB) stream from L2.
//
// The micro-kernel keeps an MR×NR tile of C in MR·NR/4 v128 registers and, per
// p, does NR/4 vector loads of B, MR splat loads of A and MR·NR/4 multiply-adds.
// There is no fused multiply-add in baseline wasm SIMD (relaxed_madd is not
// shipped in Node 20), so it is a mul and an add.
//
// Memory is owned by the host: it passes byte addresses of A, B, C and of a
// scratch area of `scratchBytes()` bytes for the packed panels.

const MR: i32 = 4;
const NR: i32 = 8;
const KC: i32 = 256;
const MC: i32 = 128;
const NC: i32 = 512;

/** Bytes of scratch the host must provide: packed A block, packed B block, one edge tile. */
export function scratchBytes(): i32 {
  return (MC * KC + NC * KC + MR * NR) * 4;
}

/** Alignment the kernels like for C tiles and packed panels (bytes). */
export function alignment(): i32 {
  return 16;
}

/**
 * Packs `rows` (≤ R) rows of a strided matrix into one panel of width R:
 * dst[p·R + r] = src[r·rs + p·cs] for p < kb, zero for r ≥ rows.
 */
function packPanel(src: usize, rs: i32, cs: i32, rows: i32, R: i32, kb: i32, dst: usize): void {
  if (rows == R && cs == 1) {
    // Rows contiguous along p: transpose 4×4 blocks with shuffles.
    const rsb = (<usize>rs) << 2;
    for (let g = 0; g < R; g += 4) {
      const s0 = src + ((<usize>(g * rs)) << 2);
      const s1 = s0 + rsb;
      const s2 = s1 + rsb;
      const s3 = s2 + rsb;
      let d = dst + ((<usize>g) << 2);
      const step = (<usize>R) << 2;
      let p = 0;
      for (; p + 4 <= kb; p += 4) {
        const off = (<usize>p) << 2;
        const r0 = v128.load(s0 + off);
        const r1 = v128.load(s1 + off);
        const r2 = v128.load(s2 + off);
        const r3 = v128.load(s3 + off);
        const t0 = v128.shuffle<f32>(r0, r1, 0, 4, 1, 5);
        const t1 = v128.shuffle<f32>(r2, r3, 0, 4, 1, 5);
        const t2 = v128.shuffle<f32>(r0, r1, 2, 6, 3, 7);
        const t3 = v128.shuffle<f32>(r2, r3, 2, 6, 3, 7);
        v128.store(d, v128.shuffle<f32>(t0, t1, 0, 1, 4, 5));
        d += step;
        v128.store(d, v128.shuffle<f32>(t0, t1, 2, 3, 6, 7));
        d += step;
        v128.store(d, v128.shuffle<f32>(t2, t3, 0, 1, 4, 5));
        d += step;
        v128.store(d, v128.shuffle<f32>(t2, t3, 2, 3, 6, 7));
        d += step;
      }
      for (; p < kb; p++) {
        const off = (<usize>p) << 2;
        store<f32>(d, load<f32>(s0 + off));
        store<f32>(d, load<f32>(s1 + off), 4);
        store<f32>(d, load<f32>(s2 + off), 8);
        store<f32>(d, load<f32>(s3 + off), 12);
        d += step;
      }
    }
    return;
  }
  if (rows == R && rs == 1) {
    // Each p's R values are contiguous: plain vector copies.
    const csb = (<usize>cs) << 2;
    let s = src;
    let d = dst;
    for (let p = 0; p < kb; p++) {
      for (let g = 0; g < R; g += 4) {
        v128.store(d + ((<usize>g) << 2), v128.load(s + ((<usize>g) << 2)));
      }
      s += csb;
      d += (<usize>R) << 2;
    }
    return;
  }
  // Edge panel (or unusual strides): scalar, zero-padded.
  for (let p = 0; p < kb; p++) {
    const d = dst + ((<usize>(p * R)) << 2);
    for (let r = 0; r < R; r++) {
      const v: f32 = r < rows ? load<f32>(src + ((<usize>(r * rs + p * cs)) << 2)) : 0;
      store<f32>(d + ((<usize>r) << 2), v);
    }
  }
}

/**
 * C tile (MR×NR at c, row stride ldc bytes) = (addC ? C : 0) + Ap·Bp over kb.
 * When the tile is cut by the edge of C, it is computed into `edge` and only
 * the rows×cols part is written.
 */
function microKernel(
  kb: i32,
  ap: usize,
  bp: usize,
  c: usize,
  ldc: usize,
  addC: bool,
  rows: i32,
  cols: i32,
  edge: usize,
): void {
  let c00 = f32x4.splat(0);
  let c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0);
  let c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0);
  let c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0);
  let c31 = f32x4.splat(0);
  let a = ap;
  let b = bp;
  const end = ap + ((<usize>(kb * MR)) << 2);
  while (a < end) {
    const b0 = v128.load(b);
    const b1 = v128.load(b, 16);
    let x = v128.load32_splat(a);
    c00 = f32x4.add(c00, f32x4.mul(x, b0));
    c01 = f32x4.add(c01, f32x4.mul(x, b1));
    x = v128.load32_splat(a, 4);
    c10 = f32x4.add(c10, f32x4.mul(x, b0));
    c11 = f32x4.add(c11, f32x4.mul(x, b1));
    x = v128.load32_splat(a, 8);
    c20 = f32x4.add(c20, f32x4.mul(x, b0));
    c21 = f32x4.add(c21, f32x4.mul(x, b1));
    x = v128.load32_splat(a, 12);
    c30 = f32x4.add(c30, f32x4.mul(x, b0));
    c31 = f32x4.add(c31, f32x4.mul(x, b1));
    a += 16;
    b += 32;
  }
  if (rows == MR && cols == NR) {
    const r1 = c + ldc;
    const r2 = r1 + ldc;
    const r3 = r2 + ldc;
    if (addC) {
      c00 = f32x4.add(c00, v128.load(c));
      c01 = f32x4.add(c01, v128.load(c, 16));
      c10 = f32x4.add(c10, v128.load(r1));
      c11 = f32x4.add(c11, v128.load(r1, 16));
      c20 = f32x4.add(c20, v128.load(r2));
      c21 = f32x4.add(c21, v128.load(r2, 16));
      c30 = f32x4.add(c30, v128.load(r3));
      c31 = f32x4.add(c31, v128.load(r3, 16));
    }
    v128.store(c, c00);
    v128.store(c, c01, 16);
    v128.store(r1, c10);
    v128.store(r1, c11, 16);
    v128.store(r2, c20);
    v128.store(r2, c21, 16);
    v128.store(r3, c30);
    v128.store(r3, c31, 16);
    return;
  }
  v128.store(edge, c00);
  v128.store(edge, c01, 16);
  v128.store(edge, c10, 32);
  v128.store(edge, c11, 48);
  v128.store(edge, c20, 64);
  v128.store(edge, c21, 80);
  v128.store(edge, c30, 96);
  v128.store(edge, c31, 112);
  for (let r = 0; r < rows; r++) {
    const cr = c + <usize>r * ldc;
    const er = edge + ((<usize>(r * NR)) << 2);
    for (let j = 0; j < cols; j++) {
      const o = (<usize>j) << 2;
      let v = load<f32>(er + o);
      if (addC) v += load<f32>(cr + o);
      store<f32>(cr + o, v);
    }
  }
}

/**
 * C[m×n] (+)= op(A)·op(B); see the header for the strides. All addresses in
 * bytes, strides in elements.
 */
export function gemm(
  m: i32,
  n: i32,
  k: i32,
  a: usize,
  aRow: i32,
  aCol: i32,
  b: usize,
  bCol: i32,
  bRow: i32,
  c: usize,
  accumulate: bool,
  scratch: usize,
): void {
  if (m <= 0 || n <= 0) return;
  const ldc = (<usize>n) << 2;
  if (k <= 0) {
    if (!accumulate) memory.fill(c, 0, (<usize>(m * n)) << 2);
    return;
  }
  const packA = scratch;
  const packB = scratch + ((<usize>(MC * KC)) << 2);
  const edge = packB + ((<usize>(NC * KC)) << 2);
  for (let jc = 0; jc < n; jc += NC) {
    const nb = min(NC, n - jc);
    for (let pc = 0; pc < k; pc += KC) {
      const kb = min(KC, k - pc);
      const addC = accumulate || pc > 0;
      const aPanel = (<usize>(kb * MR)) << 2;
      const bPanel = (<usize>(kb * NR)) << 2;
      // Pack op(B)[pc.., jc..] into NR-wide panels.
      const bBase = b + ((<usize>(jc * bCol + pc * bRow)) << 2);
      for (let jr = 0; jr < nb; jr += NR) {
        packPanel(
          bBase + ((<usize>(jr * bCol)) << 2),
          bCol,
          bRow,
          min(NR, nb - jr),
          NR,
          kb,
          packB + <usize>(jr / NR) * bPanel,
        );
      }
      for (let ic = 0; ic < m; ic += MC) {
        const mb = min(MC, m - ic);
        // Pack op(A)[ic.., pc..] into MR-tall panels (B's loop again: one packBlock for both
        // measured 3–6 % slower on conv-shaped products, issue 16).
        const aBase = a + ((<usize>(ic * aRow + pc * aCol)) << 2);
        for (let ir = 0; ir < mb; ir += MR) {
          packPanel(
            aBase + ((<usize>(ir * aRow)) << 2),
            aRow,
            aCol,
            min(MR, mb - ir),
            MR,
            kb,
            packA + <usize>(ir / MR) * aPanel,
          );
        }
        for (let jr = 0; jr < nb; jr += NR) {
          const bp = packB + <usize>(jr / NR) * bPanel;
          const cols = min(NR, nb - jr);
          for (let ir = 0; ir < mb; ir += MR) {
            microKernel(
              kb,
              packA + <usize>(ir / MR) * aPanel,
              bp,
              c + <usize>(ic + ir) * ldc + ((<usize>(jc + jr)) << 2),
              ldc,
              addC,
              min(MR, mb - ir),
              cols,
              edge,
            );
          }
        }
      }
    }
  }
}

/** First byte the host may use: everything below belongs to the module's static data. */
export function heapBase(): usize {
  return __heap_base;
}

// The build's entry (scripts/build-kernel.mjs) is this file: the other kernels
// become exports of the same wasm module through these re-exports.
export * from './elementwise';
export * from './updates';
