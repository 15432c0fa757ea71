// @ts-nocheck: AssemblyScript, not TypeScript (i32, v128, usize); compiled by asc with gemm.ts.
// The kernels over flat arrays that are not matrix products: the tanh
// activation, 4 floats at a time, and the copy of a mini-batch's rows out of
// the data (the training loop's other cost besides the products). Re-exported
// by gemm.ts, the build's entry, so they are exports of the same wasm module.

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

/** dst row r (rowBytes bytes) = src row idx[r] (an i32 at idx + 4r), for r < count. */
export function gatherRows(src: usize, rowBytes: i32, idx: usize, count: i32, dst: usize): void {
  const size = <usize>rowBytes;
  for (let r = 0; r < count; r++) {
    const row = <usize>load<i32>(idx + ((<usize>r) << 2));
    memory.copy(dst + <usize>r * size, src + row * size, size);
  }
}
