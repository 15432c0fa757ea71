/**
 * What conv2d, maxpool2d and avgpool2d share: an image input [h, w, c], a
 * square window moved by a stride, same or valid padding, and the problems a
 * student meets when the shapes do not fit.
 */
import { t } from '../../i18n';
import type { NodeKind } from '../graph';
import { type Padding, convOutSize } from '../kernels/conv';
import { type InferContext, type Shape, shapeText } from './op';
import { kindText } from './spec';

export const PADDINGS = ['same', 'valid'] as const;

/** The incoming image [h, w, c], or undefined after saying why the input is not one. */
export function imageInput(ctx: InferContext, kind: NodeKind): Shape | undefined {
  const from = ctx.inputs[0];
  if (from.shape.length === 3) return from.shape;
  ctx.problem({
    code: 'shape-mismatch',
    message: t('problems.graph.needsImage', {
      kind: t(kindText(kind).label),
      shape: shapeText(from.shape),
      node: ctx.label(from.source),
    }),
  });
  return undefined;
}

/**
 * The output's [height, width] for a size × size window, or undefined after
 * reporting (on the parameter `param`) a window larger than a 'valid' input.
 */
export function windowOutput(
  ctx: InferContext,
  [h, w]: Shape,
  size: number,
  stride: number,
  padding: Padding,
  param: string,
): [number, number] | undefined {
  const oh = convOutSize(h, size, stride, padding);
  const ow = convOutSize(w, size, stride, padding);
  if (oh > 0 && ow > 0) return [oh, ow];
  ctx.problem({
    code: 'bad-param',
    param,
    message: t('problems.graph.windowTooLarge', { size, h, w, max: Math.min(h, w) }),
  });
  return undefined;
}
