/**
 * Joins its inputs along the last axis (features, or channels of images whose
 * height and width agree); backward hands each input its slice of the gradient.
 */
import { t } from '../../i18n';
import { type Op, type RtNode, shapeText } from './op';
import { joinSpec } from './spec';

/** Rows of the last axis in the batch: m for vectors, m·h·w for images. */
const rowsOf = (node: RtNode, m: number): number =>
  (m * node.width) / node.shape[node.shape.length - 1];

export const concat: Op = {
  spec: joinSpec('concat'),
  infer(ctx) {
    const first = ctx.inputs[0].shape;
    const lead = first.slice(0, -1);
    const bad = ctx.inputs.find(
      (i) => i.shape.length !== first.length || i.shape.slice(0, -1).some((v, k) => v !== lead[k]),
    );
    if (bad) {
      ctx.problem({
        code: 'shape-mismatch',
        edgeId: bad.edgeId,
        message: t('problems.graph.concatShapes', {
          shape: shapeText(bad.shape),
          first: shapeText(first),
        }),
      });
      return undefined;
    }
    const last = ctx.inputs.reduce((sum, i) => sum + i.shape[i.shape.length - 1], 0);
    return [...lead, last];
  },
  forward(node, { m }) {
    const rows = rowsOf(node, m);
    const w = node.shape[node.shape.length - 1];
    const out = node.out;
    let offset = 0;
    for (const edge of node.inputs) {
      const a = edge.source.out;
      const iw = edge.shape[edge.shape.length - 1];
      for (let r = 0; r < rows; r++)
        for (let j = 0; j < iw; j++) out[r * w + offset + j] = a[r * iw + j];
      offset += iw;
    }
  },
  backward(node, { m }) {
    const rows = rowsOf(node, m);
    const w = node.shape[node.shape.length - 1];
    const g = node.grad;
    let offset = 0;
    for (const edge of node.inputs) {
      const eg = edge.grad;
      const iw = edge.shape[edge.shape.length - 1];
      for (let r = 0; r < rows; r++)
        for (let j = 0; j < iw; j++) eg[r * iw + j] = g[r * w + offset + j];
      offset += iw;
    }
  },
  tex: {
    forward: '\\mathbf{h} = [\\mathbf{a}_1; \\mathbf{a}_2; \\ldots]',
    backward:
      '\\frac{\\partial L}{\\partial \\mathbf{a}_k} = \\left(\\frac{\\partial L}{\\partial \\mathbf{h}}\\right)_{k}',
  },
};
