/** Helpers for the engine's gradient tests. */
import type { Dataset } from '../dataset';
import type { Network } from '../network';

/**
 * ∂L/∂x by backprop (on the Input node) against central differences on x
 * itself (fourth-order stencil): the largest error relative to
 * max(|analytic|, |numeric|, floor).
 */
export function inputGradientError(net: Network, data: Dataset, floor = 1e-7): number {
  net.setInputGradient(true);
  net.lossAndGradients(data);
  const analytic = Float64Array.from(net.nodeState(net.graph.inputId)!.grad);
  const eps = 1e-4;
  let worst = 0;
  for (let i = 0; i < data.x.length; i++) {
    const keep = data.x[i];
    const at = (delta: number): number => {
      data.x[i] = keep + delta;
      net.loadBatch(data, null, 0, data.m);
      return net.forward();
    };
    const numeric = (-at(2 * eps) + 8 * at(eps) - 8 * at(-eps) + at(-2 * eps)) / (12 * eps);
    data.x[i] = keep;
    worst = Math.max(
      worst,
      Math.abs(analytic[i] - numeric) / Math.max(Math.abs(analytic[i]), Math.abs(numeric), floor),
    );
  }
  return worst;
}

/** Largest |a − b| over the largest |b| (for comparisons with float32 results). */
export function scaledError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`lengths differ: ${a.length} and ${b.length}`);
  let worst = 0;
  let scale = 1e-12;
  for (let i = 0; i < a.length; i++) {
    worst = Math.max(worst, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return worst / scale;
}
