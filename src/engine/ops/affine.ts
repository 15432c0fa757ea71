/**
 * What batch norm and layer norm share: both normalise along the last axis
 * (channels, or a vector's features) and then scale by γ and shift by β, one
 * of each per last-axis entry; both backward passes take the same tensors.
 */
import type { NodeKind } from '../graph';
import type { batchNormBackward } from '../kernels/norm';
import type { ParamDecl, RtNode, Run, Shape } from './op';
import { type ParamSpec, numberParam } from './spec';

/** The last axis of a per-sample shape: channels for [h, w, c], features for [n]. */
export const lastAxis = (shape: Shape): number => shape[shape.length - 1];

/** The rows a normalisation walks: m samples × the positions of each (h·w, or 1). */
export const normRows = (node: { width: number; shape: Shape }, m: number): number =>
  m * (node.width / lastAxis(node.shape));

/** ε, added to the variance before the square root (Keras' default 0.001). */
export const epsilonParam = (kind: NodeKind): ParamSpec =>
  numberParam(kind, 'epsilon', {
    type: 'number',
    min: 1e-12,
    max: 1,
    default: 0.001,
    optional: true,
  });

/** γ (ones) and β (zeros), trained without decay, then the state vectors named (not trained). */
export function scaleShift(
  shape: Shape,
  state: readonly [name: string, init: ParamDecl['init']][] = [],
): ParamDecl[] {
  const C = lastAxis(shape);
  const decl = (name: string, init: ParamDecl['init'], trainable: boolean): ParamDecl => ({
    name,
    shape: [C],
    init,
    fanIn: C,
    fanOut: C,
    trainable,
    decay: false,
  });
  return [
    decl('gamma', 'ones', true),
    decl('beta', 'zeros', true),
    ...state.map(([name, init]) => decl(name, init, false)),
  ];
}

/**
 * The scratch buffers both keep their statistics in, the mean and 1/√(σ² + ε) of each of
 * `count` groups (batch norm: a channel's values over the batch; layer norm: a row).
 */
export const normStats = (count: number): Record<'normMean' | 'normInvStd', number> => ({
  normMean: count,
  normInvStd: count,
});

/** ∂L/∂x, ∂L/∂γ and ∂L/∂β from the statistics the forward pass kept in `normStats`' buffers. */
export function normBackward(
  node: RtNode,
  run: Run,
  // layerNormBackward takes the same tensors and ignores the training flag.
  kernel: typeof batchNormBackward,
): void {
  const edge = node.inputs[0];
  const { gamma, beta } = node.weights;
  kernel(
    edge.source.out,
    node.grad,
    run.needsGradient(edge) ? edge.grad : null,
    normRows(node, run.m),
    lastAxis(node.shape),
    gamma.value,
    node.scratch.normMean,
    node.scratch.normInvStd,
    gamma.grad,
    beta.grad,
    run.training,
  );
}
