/**
 * An element-wise activation a = f(z) (softmax: row-wise). Backward is the
 * delta rule's second half (seed notes §3): ∂L/∂z = ∂L/∂a ⊙ f′(z).
 */
import { ACTIVATION_TABLE } from '../activations';
import type { ActivationFn } from '../graph';
import type { Op } from './op';
import { ACTIVATIONS, enumParam, kindSpec, numberParam } from './spec';

export const activation: Op = {
  spec: kindSpec('activation', {
    params: [
      enumParam('activation', 'fn', ACTIVATIONS, { optional: false }),
      numberParam('activation', 'alpha', {
        type: 'number',
        min: 0,
        max: 1,
        default: 0.01,
        optional: true,
      }),
    ],
    starter: { fn: 'tanh' },
  }),
  infer: (ctx) => ctx.inputs[0].shape,
  forward(node, { m, backend }) {
    // The function's own loop; tanh takes the backend's kernel when it has one.
    ACTIVATION_TABLE[node.params.fn as ActivationFn].forward(
      node.inputs[0].source.out,
      node.out,
      m * node.width,
      node.width,
      node.params.alpha as number,
      backend,
    );
  },
  backward(node, run) {
    const { m } = run;
    const n = m * node.width;
    const dz = node.inputs[0].grad;
    if (node.fused) {
      const p = node.out;
      const y = run.targets;
      for (let i = 0; i < n; i++) dz[i] = (p[i] - y[i]) / m;
      return;
    }
    ACTIVATION_TABLE[node.params.fn as ActivationFn].backward(
      node.inputs[0].source.out,
      node.out,
      node.grad,
      dz,
      n,
      node.width,
      node.params.alpha as number,
    );
  },
  tex: {
    forward: '\\mathbf{a} = f(\\mathbf{z})',
    backward:
      "\\frac{\\partial L}{\\partial \\mathbf{z}} = \\frac{\\partial L}{\\partial \\mathbf{a}} \\odot f'(\\mathbf{z})",
  },
};
