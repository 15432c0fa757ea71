/**
 * Batch normalisation per channel (the last axis), over the m samples and
 * every position (h × w) of the batch: N = m·h·w values per channel.
 *   training   μ, σ² of the batch (biased, as Keras);  x̂ = (x − μ)/√(σ² + ε),
 *              y = γ x̂ + β;  running ← momentum·running + (1 − momentum)·batch
 *   inference  the running mean and variance instead of the batch's
 *   backward   ∂L/∂β = Σ ∂L/∂y,  ∂L/∂γ = Σ ∂L/∂y·x̂,
 *              ∂L/∂x = (γ/(N√(σ² + ε)))(N ∂L/∂y − Σ ∂L/∂y − x̂ Σ ∂L/∂y·x̂)
 * γ (ones) and β (zeros) train without weight decay; mean (zeros) and
 * variance (ones) are state the optimizer leaves alone.
 */
import { batchNormBackward, batchNormForward } from '../kernels/norm';
import { epsilonParam, lastAxis, normBackward, normRows, normStats, scaleShift } from './affine';
import type { Op } from './op';
import { kindSpec, numberParam } from './spec';

export const batchnorm: Op = {
  spec: kindSpec('batchnorm', {
    params: [
      numberParam('batchnorm', 'momentum', {
        type: 'number',
        min: 0,
        max: 1,
        default: 0.99,
        optional: true,
      }),
      epsilonParam('batchnorm'),
    ],
  }),
  infer: (ctx) => ctx.inputs[0].shape,
  parameters: (_node, [shape]) =>
    scaleShift(shape, [
      ['mean', 'zeros'],
      ['variance', 'ones'],
    ]),
  buffers: (node) => normStats(lastAxis(node.shape)),
  forward(node, { m, training }) {
    const { gamma, beta, mean, variance } = node.weights;
    batchNormForward(
      node.inputs[0].source.out,
      node.out,
      normRows(node, m),
      lastAxis(node.shape),
      {
        gamma: gamma.value,
        beta: beta.value,
        runningMean: mean.value,
        runningVariance: variance.value,
        momentum: node.params.momentum as number,
        epsilon: node.params.epsilon as number,
      },
      training,
      node.scratch.normMean,
      node.scratch.normInvStd,
    );
  },
  backward: (node, run) => normBackward(node, run, batchNormBackward),
  tex: {
    forward:
      '\\hat{x} = \\frac{x - \\mu_B}{\\sqrt{\\sigma_B^2 + \\varepsilon}}, \\quad y = \\gamma\\,\\hat{x} + \\beta, \\quad \\mu_B = \\frac{1}{N}\\sum x, \\quad \\sigma_B^2 = \\frac{1}{N}\\sum (x - \\mu_B)^2',
    backward:
      '\\frac{\\partial L}{\\partial x} = \\frac{\\gamma}{N\\sqrt{\\sigma_B^2 + \\varepsilon}}\\Bigl(N\\,\\frac{\\partial L}{\\partial y} - \\sum \\frac{\\partial L}{\\partial y} - \\hat{x}\\sum \\frac{\\partial L}{\\partial y}\\,\\hat{x}\\Bigr), \\quad \\frac{\\partial L}{\\partial \\gamma} = \\sum \\frac{\\partial L}{\\partial y}\\,\\hat{x}, \\quad \\frac{\\partial L}{\\partial \\beta} = \\sum \\frac{\\partial L}{\\partial y}',
  },
};
