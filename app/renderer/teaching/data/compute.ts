/**
 * The numbers behind the data views, computed with the engine in the window:
 * the network's output over a grid of the two features (decision boundary or
 * regression surface), every hidden unit's output over the same grid (what it
 * responds to), and the fitted curve of one-feature data. Pure functions of a
 * Network; no DOM.
 */
import type { CompiledGraph } from '#src/engine/compile';
import type { Network } from '#src/engine/network';

export interface Domain {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

/** The features' range over all given points (m × features, first two used), padded by `pad` of the span. */
export function domainOf(xs: Float64Array[], features: number, pad = 0.08): Domain {
  let x0 = Infinity;
  let x1 = -Infinity;
  let y0 = Infinity;
  let y1 = -Infinity;
  for (const x of xs) {
    for (let i = 0; i + features - 1 < x.length; i += features) {
      x0 = Math.min(x0, x[i]);
      x1 = Math.max(x1, x[i]);
      if (features > 1) {
        y0 = Math.min(y0, x[i + 1]);
        y1 = Math.max(y1, x[i + 1]);
      }
    }
  }
  if (!Number.isFinite(x0)) [x0, x1] = [-1, 1];
  if (!Number.isFinite(y0)) [y0, y1] = [-1, 1];
  const px = (x1 - x0 || 2) * pad;
  const py = (y1 - y0 || 2) * pad;
  return { x0: x0 - px, x1: x1 + px, y0: y0 - py, y1: y1 + py };
}

/**
 * n × n grid points as rows (x, y), row index = iy·n + ix, iy = 0 at the top
 * (largest y), so the result reads like an image.
 */
export function gridInputs(d: Domain, n: number): Float64Array {
  const out = new Float64Array(n * n * 2);
  for (let iy = 0; iy < n; iy++) {
    const y = d.y1 - ((iy + 0.5) / n) * (d.y1 - d.y0);
    for (let ix = 0; ix < n; ix++) {
      const x = d.x0 + ((ix + 0.5) / n) * (d.x1 - d.x0);
      out[(iy * n + ix) * 2] = x;
      out[(iy * n + ix) * 2 + 1] = y;
    }
  }
  return out;
}

/** A hidden layer whose units get thumbnails: an activation node (or a dense one with none after it). */
export interface HiddenLayer {
  id: string;
  fn: string;
  units: number;
}

/** Hidden layers from the input to the output, the output node itself left out. */
export function hiddenLayers(graph: CompiledGraph): HiddenLayer[] {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const out: HiddenLayer[] = [];
  for (const n of graph.nodes) {
    if (n.id === graph.outputId) continue;
    if (n.kind === 'activation') {
      out.push({ id: n.id, fn: String(n.params.fn), units: n.width });
    } else if (n.kind === 'dense') {
      const next = n.outputs.map((e) => graph.edges.find((x) => x.id === e)?.target);
      const activated = next.some((t) => t && byId.get(t)?.kind === 'activation');
      if (!activated) out.push({ id: n.id, fn: 'linear', units: n.width });
    }
  }
  return out;
}

export interface GridResult {
  n: number;
  /** The network's outputs per grid point: n² × outputs. */
  output: Float64Array;
  outputs: number;
  /** Per hidden layer: n² × units values (copied). */
  hidden: Map<string, { units: number; values: Float64Array }>;
}

/** Runs the grid through the network in one batch, keeping the hidden layers' outputs. */
export function predictGrid(
  net: Network,
  d: Domain,
  n: number,
  layers: HiddenLayer[] = [],
): GridResult {
  const m = n * n;
  const x = gridInputs(d, n);
  // One batch for the whole grid, so every node's last output covers all of it.
  net.ensureCapacity(m);
  const output = net.predict(x, m);
  const hidden = new Map<string, { units: number; values: Float64Array }>();
  for (const layer of layers) {
    const state = net.nodeState(layer.id);
    if (!state || state.rows !== m) continue;
    hidden.set(layer.id, { units: state.cols, values: Float64Array.from(state.value) });
  }
  return { n, output, outputs: net.graph.outputs, hidden };
}

/** One unit's column of a hidden layer's values, as an n² image. */
export function unitImage(values: Float64Array, units: number, unit: number): Float64Array {
  const m = values.length / units;
  const out = new Float64Array(m);
  for (let i = 0; i < m; i++) out[i] = values[i * units + unit];
  return out;
}

/** The network's output over `count` points from x0 to x1 (one feature): { x, y } (first output). */
export function curve(
  net: Network,
  x0: number,
  x1: number,
  count: number,
): { x: Float64Array; y: Float64Array } {
  const x = new Float64Array(count);
  for (let i = 0; i < count; i++) x[i] = x0 + ((x1 - x0) * i) / (count - 1);
  const out = net.predict(x, count);
  const k = net.graph.outputs;
  const y = new Float64Array(count);
  for (let i = 0; i < count; i++) y[i] = out[i * k];
  return { x, y };
}

/**
 * Points where a scalar field on the n × n grid crosses `level`, as line
 * segments in grid coordinates (marching squares with linear interpolation).
 */
export function contour(field: ArrayLike<number>, n: number, level: number): number[] {
  const segs: number[] = [];
  const v = (ix: number, iy: number) => field[iy * n + ix] - level;
  const cross = (a: number, b: number) => a / (a - b);
  for (let iy = 0; iy < n - 1; iy++) {
    for (let ix = 0; ix < n - 1; ix++) {
      const a = v(ix, iy);
      const b = v(ix + 1, iy);
      const c = v(ix + 1, iy + 1);
      const e = v(ix, iy + 1);
      const pts: number[] = [];
      if (a > 0 !== b > 0) pts.push(ix + cross(a, b), iy);
      if (b > 0 !== c > 0) pts.push(ix + 1, iy + cross(b, c));
      if (c > 0 !== e > 0) pts.push(ix + 1 - cross(c, e), iy + 1);
      if (e > 0 !== a > 0) pts.push(ix, iy + 1 - cross(e, a));
      if (pts.length >= 4) segs.push(pts[0], pts[1], pts[2], pts[3]);
      if (pts.length === 8) segs.push(pts[4], pts[5], pts[6], pts[7]);
    }
  }
  return segs;
}
