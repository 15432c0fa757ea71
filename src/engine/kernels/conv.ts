/**
 * Convolution and pooling kernels over NHWC (channels-last) tensors, as TF
 * lays them out: a batch of m samples is m rows, each row h·w·c values with
 * the channel fastest, `x[((n·h + y)·w + x)·c + ch]`.
 *
 * Convolution (k×k kernel, stride s, cin → filters), weights W in TF's HWIO
 * order flattened, `W[((ky·k + kx)·cin + ci)·filters + f]`, i.e. a matrix of
 * `patch = k·k·cin` rows by `filters` columns. With im2col, every output cell
 * (n, oy, ox) becomes one row of its input patch, `col[rows × patch]`, and
 *
 *   forward   Y[rows × filters] = col · W + b                  (gemmNN)
 *   backward  ∂L/∂W = colᵀ · ∂L/∂Y                            (gemmTN)
 *             ∂L/∂b = Σ_rows ∂L/∂Y
 *             ∂L/∂col = ∂L/∂Y · Wᵀ, then col2im adds each patch
 *             entry back onto the input cell it came from       (gemmNT)
 *
 * so the backend's gemm (WebAssembly SIMD in training) does the arithmetic.
 * The caller passes the col scratch buffer (allocated by its backend, so the
 * WebAssembly gemm works on it in place); a scratch smaller than the whole
 * batch's col is used a chunk of samples at a time. Nothing is allocated per
 * call except, when the batch is chunked, the subarray views of each chunk.
 *
 * Padding follows TF: 'valid' uses no padding, out = ⌈(in − k + 1)/s⌉;
 * 'same' gives out = ⌈in/s⌉ and pads (out−1)·s + k − in cells in total,
 * the odd one on the bottom/right. Padded cells count as 0 in convolution,
 * are skipped by max pooling and left out of the average's count.
 */
import type { Backend, Float } from '../backend';

export type Padding = 'same' | 'valid';

/** Output size along one axis (0 when a 'valid' window does not fit). */
export function convOutSize(
  size: number,
  kernel: number,
  stride: number,
  padding: Padding,
): number {
  return padding === 'same'
    ? Math.ceil(size / stride)
    : Math.max(0, Math.ceil((size - kernel + 1) / stride));
}

/** Padding before the first cell along one axis (top or left); the rest goes after. */
export function padBefore(size: number, kernel: number, stride: number, padding: Padding): number {
  if (padding === 'valid') return 0;
  const out = convOutSize(size, kernel, stride, padding);
  return Math.floor(Math.max((out - 1) * stride + kernel - size, 0) / 2);
}

/** Everything a 2-D window op needs to know about its sizes. */
export interface Window2d {
  /** Input height, width, channels. */
  readonly h: number;
  readonly w: number;
  readonly c: number;
  /** Window (kernel or pool) size and stride, the same along both axes. */
  readonly size: number;
  readonly stride: number;
  /** Output height and width. */
  readonly oh: number;
  readonly ow: number;
  /** Padding above and to the left. */
  readonly top: number;
  readonly left: number;
}

export function window2d(
  h: number,
  w: number,
  c: number,
  size: number,
  stride: number,
  padding: Padding,
): Window2d {
  return {
    h,
    w,
    c,
    size,
    stride,
    oh: convOutSize(h, size, stride, padding),
    ow: convOutSize(w, size, stride, padding),
    top: padBefore(h, size, stride, padding),
    left: padBefore(w, size, stride, padding),
  };
}

export interface Conv2d extends Window2d {
  readonly filters: number;
  /** Values in one input patch: size·size·c (rows of W). */
  readonly patch: number;
}

export function conv2dGeometry(
  h: number,
  w: number,
  cin: number,
  filters: number,
  kernel: number,
  stride: number,
  padding: Padding,
): Conv2d {
  return { ...window2d(h, w, cin, kernel, stride, padding), filters, patch: kernel * kernel * cin };
}

/**
 * Elements of col scratch for up to `capacity` samples: the whole batch when
 * that fits in `budget` elements, otherwise as many samples as fit (at least one).
 */
export function conv2dScratchSize(g: Conv2d, capacity: number, budget = 1 << 21): number {
  const perSample = g.oh * g.ow * g.patch;
  const samples = Math.max(1, Math.min(capacity, Math.floor(budget / Math.max(perSample, 1))));
  return samples * perSample;
}

/** col[(i·oh + oy)·ow + ox][patch] = patches of samples n0 … n0+count−1. */
function im2col(g: Conv2d, x: Float, n0: number, count: number, col: Float): void {
  const { h, w, c, size, stride, oh, ow, top, left, patch } = g;
  const rowC = size * c;
  let r = 0;
  for (let i = 0; i < count; i++) {
    const xs = (n0 + i) * h * w * c;
    for (let oy = 0; oy < oh; oy++) {
      const y0 = oy * stride - top;
      for (let ox = 0; ox < ow; ox++) {
        const x0 = ox * stride - left;
        const base = r * patch;
        for (let ky = 0; ky < size; ky++) {
          const iy = y0 + ky;
          const cb = base + ky * rowC;
          if (iy < 0 || iy >= h) {
            col.fill(0, cb, cb + rowC);
            continue;
          }
          for (let kx = 0; kx < size; kx++) {
            const ix = x0 + kx;
            const cc = cb + kx * c;
            if (ix < 0 || ix >= w) {
              for (let ch = 0; ch < c; ch++) col[cc + ch] = 0;
            } else {
              const xi = xs + (iy * w + ix) * c;
              for (let ch = 0; ch < c; ch++) col[cc + ch] = x[xi + ch];
            }
          }
        }
        r++;
      }
    }
  }
}

/** dx[sample n0+i] += each patch entry of dcol at the input cell it came from (padding dropped). */
function col2im(g: Conv2d, dcol: Float, n0: number, count: number, dx: Float): void {
  const { h, w, c, size, stride, oh, ow, top, left, patch } = g;
  let r = 0;
  for (let i = 0; i < count; i++) {
    const xs = (n0 + i) * h * w * c;
    for (let oy = 0; oy < oh; oy++) {
      const y0 = oy * stride - top;
      for (let ox = 0; ox < ow; ox++) {
        const x0 = ox * stride - left;
        const base = r * patch;
        for (let ky = 0; ky < size; ky++) {
          const iy = y0 + ky;
          if (iy < 0 || iy >= h) continue;
          for (let kx = 0; kx < size; kx++) {
            const ix = x0 + kx;
            if (ix < 0 || ix >= w) continue;
            const cc = base + (ky * size + kx) * c;
            const xi = xs + (iy * w + ix) * c;
            for (let ch = 0; ch < c; ch++) dx[xi + ch] += dcol[cc + ch];
          }
        }
        r++;
      }
    }
  }
}

/** Samples per chunk that `col` holds (the whole batch when it fits). */
function chunking(g: Conv2d, m: number, col: Float): number {
  const perSample = g.oh * g.ow * g.patch;
  const samples = Math.min(m, Math.floor(col.length / perSample));
  if (samples < 1 && m > 0) {
    throw new RangeError(
      `conv2d: scratch has ${col.length} elements, one sample needs ${perSample}`,
    );
  }
  return samples;
}

/** a from `start` on; no new view for the first (often the only) chunk. */
const from = (a: Float, start: number): Float => (start === 0 ? a : a.subarray(start));

/**
 * y[m × oh·ow·filters] = conv(x[m × h·w·cin], W) + b. `b` null for no bias.
 */
export function conv2dForward(
  be: Backend,
  g: Conv2d,
  m: number,
  x: Float,
  W: Float,
  b: Float | null,
  y: Float,
  col: Float,
): void {
  const cells = g.oh * g.ow;
  const f = g.filters;
  const chunk = chunking(g, m, col);
  for (let n0 = 0; n0 < m; n0 += chunk) {
    const count = Math.min(chunk, m - n0);
    const rows = count * cells;
    im2col(g, x, n0, count, col);
    be.gemmNN(rows, f, g.patch, col, W, from(y, n0 * cells * f), false);
  }
  if (b) {
    const total = m * cells;
    for (let r = 0; r < total; r++) {
      const o = r * f;
      for (let j = 0; j < f; j++) y[o + j] += b[j];
    }
  }
}

/**
 * From dy = ∂L/∂y: dW = ∂L/∂W (overwritten), db = ∂L/∂b (overwritten, skipped
 * when null) and, when dx is not null, dx = ∂L/∂x (overwritten). x is the
 * forward's input; col is scratch (its forward contents are not reused).
 */
export function conv2dBackward(
  be: Backend,
  g: Conv2d,
  m: number,
  x: Float,
  W: Float,
  dy: Float,
  dW: Float,
  db: Float | null,
  dx: Float | null,
  col: Float,
): void {
  const cells = g.oh * g.ow;
  const f = g.filters;
  const chunk = chunking(g, m, col);
  if (dx) dx.fill(0, 0, m * g.h * g.w * g.c);
  if (m === 0) dW.fill(0, 0, g.patch * f);
  for (let n0 = 0; n0 < m; n0 += chunk) {
    const count = Math.min(chunk, m - n0);
    const rows = count * cells;
    const d = from(dy, n0 * cells * f);
    im2col(g, x, n0, count, col);
    be.gemmTN(g.patch, f, rows, col, d, dW, n0 > 0);
    if (dx) {
      be.gemmNT(rows, g.patch, f, d, W, col, false);
      col2im(g, col, n0, count, dx);
    }
  }
  if (db) {
    db.fill(0, 0, f);
    const total = m * cells;
    for (let r = 0; r < total; r++) {
      const o = r * f;
      for (let j = 0; j < f; j++) db[j] += dy[o + j];
    }
  }
}

/** Where each max came from: one entry per output value, the index within its sample's input. */
export type Argmax = Float | Int32Array;

/**
 * Calls visit once per output cell of m samples, in output order, with the
 * offset o of its first channel in y, the offset xs of its sample in x, and
 * its window's real rows ya ≤ iy < yb and columns xa ≤ ix < xb (padding cut off).
 */
function eachWindow(
  g: Window2d,
  m: number,
  visit: (o: number, xs: number, ya: number, yb: number, xa: number, xb: number) => void,
): void {
  const { h, w, c, size, stride, oh, ow, top, left } = g;
  let o = 0;
  for (let n = 0; n < m; n++) {
    const xs = n * h * w * c;
    for (let oy = 0; oy < oh; oy++) {
      const y0 = oy * stride - top;
      const ya = Math.max(y0, 0);
      const yb = Math.min(y0 + size, h);
      for (let ox = 0; ox < ow; ox++) {
        const x0 = ox * stride - left;
        visit(o, xs, ya, yb, Math.max(x0, 0), Math.min(x0 + size, w));
        o += c;
      }
    }
  }
}

/**
 * y[m × oh·ow·c] = the maximum of each window per channel (padding ignored);
 * argmax[i] = the index in its sample's input (y·w + x)·c + ch of the first
 * maximum in scan order (as TF picks), for the backward pass.
 */
export function maxPoolForward(g: Window2d, m: number, x: Float, y: Float, argmax: Argmax): void {
  const { w, c } = g;
  eachWindow(g, m, (o, xs, ya, yb, xa, xb) => {
    for (let ch = 0; ch < c; ch++) {
      let best = -Infinity;
      let at = (ya * w + xa) * c + ch;
      for (let iy = ya; iy < yb; iy++) {
        for (let ix = xa; ix < xb; ix++) {
          const k = (iy * w + ix) * c + ch;
          const v = x[xs + k];
          if (v > best) {
            best = v;
            at = k;
          }
        }
      }
      y[o + ch] = x[xs + at];
      argmax[o + ch] = at;
    }
  });
}

/** dx = ∂L/∂x (overwritten): each dy goes to the input cell its maximum came from. */
export function maxPoolBackward(
  g: Window2d,
  m: number,
  dy: Float,
  argmax: Argmax,
  dx: Float,
): void {
  const sampleIn = g.h * g.w * g.c;
  const sampleOut = g.oh * g.ow * g.c;
  dx.fill(0, 0, m * sampleIn);
  for (let n = 0; n < m; n++) {
    const xs = n * sampleIn;
    const os = n * sampleOut;
    for (let i = 0; i < sampleOut; i++) dx[xs + argmax[os + i]] += dy[os + i];
  }
}

/**
 * y[m × oh·ow·c] = the mean of each window per channel over its real cells
 * (with 'same' padding, edge windows divide by fewer cells, as TF does).
 */
export function avgPoolForward(g: Window2d, m: number, x: Float, y: Float): void {
  const { w, c } = g;
  eachWindow(g, m, (o, xs, ya, yb, xa, xb) => {
    const inv = 1 / ((yb - ya) * (xb - xa));
    y.fill(0, o, o + c);
    for (let iy = ya; iy < yb; iy++) {
      for (let ix = xa; ix < xb; ix++) {
        const k = xs + (iy * w + ix) * c;
        for (let ch = 0; ch < c; ch++) y[o + ch] += x[k + ch];
      }
    }
    for (let ch = 0; ch < c; ch++) y[o + ch] *= inv;
  });
}

/** dx = ∂L/∂x (overwritten): each dy spread evenly over the real cells of its window. */
export function avgPoolBackward(g: Window2d, m: number, dy: Float, dx: Float): void {
  const { w, c } = g;
  dx.fill(0, 0, m * g.h * w * c);
  eachWindow(g, m, (o, xs, ya, yb, xa, xb) => {
    const inv = 1 / ((yb - ya) * (xb - xa));
    for (let iy = ya; iy < yb; iy++) {
      for (let ix = xa; ix < xb; ix++) {
        const k = xs + (iy * w + ix) * c;
        for (let ch = 0; ch < c; ch++) dx[k + ch] += dy[o + ch] * inv;
      }
    }
  });
}
