/**
 * Joins its inputs along the last axis (features, or channels of images whose
 * height and width agree); backward hands each input its slice of the gradient.
 */
import { t } from '../../i18n';
import type { Float } from '../backend';
import { type Op, type RtEdge, type RtNode, shapeText } from './op';
import { joinSpec } from './spec';

/** Rows of the last axis in the batch: m for vectors, m·h·w for images. */
const rowsOf = (node: RtNode, m: number): number =>
  (m * node.width) / node.shape[node.shape.length - 1];

/**
 * Input k's rows are columns offset_k … offset_k + iw − 1 of the joined rows (offset_k: the
 * widths before it). `into` copies each input's part (`part(edge)`) into `whole`, the output;
 * otherwise the other way, whole (the gradient) into each part.
 */
function copyColumns(
  node: RtNode,
  m: number,
  whole: Float,
  part: (edge: RtEdge) => Float,
  into: boolean,
): void {
  const rows = rowsOf(node, m);
  const w = node.shape[node.shape.length - 1];
  let offset = 0;
  for (const edge of node.inputs) {
    const a = part(edge);
    const iw = edge.shape[edge.shape.length - 1];
    for (let r = 0, o = offset, i = 0; r < rows; r++, o += w, i += iw) {
      if (into) for (let j = 0; j < iw; j++) whole[o + j] = a[i + j];
      else for (let j = 0; j < iw; j++) a[i + j] = whole[o + j];
    }
    offset += iw;
  }
}

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
  forward: (node, { m }) => copyColumns(node, m, node.out, (edge) => edge.source.out, true),
  backward: (node, { m }) => copyColumns(node, m, node.grad, (edge) => edge.grad, false),
  tex: {
    forward: '\\mathbf{h} = [\\mathbf{a}_1; \\mathbf{a}_2; \\ldots]',
    backward:
      '\\frac{\\partial L}{\\partial \\mathbf{a}_k} = \\left(\\frac{\\partial L}{\\partial \\mathbf{h}}\\right)_{k}',
  },
};
