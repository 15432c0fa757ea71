/**
 * Layer normalisation over the last axis: each sample's features (or, for an
 * image, each position's channels) on its own, the same in training and
 * inference (as Keras' LayerNormalization with axis −1).
 *   forward   μ, σ² of the row;  x̂ = (x − μ)/√(σ² + ε);  y = γ x̂ + β
 *   backward  g = γ ⊙ ∂L/∂y:  ∂L/∂x = (1/(C√(σ² + ε)))(C g − Σ g − x̂ Σ g x̂),
 *             ∂L/∂γ = Σ ∂L/∂y·x̂,  ∂L/∂β = Σ ∂L/∂y   (sums over rows)
 * γ (ones) and β (zeros), one per last-axis feature, train without decay.
 */
import { layerNormBackward, layerNormForward } from '../kernels/norm';
import { epsilonParam, lastAxis, normBackward, normRows, normStats, scaleShift } from './affine';
import type { Op } from './op';
import { kindSpec } from './spec';

export const layernorm: Op = {
  spec: kindSpec('layernorm', { params: [epsilonParam('layernorm')] }),
  infer: (ctx) => ctx.inputs[0].shape,
  parameters: (_node, [shape]) => scaleShift(shape),
  buffers: (node, _inputs, capacity) => normStats(normRows(node, capacity)),
  forward(node, { m }) {
    const { gamma, beta } = node.weights;
    layerNormForward(
      node.inputs[0].source.out,
      node.out,
      normRows(node, m),
      lastAxis(node.shape),
      gamma.value,
      beta.value,
      node.params.epsilon as number,
      node.scratch.normMean,
      node.scratch.normInvStd,
    );
  },
  backward: (node, run) => normBackward(node, run, layerNormBackward),
  tex: {
    forward:
      '\\hat{x}_j = \\frac{x_j - \\mu}{\\sqrt{\\sigma^2 + \\varepsilon}}, \\quad y_j = \\gamma_j\\,\\hat{x}_j + \\beta_j, \\quad \\mu = \\frac{1}{C}\\sum_j x_j, \\quad \\sigma^2 = \\frac{1}{C}\\sum_j (x_j - \\mu)^2',
    backward:
      '\\frac{\\partial L}{\\partial x_j} = \\frac{1}{C\\sqrt{\\sigma^2 + \\varepsilon}}\\Bigl(C g_j - \\sum_k g_k - \\hat{x}_j \\sum_k g_k\\,\\hat{x}_k\\Bigr), \\quad g_j = \\gamma_j \\frac{\\partial L}{\\partial y_j}',
  },
};
