/**
 * What conv2d, maxpool2d and avgpool2d share: an image input [h, w, c], a
 * square window moved by a stride, same or valid padding, and the problems a
 * student meets when the shapes do not fit.
 */
import { t } from '../../i18n';
import type { NodeKind } from '../graph';
import { type Padding, convOutSize } from '../kernels/conv';
import { type InferContext, type Shape, shapeText } from './op';
import { type ParamSpec, kindText, numberParam } from './spec';

export const PADDINGS = ['same', 'valid'] as const;

/** The largest kernel and stride accepted (a 64 × 64 window is already larger than most inputs here). */
const MAX_WINDOW = 64;

/** A window's size or stride: an optional int from 1 to MAX_WINDOW, with a default unless it follows another. */
export const windowParam = (
  kind: NodeKind,
  name: string,
  fallback: { default?: number },
): ParamSpec =>
  numberParam(kind, name, { type: 'int', min: 1, max: MAX_WINDOW, ...fallback, optional: true });

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
