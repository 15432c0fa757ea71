// @ts-nocheck: AssemblyScript, not TypeScript (i32, v128, usize); compiled by asc with gemm.ts.
// The optimizers' update of every parameter (sgd, momentum, adam) and the sum
// of a data-parallel step's shard gradients (axpby). Re-exported by gemm.ts,
// the build's entry, so they are exports of the same wasm module.
//
// The updates compute in f64 (f64x2) exactly the expressions of optimizers.ts,
// in the same order, rounding to f32 only when storing the weight: JavaScript's
// arithmetic on a Float32Array is f64 with a rounding store too, so the results
// are the same bits.

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
