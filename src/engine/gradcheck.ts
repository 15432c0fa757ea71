/**
 * Backprop against central finite differences, the fourth-order stencil
 *   ∂L/∂θ ≈ (−L(θ+2ε) + 8L(θ+ε) − 8L(θ−ε) + L(θ−2ε)) / 12ε
 * whose truncation error (ε⁴) and rounding error (~1e-16/ε) both stay far
 * below 1e-6, so small gradients are judged fairly. Relative error:
 *   |analytic − numeric| / max(|analytic|, |numeric|, floor).
 * Run it on a float64 network: float32 rounding swamps ε. Every pass of a
 * check draws the same (one dropout mask), so the loss is one function.
 */
import type { Dataset } from './dataset';
import type { Network } from './network';
import { Rng } from './random';

export interface GradientCheckResult {
  tensors: {
    nodeId: string;
    name: string;
    checked: number;
    maxRelError: number;
    maxAbsError: number;
  }[];
  maxRelError: number;
}

export interface GradientCheckOptions {
  epsilon?: number;
  /** Check at most this many entries per tensor (chosen at random); default all. */
  maxPerTensor?: number;
  /** Gradients smaller than this are compared absolutely. */
  floor?: number;
  seed?: number;
}

export function gradientCheck(
  net: Network,
  data: Dataset,
  options: GradientCheckOptions = {},
): GradientCheckResult {
  const eps = options.epsilon ?? 1e-4;
  const floor = options.floor ?? 1e-7;
  const rng = new Rng(options.seed ?? 0);
  const held = net.holdDraws;
  net.holdDraws = true;
  net.lossAndGradients(data);
  const analytic = net.params().map((p) => Float64Array.from(p.grad));
  const lossAt = (): number => {
    net.loadBatch(data, null, 0, data.m);
    return net.forward();
  };
  const tensors = net.params().map((p, k) => {
    const n = p.value.length;
    const limit = Math.min(n, options.maxPerTensor ?? n);
    const indices =
      limit === n
        ? Array.from({ length: n }, (_, i) => i)
        : Array.from({ length: limit }, () => rng.int(n));
    let maxRelError = 0;
    let maxAbsError = 0;
    for (const i of indices) {
      const keep = p.value[i];
      const at = (delta: number): number => {
        p.value[i] = keep + delta;
        return lossAt();
      };
      const numeric = (-at(2 * eps) + 8 * at(eps) - 8 * at(-eps) + at(-2 * eps)) / (12 * eps);
      p.value[i] = keep;
      const a = analytic[k][i];
      const abs = Math.abs(a - numeric);
      maxAbsError = Math.max(maxAbsError, abs);
      maxRelError = Math.max(maxRelError, abs / Math.max(Math.abs(a), Math.abs(numeric), floor));
    }
    return { nodeId: p.nodeId, name: p.name, checked: indices.length, maxRelError, maxAbsError };
  });
  net.lossAndGradients(data);
  net.holdDraws = held;
  return { tensors, maxRelError: Math.max(0, ...tensors.map((t) => t.maxRelError)) };
}
