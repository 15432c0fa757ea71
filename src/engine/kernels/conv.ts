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

/** A 1×1 kernel with stride 1 sees each cell alone: x itself is the col matrix. */
const pointwise = (g: Conv2d): boolean => g.size === 1 && g.stride === 1;

/**
 * Elements of col scratch for up to `capacity` samples: the whole batch when
 * that fits in `budget` elements, otherwise as many samples as fit (at least
 * one); none for a 1×1 kernel with stride 1.
 */
export function conv2dScratchSize(g: Conv2d, capacity: number, budget = 1 << 21): number {
  if (pointwise(g)) return 0;
  const perSample = g.oh * g.ow * g.patch;
  const samples = Math.max(1, Math.min(capacity, Math.floor(budget / Math.max(perSample, 1))));
  return samples * perSample;
}

/** First output index whose window's tap k lands inside the input (0 ≤ o·stride − pad + k). */
const firstInside = (k: number, stride: number, pad: number): number =>
  Math.ceil(Math.max(0, pad - k) / stride);
/** One past the last output index whose tap k lands inside an input of `size` cells. */
const endInside = (k: number, stride: number, pad: number, size: number, out: number): number =>
  Math.min(out, Math.max(0, Math.ceil((size + pad - k) / stride)));

/** Whether some window reaches into the padding (then col has zeros to write). */
const padded = (g: Conv2d): boolean =>
  g.top > 0 ||
  g.left > 0 ||
  (g.oh - 1) * g.stride + g.size > g.h ||
  (g.ow - 1) * g.stride + g.size > g.w;

/**
 * col[(i·oh + oy)·ow + ox][patch] = patches of samples n0 … n0+count−1.
 * Tap by tap (ky, kx), over the output cells whose tap falls inside the image:
 * the inner loop is a strided copy with no bounds tests.
 */
function im2col(g: Conv2d, x: Float, n0: number, count: number, col: Float): void {
  const { h, w, c, size, stride, oh, ow, top, left, patch } = g;
  if (padded(g)) col.fill(0, 0, count * oh * ow * patch);
  const step = stride * c;
  for (let i = 0; i < count; i++) {
    const xs = (n0 + i) * h * w * c;
    const rs = i * oh * ow;
    for (let ky = 0; ky < size; ky++) {
      const oyA = firstInside(ky, stride, top);
      const oyB = endInside(ky, stride, top, h, oh);
      for (let kx = 0; kx < size; kx++) {
        const oxA = firstInside(kx, stride, left);
        const oxB = endInside(kx, stride, left, w, ow);
        const t = (ky * size + kx) * c;
        for (let oy = oyA; oy < oyB; oy++) {
          let d = (rs + oy * ow + oxA) * patch + t;
          let src = xs + ((oy * stride - top + ky) * w + oxA * stride - left + kx) * c;
          if (c === 1) {
            for (let ox = oxA; ox < oxB; ox++, d += patch, src += stride) col[d] = x[src];
          } else {
            for (let ox = oxA; ox < oxB; ox++, d += patch, src += step) {
              for (let ch = 0; ch < c; ch++) col[d + ch] = x[src + ch];
            }
          }
        }
      }
    }
  }
}

/**
 * dx[sample n0+i] += each patch entry of dcol at the input cell it came from (padding dropped).
 * The walk is im2col's, kept as a copy: one walk for both with a direction flag measured 3–8 %
 * slower in one direction or the other (issue 16).
 */
function col2im(g: Conv2d, dcol: Float, n0: number, count: number, dx: Float): void {
  const { h, w, c, size, stride, oh, ow, top, left, patch } = g;
  const step = stride * c;
  for (let i = 0; i < count; i++) {
    const xs = (n0 + i) * h * w * c;
    const rs = i * oh * ow;
    for (let ky = 0; ky < size; ky++) {
      const oyA = firstInside(ky, stride, top);
      const oyB = endInside(ky, stride, top, h, oh);
      for (let kx = 0; kx < size; kx++) {
        const oxA = firstInside(kx, stride, left);
        const oxB = endInside(kx, stride, left, w, ow);
        const t = (ky * size + kx) * c;
        for (let oy = oyA; oy < oyB; oy++) {
          let d = (rs + oy * ow + oxA) * patch + t;
          let dst = xs + ((oy * stride - top + ky) * w + oxA * stride - left + kx) * c;
          for (let ox = oxA; ox < oxB; ox++, d += patch, dst += step) {
            for (let ch = 0; ch < c; ch++) dx[dst + ch] += dcol[d + ch];
          }
        }
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
 * Returns whether col is left holding the patches of the whole batch (one
 * chunk), which `conv2dBackward` can then reuse instead of rebuilding them.
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
): boolean {
  const cells = g.oh * g.ow;
  const f = g.filters;
  if (b) fillRows(y, b, f, m * cells);
  if (pointwise(g)) {
    be.gemmNN(m * cells, f, g.c, x, W, y, b !== null);
    return false;
  }
  const chunk = chunking(g, m, col);
  for (let n0 = 0; n0 < m; n0 += chunk) {
    const count = Math.min(chunk, m - n0);
    im2col(g, x, n0, count, col);
    be.gemmNN(count * cells, f, g.patch, col, W, from(y, n0 * cells * f), b !== null);
  }
  return chunk >= m;
}

/** y[r·n + j] = b[j] for j < n, r < rows: one row, then doubling copies. */
function fillRows(y: Float, b: Float, n: number, rows: number): void {
  if (rows === 0) return;
  for (let j = 0; j < n; j++) y[j] = b[j];
  let done = 1;
  while (done < rows) {
    const more = Math.min(done, rows - done);
    y.copyWithin(done * n, 0, more * n);
    done += more;
  }
}

/**
 * From dy = ∂L/∂y: dW = ∂L/∂W (overwritten), db = ∂L/∂b (overwritten, skipped
 * when null) and, when dx is not null, dx = ∂L/∂x (overwritten). x is the
 * forward's input; col is scratch. Pass `patchesReady` true only when the
 * forward on this x returned true and nothing has written to col since; the
 * patches are then not rebuilt. Returns whether col still holds them (not
 * when dx was computed: ∂L/∂col overwrites them).
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
  patchesReady = false,
): boolean {
  const cells = g.oh * g.ow;
  const f = g.filters;
  let holds = false;
  if (pointwise(g)) {
    be.gemmTN(g.c, f, m * cells, x, dy, dW, false);
    if (dx) be.gemmNT(m * cells, g.c, f, dy, W, dx, false);
  } else {
    const chunk = chunking(g, m, col);
    if (dx) dx.fill(0, 0, m * g.h * g.w * g.c);
    if (m === 0) dW.fill(0, 0, g.patch * f);
    for (let n0 = 0; n0 < m; n0 += chunk) {
      const count = Math.min(chunk, m - n0);
      const rows = count * cells;
      const d = from(dy, n0 * cells * f);
      if (!(patchesReady && count === m)) im2col(g, x, n0, count, col);
      be.gemmTN(g.patch, f, rows, col, d, dW, n0 > 0);
      if (dx) {
        be.gemmNT(rows, g.patch, f, d, W, col, false);
        col2im(g, col, n0, count, dx);
      }
    }
    holds = dx === null && chunk >= m;
  }
  if (db) {
    db.fill(0, 0, f);
    const total = m * cells;
    for (let r = 0; r < total; r++) {
      const o = r * f;
      for (let j = 0; j < f; j++) db[j] += dy[o + j];
    }
  }
  return holds;
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
  // The loops of eachWindow written out: max pooling sits in the hot path of small CNNs,
  // and a closure shared with the average pools would not be inlined.
  const { h, w, c, size, stride, oh, ow, top, left } = g;
  let o = 0;
  for (let n = 0; n < m; n++) {
    const xs = n * h * w * c;
    for (let oy = 0; oy < oh; oy++) {
      const y0 = oy * stride - top;
      const ya = Math.max(y0, 0);
      const yb = Math.min(y0 + size, h);
      for (let ox = 0; ox < ow; ox++, o += c) {
        const x0 = ox * stride - left;
        const xa = Math.max(x0, 0);
        const xb = Math.min(x0 + size, w);
        for (let ch = 0; ch < c; ch++) {
          // Strictly larger replaces: ties keep the first cell in scan order.
          let at = (ya * w + xa) * c + ch;
          let best = x[xs + at];
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
          y[o + ch] = best;
          argmax[o + ch] = at;
        }
      }
    }
  }
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
