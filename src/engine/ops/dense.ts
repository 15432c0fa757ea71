/**
 * A fully connected layer. W⁽ˡ⁾ is units × inputs; for the batch A (m × inputs):
 *   forward   Z = A·Wᵀ + b                         (m × units)
 *   backward  ∂L/∂W = δᵀ·A  (= δ⁽ˡ⁾·(a⁽ˡ⁻¹⁾)ᵀ)      (units × inputs)
 *             ∂L/∂b = Σ over samples of δ          (units)
 *             ∂L/∂A = δ·W  (= (W⁽ˡ⁾)ᵀ·δ⁽ˡ⁾)        (m × inputs)
 * where δ = ∂L/∂Z (samples as rows: the transpose of the seed notes' columns).
 */
import { t, tKey } from '../../i18n';
import { type Init, type Op, shapeText, weightsAndBias } from './op';
import { countParam, kindSpec, weightParams } from './spec';

export const dense: Op = {
  spec: kindSpec('dense', {
    params: [countParam('dense', 'units'), ...weightParams('dense', 'xavier')],
    starter: { units: 4 },
  }),
  infer(ctx) {
    const from = ctx.inputs[0];
    if (from.shape.length !== 1) {
      ctx.problem({
        code: 'shape-mismatch',
        message: t('problems.graph.denseNeedsVector', {
          shape: shapeText(from.shape),
          node: ctx.label(from.source),
        }),
      });
      return undefined;
    }
    return [ctx.params.units as number];
  },
  parameters(node, [inShape]) {
    const units = node.width;
    const inputs = inShape[0];
    const init = node.params.init as Init;
    return weightsAndBias(
      node,
      {
        shape: [units, inputs],
        init,
        fanIn: inputs,
        fanOut: units,
        axes: tKey('problems.weights.axes.denseW'),
      },
      units,
      tKey('problems.weights.axes.denseB'),
    );
  },
  forward(node, { m, backend }) {
    const a = node.inputs[0].source.out;
    const { W, b } = node.weights;
    const w = node.width;
    if (b) for (let r = 0; r < m; r++) node.out.set(b.value, r * w);
    backend.gemmNT(m, w, W.cols, a, W.value, node.out, b !== undefined);
  },
  backward(node, run) {
    const { m, backend } = run;
    const edge = node.inputs[0];
    const { W, b } = node.weights;
    const w = node.width;
    const g = node.grad;
    backend.gemmTN(w, W.cols, m, g, edge.source.out, W.grad, false);
    if (b) {
      const db = b.grad;
      db.fill(0);
      for (let r = 0; r < m; r++) for (let j = 0; j < w; j++) db[j] += g[r * w + j];
    }
    if (run.needsGradient(edge)) backend.gemmNN(m, W.cols, w, g, W.value, edge.grad, false);
  },
  tex: {
    forward: '\\mathbf{z}^{(l)} = W^{(l)}\\mathbf{a}^{(l-1)} + \\mathbf{b}^{(l)}',
    backward:
      '\\frac{\\partial L}{\\partial W^{(l)}} = \\boldsymbol{\\delta}^{(l)}(\\mathbf{a}^{(l-1)})^{\\top}, \\quad \\frac{\\partial L}{\\partial \\mathbf{b}^{(l)}} = \\sum_i \\boldsymbol{\\delta}^{(l)}_{:,i}, \\quad \\frac{\\partial L}{\\partial \\mathbf{a}^{(l-1)}} = (W^{(l)})^{\\top}\\boldsymbol{\\delta}^{(l)}',
  },
};
