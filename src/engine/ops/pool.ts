/**
 * What maxpool2d and avgpool2d share: their parameters, shape inference and
 * each runtime node's window.
 */
import type { NodeKind } from '../graph';
import type { Window2d } from '../kernels/conv';
import { window2d, type Padding } from '../kernels/conv';
import type { InferContext, RtNode, Shape } from './op';
import type { KindSpec } from './spec';
import { enumParam, kindSpec } from './spec';
import { imageInput, windowOutput, windowParam } from './window';

const POOL_PADDINGS = ['valid', 'same'] as const;

export function poolSpec(kind: NodeKind): KindSpec {
  return kindSpec(kind, {
    params: [
      windowParam(kind, 'size', { default: 2 }),
      windowParam(kind, 'stride', {}),
      enumParam(kind, 'padding', POOL_PADDINGS, { default: 'valid', optional: true }),
    ],
  });
}

/** The window of a pooling node with these parameters over this image (stride defaults to the size). */
function poolWindow(params: Record<string, unknown>, [h, w, c]: Shape): Window2d {
  const size = params.size as number;
  const stride = (params.stride as number | undefined) ?? size;
  return window2d(h, w, c, size, stride, params.padding as Padding);
}

export function poolInfer(ctx: InferContext, kind: NodeKind): Shape | undefined {
  const image = imageInput(ctx, kind);
  if (!image) return undefined;
  const size = ctx.params.size as number;
  const stride = (ctx.params.stride as number | undefined) ?? size;
  const out = windowOutput(ctx, image, size, stride, ctx.params.padding as Padding, 'size');
  return out && [out[0], out[1], image[2]];
}

const windows = new WeakMap<RtNode, Window2d>();
/** A runtime node's window, worked out once (its shapes and parameters are fixed). */
export function windowOf(node: RtNode): Window2d {
  let g = windows.get(node);
  if (!g) {
    g = poolWindow(node.params, node.inputs[0].shape);
    windows.set(node, g);
  }
  return g;
}
