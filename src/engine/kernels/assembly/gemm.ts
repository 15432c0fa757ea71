// @ts-nocheck: AssemblyScript, not TypeScript (i32, v128, @inline); compiled by asc, not tsc.
// float32 matrix multiply for WebAssembly SIMD (f32x4), compiled by
// `npm run build:kernel` into ../kernel.generated.ts.
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
        // Pack op(A)[ic.., pc..] into MR-tall panels.
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

/**
 * out[i] = tanh(x[i]) for n floats (byte addresses), 4 at a time. The rational
 * approximation of Eigen's `ptanh_float`: x clamped to ±7.9053 (where tanh
 * rounds to ±1 in float32), then x·p(x²)/q(x²) with p of degree 6 and q of
 * degree 3; a few ulps from the exact value. Math.tanh in JS costs tens of
 * nanoseconds per call, this a fraction of one.
 */
export function tanh(x: usize, out: usize, n: i32): void {
  const lim = f32x4.splat(7.90531110763549805);
  const nlim = f32x4.splat(-7.90531110763549805);
  const a1 = f32x4.splat(4.89352455891786e-3);
  const a3 = f32x4.splat(6.37261928875436e-4);
  const a5 = f32x4.splat(1.48572235717979e-5);
  const a7 = f32x4.splat(5.12229709037114e-8);
  const a9 = f32x4.splat(-8.60467152213735e-11);
  const a11 = f32x4.splat(2.00018790482477e-13);
  const a13 = f32x4.splat(-2.76076847742355e-16);
  const b0 = f32x4.splat(4.89352518554385e-3);
  const b2 = f32x4.splat(2.268434632439e-3);
  const b4 = f32x4.splat(1.18534705686654e-4);
  const b6 = f32x4.splat(1.19825839466702e-6);
  const tiny = f32x4.splat(0.0004);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = (<usize>i) << 2;
    const v = v128.load(x + o);
    const c = f32x4.max(nlim, f32x4.min(lim, v));
    const x2 = f32x4.mul(c, c);
    let p = f32x4.add(f32x4.mul(x2, a13), a11);
    p = f32x4.add(f32x4.mul(x2, p), a9);
    p = f32x4.add(f32x4.mul(x2, p), a7);
    p = f32x4.add(f32x4.mul(x2, p), a5);
    p = f32x4.add(f32x4.mul(x2, p), a3);
    p = f32x4.add(f32x4.mul(x2, p), a1);
    p = f32x4.mul(c, p);
    let q = f32x4.add(f32x4.mul(x2, b6), b4);
    q = f32x4.add(f32x4.mul(x2, q), b2);
    q = f32x4.add(f32x4.mul(x2, q), b0);
    const r = f32x4.div(p, q);
    // Keep tiny inputs (and NaN) as they are: tanh(x) = x there.
    const keep = v128.or(f32x4.lt(f32x4.abs(v), tiny), f32x4.ne(v, v));
    v128.store(out + o, v128.bitselect(v, r, keep));
  }
  for (; i < n; i++) {
    const o = (<usize>i) << 2;
    store<f32>(out + o, <f32>Math.tanh(<f64>load<f32>(x + o)));
  }
}

// ---------------------------------------------------------------------------
// Batches and updates. The training loop's other costs besides the matrix
// products: copying a mini-batch's rows out of the data, and the optimizer's
// update of every parameter. The updates compute in f64 (f64x2) exactly the
// expressions of optimizers.ts, in the same order, rounding to f32 only when
// storing the weight: JavaScript's arithmetic on a Float32Array is f64 with a
// rounding store too, so the results are the same bits.

/** dst row r (rowBytes bytes) = src row idx[r] (an i32 at idx + 4r), for r < count. */
export function gatherRows(src: usize, rowBytes: i32, idx: usize, count: i32, dst: usize): void {
  const size = <usize>rowBytes;
  for (let r = 0; r < count; r++) {
    const row = <usize>load<i32>(idx + ((<usize>r) << 2));
    memory.copy(dst + <usize>r * size, src + row * size, size);
  }
}

/** Two f32 at p as f64x2. */
function load2(p: usize): v128 {
  return f64x2.promote_low_f32x4(v128.load64_zero(p));
}

/** Stores f64x2 v as two f32 at p. */
function store2(p: usize, v: v128): void {
  v128.store64_lane(p, f32x4.demote_f64x2_zero(v), 0);
}

/** +(w > 0) − +(w < 0) per lane: sign with sign(0) = 0 (and 0 for NaN), as optimizers.ts. */
function sign2(w: v128): v128 {
  const one = f64x2.splat(1);
  return f64x2.sub(
    v128.and(f64x2.gt(w, f64x2.splat(0)), one),
    v128.and(f64x2.lt(w, f64x2.splat(0)), one),
  );
}

function sign1(w: f64): f64 {
  return <f64>(w > 0) - <f64>(w < 0);
}

/** The high two f32 of v as f64x2. */
function high2(v: v128): v128 {
  return f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 2, 3));
}

/** f64x2 lo and hi as four f32 (lo's two first). */
function join4(lo: v128, hi: v128): v128 {
  return v128.shuffle<f32>(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 1, 4, 5);
}

/** sgd over n f32 weights w and gradients g: w −= lr·(g + decay·w [+ lasso·sign(w)]). */
export function sgd(w: usize, g: usize, n: i32, lr: f64, decay: f64, lasso: f64): void {
  const vlr = f64x2.splat(lr);
  const vdecay = f64x2.splat(decay);
  const vlasso = f64x2.splat(lasso);
  let i = 0;
  if (lasso == 0) {
    // Four at a time (one f32x4 load of each, two f64x2 halves): the same expression.
    for (; i + 4 <= n; i += 4) {
      const o = (<usize>i) << 2;
      const w4 = v128.load(w + o);
      const g4 = v128.load(g + o);
      const wl = f64x2.promote_low_f32x4(w4);
      const wh = high2(w4);
      const sl = f64x2.add(f64x2.promote_low_f32x4(g4), f64x2.mul(vdecay, wl));
      const sh = f64x2.add(high2(g4), f64x2.mul(vdecay, wh));
      v128.store(
        w + o,
        join4(f64x2.sub(wl, f64x2.mul(vlr, sl)), f64x2.sub(wh, f64x2.mul(vlr, sh))),
      );
    }
  }
  for (; i + 2 <= n; i += 2) {
    const o = (<usize>i) << 2;
    const wi = load2(w + o);
    let s = f64x2.add(load2(g + o), f64x2.mul(vdecay, wi));
    if (lasso != 0) s = f64x2.add(s, f64x2.mul(vlasso, sign2(wi)));
    store2(w + o, f64x2.sub(wi, f64x2.mul(vlr, s)));
  }
  for (; i < n; i++) {
    const o = (<usize>i) << 2;
    const wi = <f64>load<f32>(w + o);
    let s = <f64>load<f32>(g + o) + decay * wi;
    if (lasso != 0) s += lasso * sign1(wi);
    store<f32>(w + o, <f32>(wi - lr * s));
  }
}

/** momentum (v: n f64): v = mu·v + g + decay·w [+ lasso·sign(w)]; w −= lr·v. */
export function momentum(
  w: usize,
  g: usize,
  v: usize,
  n: i32,
  lr: f64,
  mu: f64,
  decay: f64,
  lasso: f64,
): void {
  const vlr = f64x2.splat(lr);
  const vmu = f64x2.splat(mu);
  const vdecay = f64x2.splat(decay);
  const vlasso = f64x2.splat(lasso);
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    const o = (<usize>i) << 2;
    const vo = (<usize>i) << 3;
    const wi = load2(w + o);
    let s = f64x2.add(
      f64x2.add(f64x2.mul(vmu, v128.load(v + vo)), load2(g + o)),
      f64x2.mul(vdecay, wi),
    );
    if (lasso != 0) s = f64x2.add(s, f64x2.mul(vlasso, sign2(wi)));
    v128.store(v + vo, s);
    store2(w + o, f64x2.sub(wi, f64x2.mul(vlr, s)));
  }
  for (; i < n; i++) {
    const o = (<usize>i) << 2;
    const vo = (<usize>i) << 3;
    const wi = <f64>load<f32>(w + o);
    let s = mu * load<f64>(v + vo) + <f64>load<f32>(g + o) + decay * wi;
    if (lasso != 0) s += lasso * sign1(wi);
    store<f64>(v + vo, s);
    store<f32>(w + o, <f32>(wi - lr * s));
  }
}

/**
 * adam (m1, m2: n f64): gi = g + decay·w + (lasso = 0 ? 0 : lasso·sign(w));
 * m1 = b1·m1 + (1−b1)·gi; m2 = b2·m2 + (1−b2)·gi·gi; w −= lr·m1·c1 / (√(m2·c2) + eps).
 */
export function adam(
  w: usize,
  g: usize,
  m1: usize,
  m2: usize,
  n: i32,
  lr: f64,
  b1: f64,
  b2: f64,
  c1: f64,
  c2: f64,
  eps: f64,
  decay: f64,
  lasso: f64,
): void {
  const a1 = 1 - b1;
  const a2 = 1 - b2;
  const vlr = f64x2.splat(lr);
  const vb1 = f64x2.splat(b1);
  const vb2 = f64x2.splat(b2);
  const va1 = f64x2.splat(a1);
  const va2 = f64x2.splat(a2);
  const vc1 = f64x2.splat(c1);
  const vc2 = f64x2.splat(c2);
  const veps = f64x2.splat(eps);
  const vdecay = f64x2.splat(decay);
  const vlasso = f64x2.splat(lasso);
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    const o = (<usize>i) << 2;
    const vo = (<usize>i) << 3;
    const wi = load2(w + o);
    const extra = lasso == 0 ? f64x2.splat(0) : f64x2.mul(vlasso, sign2(wi));
    const gi = f64x2.add(f64x2.add(load2(g + o), f64x2.mul(vdecay, wi)), extra);
    const f = f64x2.add(f64x2.mul(vb1, v128.load(m1 + vo)), f64x2.mul(va1, gi));
    const s = f64x2.add(f64x2.mul(vb2, v128.load(m2 + vo)), f64x2.mul(f64x2.mul(va2, gi), gi));
    v128.store(m1 + vo, f);
    v128.store(m2 + vo, s);
    const step = f64x2.div(
      f64x2.mul(f64x2.mul(vlr, f), vc1),
      f64x2.add(f64x2.sqrt(f64x2.mul(s, vc2)), veps),
    );
    store2(w + o, f64x2.sub(wi, step));
  }
  for (; i < n; i++) {
    const o = (<usize>i) << 2;
    const vo = (<usize>i) << 3;
    const wi = <f64>load<f32>(w + o);
    const gi = <f64>load<f32>(g + o) + decay * wi + (lasso == 0 ? 0 : lasso * sign1(wi));
    const f = b1 * load<f64>(m1 + vo) + a1 * gi;
    const s = b2 * load<f64>(m2 + vo) + a2 * gi * gi;
    store<f64>(m1 + vo, f);
    store<f64>(m2 + vo, s);
    store<f32>(w + o, <f32>(wi - (lr * f * c1) / (Math.sqrt(s * c2) + eps)));
  }
}

/** dst = a·dst + b·src over n f32 (a data-parallel step's shards' gradients, weighted by their rows). */
export function axpby(dst: usize, src: usize, n: i32, a: f32, b: f32): void {
  const va = f32x4.splat(a);
  const vb = f32x4.splat(b);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = (<usize>i) << 2;
    v128.store(
      dst + o,
      f32x4.add(f32x4.mul(va, v128.load(dst + o)), f32x4.mul(vb, v128.load(src + o))),
    );
  }
  for (; i < n; i++) {
    const o = (<usize>i) << 2;
    store<f32>(dst + o, a * load<f32>(dst + o) + b * load<f32>(src + o));
  }
}
