/**
 * Average pooling over NHWC images, as TF's AvgPool2D: each output value is
 * the mean of its window's real cells (with same padding, edge windows hold
 * fewer), channel by channel.
 *   forward   a_{y,x,c} = (1/|window|) Σ_window z
 *   backward  ∂L/∂z_{i,j,c} = Σ over the windows holding (i,j) of ∂L/∂a / |window|
 */
import { avgPoolBackward, avgPoolForward } from '../kernels/conv';
import type { Op } from './op';
import { poolInfer, poolSpec, windowOf } from './pool';

export const avgpool2d: Op = {
  spec: poolSpec('avgpool2d'),
  infer: (ctx) => poolInfer(ctx, 'avgpool2d'),
  forward(node, { m }) {
    avgPoolForward(windowOf(node), m, node.inputs[0].source.out, node.out);
  },
  backward(node, run) {
    const edge = node.inputs[0];
    if (!run.needsGradient(edge)) return;
    avgPoolBackward(windowOf(node), run.m, node.grad, edge.grad);
  },
  tex: {
    forward: 'a_{y,x,c} = \\frac{1}{|W_{y,x}|} \\sum_{(i,j) \\in W_{y,x}} z_{i,j,c}',
    backward:
      '\\frac{\\partial L}{\\partial z_{i,j,c}} = \\sum_{(y,x):\\, (i,j) \\in W_{y,x}} \\frac{1}{|W_{y,x}|} \\frac{\\partial L}{\\partial a_{y,x,c}}',
  },
};
