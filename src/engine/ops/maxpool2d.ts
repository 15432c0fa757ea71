/**
 * Max pooling over NHWC images, as TF's MaxPool2D: each output value is the
 * largest of its size × size window, channel by channel.
 *   forward   a_{y,x,c} = max over the window of z
 *   backward  ∂L/∂z is ∂L/∂a at the window's maximum and 0 elsewhere: only
 *             the winner affected the output. The forward remembers where
 *             each maximum was (`argmax`).
 */
import { maxPoolBackward, maxPoolForward } from '../kernels/conv';
import type { Op } from './op';
import { poolInfer, poolSpec, windowOf } from './pool';

export const maxpool2d: Op = {
  spec: poolSpec('maxpool2d'),
  infer: (ctx) => poolInfer(ctx, 'maxpool2d'),
  buffers(node, _inputs, capacity) {
    return { argmax: capacity * node.width };
  },
  forward(node, { m }) {
    maxPoolForward(windowOf(node), m, node.inputs[0].source.out, node.out, node.scratch.argmax);
  },
  backward(node, run) {
    const edge = node.inputs[0];
    if (!run.needsGradient(edge)) return;
    maxPoolBackward(windowOf(node), run.m, node.grad, node.scratch.argmax, edge.grad);
  },
  tex: {
    forward: 'a_{y,x,c} = \\max_{(i,j) \\in \\mathcal{W}(y,x)} z_{i,j,c}',
    backward:
      '\\frac{\\partial L}{\\partial z_{i,j,c}} = \\begin{cases} \\frac{\\partial L}{\\partial a_{y,x,c}} & (i,j) = \\arg\\max_{\\mathcal{W}(y,x)} z \\\\ 0 & (i,j) \\neq \\arg\\max_{\\mathcal{W}(y,x)} z \\end{cases}',
  },
};
