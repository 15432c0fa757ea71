/** Element-wise sum of its inputs (a residual connection); the gradient flows unchanged to each. */
import { t } from '../../i18n';
import { listed } from '../messages';
import { type Op, shapeText } from './op';
import { joinSpec } from './spec';

const same = (a: readonly number[], b: readonly number[]): boolean =>
  a.length === b.length && a.every((v, i) => v === b[i]);

export const add: Op = {
  spec: joinSpec('add'),
  infer(ctx) {
    const first = ctx.inputs[0].shape;
    if (ctx.inputs.every((i) => same(i.shape, first))) return first;
    const list = listed(
      ctx.inputs.map((i) =>
        t('problems.graph.shapeFrom', { shape: shapeText(i.shape), node: ctx.label(i.source) }),
      ),
    );
    ctx.problem({ code: 'shape-mismatch', message: t('problems.graph.addShapes', { list }) });
    for (const i of ctx.inputs) {
      if (same(i.shape, first)) continue;
      ctx.problem({
        code: 'shape-mismatch',
        edgeId: i.edgeId,
        message: t('problems.graph.addEdgeShape', {
          shape: shapeText(i.shape),
          first: shapeText(first),
        }),
      });
    }
    return undefined;
  },
  forward(node, { m }) {
    const n = m * node.width;
    const out = node.out;
    const first = node.inputs[0].source.out;
    for (let i = 0; i < n; i++) out[i] = first[i];
    for (let k = 1; k < node.inputs.length; k++) {
      const a = node.inputs[k].source.out;
      for (let i = 0; i < n; i++) out[i] += a[i];
    }
  },
  backward(node, { m }) {
    const n = m * node.width;
    const g = node.grad;
    for (const edge of node.inputs) {
      const eg = edge.grad;
      for (let i = 0; i < n; i++) eg[i] = g[i];
    }
  },
  tex: {
    forward: '\\mathbf{h} = \\textstyle\\sum_k \\mathbf{a}_k',
    backward:
      '\\frac{\\partial L}{\\partial \\mathbf{a}_k} = \\frac{\\partial L}{\\partial \\mathbf{h}}',
  },
};
