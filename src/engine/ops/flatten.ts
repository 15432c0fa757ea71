/**
 * Lays each sample's [h, w, c] out as one vector of h·w·c features. The
 * buffer already holds each sample's values in that order (channels last,
 * row by row), so forward and backward are copies:
 *   forward   a = z (viewed as [h·w·c])
 *   backward  ∂L/∂z = ∂L/∂a (viewed as [h, w, c])
 */
import type { Op } from './op';
import { sizeOf } from './op';
import { kindSpec } from './spec';

export const flatten: Op = {
  spec: kindSpec('flatten', { params: [] }),
  infer: (ctx) => [sizeOf(ctx.inputs[0].shape)],
  forward(node, { m }) {
    const z = node.inputs[0].source.out;
    const a = node.out;
    for (let i = 0, n = m * node.width; i < n; i++) a[i] = z[i];
  },
  backward(node, run) {
    const edge = node.inputs[0];
    if (!run.needsGradient(edge)) return;
    const da = node.grad;
    const dz = edge.grad;
    for (let i = 0, n = run.m * node.width; i < n; i++) dz[i] = da[i];
  },
  tex: {
    forward: '\\mathbf{a} = \\operatorname{vec}(Z) \\quad (h \\times w \\times c \\to hwc)',
    backward:
      '\\frac{\\partial L}{\\partial Z} = \\operatorname{reshape}\\left(\\frac{\\partial L}{\\partial \\mathbf{a}},\\, h \\times w \\times c\\right)',
  },
};
