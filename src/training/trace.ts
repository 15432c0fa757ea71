/**
 * Every weight's history: a run's record of each dense layer's W, b, ∂L/∂W and
 * ∂L/∂b at every k-th update (not once per display frame), with k chosen so
 * that a run has between TRACE_MIN_POINTS and TRACE_MAX_POINTS samples. The
 * runner collects samples here; each frame hands out those taken since the
 * previous one (frame.ts `trace`). Every training node's gradient norm (a dense
 * layer's ‖∂L/∂W‖; see `normedTensors`) is sampled too, for networks of any
 * size; the parameters themselves only for networks of up to TRACE_PARAM_LIMIT
 * parameters.
 */
import type { Network, Param } from '../engine/network';
import { TRACE_PARAM_LIMIT, type FrameHeader } from './frame';

export { TRACE_PARAM_LIMIT };
/** A run aims for this many samples at most… */
export const TRACE_MAX_POINTS = 2000;
/** …and at least this many (when it has that many updates), even for the largest traced network. */
export const TRACE_MIN_POINTS = 500;
/** Numbers one run's history may hold (values and gradients), which bounds its memory. */
const TRACE_BUDGET = 2_000_000;

export type TraceLayer = NonNullable<FrameHeader['trace']>['layers'][number];

/** How many samples a run of `params` traced parameters aims for. */
export function tracePoints(params: number): number {
  if (params === 0) return TRACE_MAX_POINTS;
  const fit = Math.floor(TRACE_BUDGET / (2 * params));
  return Math.max(TRACE_MIN_POINTS, Math.min(TRACE_MAX_POINTS, fit));
}

/** Sample every k-th update: k = ⌈updates / points⌉, so a run yields between points/2 and points samples. */
export function traceEvery(updates: number, points: number): number {
  return Math.max(1, Math.ceil(updates / points));
}

/**
 * The tensors of a node whose gradient and update norms the overlay shows: its weights (those
 * that decay: a dense layer's W, a convolution's kernel), or all it trains when none decay
 * (a normalisation's scale and shift). Empty for nodes that train nothing.
 */
export function normedTensors(kept: readonly Param[]): Param[] {
  const trained = kept.filter((p) => p.trainable);
  const weights = trained.filter((p) => p.decay);
  return weights.length > 0 ? weights : trained;
}

export class WeightTrace {
  readonly layers: TraceLayer[] = [];
  /** Node ids whose gradient norms are sampled: every node that trains tensors (`normedTensors`). */
  readonly normIds: string[] = [];
  private readonly normed: Param[][] = [];
  readonly every: number;
  private steps: number[] = [];
  private values: number[] = [];
  private norms: number[] = [];
  private lastStep = -1;

  constructor(
    private readonly net: Network,
    /** Updates the run will take. */
    updates: number,
  ) {
    let total = 0;
    for (const node of net.graph.nodes) {
      const normed = normedTensors(Object.values(net.nodeParams(node.id)));
      if (normed.length === 0) continue;
      this.normIds.push(node.id);
      this.normed.push(normed);
    }
    for (const node of net.graph.nodes) {
      const p = net.denseParams(node.id);
      if (!p) continue;
      const size = p.W.value.length + (p.b ? p.b.value.length : 0);
      this.layers.push({ id: node.id, rows: p.W.rows, cols: p.W.cols, bias: p.b !== null });
      total += size;
    }
    if (total > TRACE_PARAM_LIMIT) this.layers.length = 0;
    this.every = traceEvery(updates, tracePoints(this.layers.length ? total : 0));
  }

  /** Samples the network after update `step` when it is a k-th one (or `force`, for Step). */
  record(step: number, force = false): void {
    if (step === this.lastStep || (!force && step % this.every !== 0)) return;
    this.lastStep = step;
    this.steps.push(step);
    for (const normed of this.normed) {
      let s = 0;
      for (const { grad: g } of normed) for (let i = 0; i < g.length; i++) s += g[i] * g[i];
      this.norms.push(Math.sqrt(s));
    }
    for (const layer of this.layers) {
      const p = this.net.denseParams(layer.id)!;
      const b = p.b;
      for (const a of [p.W.value, b?.value, p.W.grad, b?.grad]) if (a) this.push(a);
    }
  }

  private push(a: ArrayLike<number>): void {
    for (let i = 0; i < a.length; i++) this.values.push(a[i]);
  }

  /** The samples taken since the last call, or null when there are none. */
  take(): {
    header: NonNullable<FrameHeader['trace']>;
    values: Float32Array;
    norms: Float32Array;
  } | null {
    if (!this.steps.length) return null;
    const out = {
      header: {
        every: this.every,
        steps: this.steps,
        layers: this.layers,
        normIds: this.normIds,
      },
      values: Float32Array.from(this.values),
      norms: Float32Array.from(this.norms),
    };
    this.steps = [];
    this.values = [];
    this.norms = [];
    return out;
  }
}
