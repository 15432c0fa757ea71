/**
 * Inverted dropout. Training: each value is kept with probability 1 − rate
 * and scaled by 1/(1 − rate), else zeroed (a mask drawn from the pass's seeded
 * draws); inference: the identity, so predictions need no rescaling.
 *   forward   y = x ⊙ mask           backward  ∂L/∂x = ∂L/∂y ⊙ mask
 */
import { dropoutBackward, dropoutForward, dropoutMask } from '../kernels/norm';
import type { Op } from './op';
import { kindSpec, numberParam } from './spec';

export const dropout: Op = {
  spec: kindSpec('dropout', {
    params: [
      numberParam('dropout', 'rate', {
        type: 'number',
        min: 0,
        max: 0.95,
        default: 0.5,
        optional: true,
      }),
    ],
    starter: { rate: 0.5 },
  }),
  infer: (ctx) => ctx.inputs[0].shape,
  buffers: (node, _inputs, capacity) => ({ mask: capacity * node.width }),
  forward(node, { m, training, rng }) {
    const n = m * node.width;
    const mask = node.scratch.mask;
    if (training) dropoutMask(rng, node.params.rate as number, mask, n);
    dropoutForward(node.inputs[0].source.out, mask, node.out, n, training);
  },
  backward(node, run) {
    const edge = node.inputs[0];
    if (!run.needsGradient(edge)) return;
    dropoutBackward(node.grad, node.scratch.mask, edge.grad, run.m * node.width, run.training);
  },
  tex: {
    forward:
      '\\mathbf{y} = \\mathbf{x} \\odot \\mathbf{r}, \\quad P\\left(r_j = 0\\right) = p, \\quad P\\left(r_j = \\tfrac{1}{1 - p}\\right) = 1 - p',
    backward:
      '\\frac{\\partial L}{\\partial \\mathbf{x}} = \\frac{\\partial L}{\\partial \\mathbf{y}} \\odot \\mathbf{r}',
  },
};
