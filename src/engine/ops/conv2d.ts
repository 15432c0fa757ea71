/**
 * A 2-D convolution over NHWC images, as TF's Conv2D: filters k × k × cin,
 * W in HWIO order [k][k][cin][filters], stride s, padding same or valid.
 * With im2col (kernels/conv.ts), the patches of the batch are the rows of a
 * matrix P (m·oh·ow × k·k·cin), and
 *   forward   Z = P·W + b                              (m·oh·ow × filters)
 *   backward  ∂L/∂W = Pᵀ·δ,  ∂L/∂b = Σ_cells δ,  ∂L/∂A = col2im(δ·Wᵀ)
 * where δ = ∂L/∂Z: every weight's gradient sums over every place the filter
 * visited, and every input pixel's sums over every window that covered it.
 */
import { formatNumber, t, tKey } from '../../i18n';
import {
  conv2dBackward,
  conv2dForward,
  conv2dGeometry,
  conv2dScratchSize,
  type Conv2d,
  type Padding,
} from '../kernels/conv';
import type { Float } from '../backend';
import {
  type Init,
  type Op,
  type RtNode,
  type Shape,
  shapeText,
  sizeOf,
  weightsAndBias,
} from './op';
import { countParam, enumParam, kindSpec, LIMITS, weightParams } from './spec';
import { PADDINGS, imageInput, windowOutput, windowParam } from './window';

function geometry(params: Record<string, unknown>, [h, w, c]: Shape): Conv2d {
  return conv2dGeometry(
    h,
    w,
    c,
    params.filters as number,
    params.kernel as number,
    params.stride as number,
    params.padding as Padding,
  );
}

/** Each runtime node's geometry, worked out once (its shapes and parameters are fixed). */
const geometries = new WeakMap<RtNode, Conv2d>();
function geometryOf(node: RtNode): Conv2d {
  let g = geometries.get(node);
  if (!g) {
    g = geometry(node.params, node.inputs[0].shape);
    geometries.set(node, g);
  }
  return g;
}

/**
 * The col buffers that still hold the patches of the last forward's batch
 * (the backward then skips rebuilding them). Keyed by the buffer, so a
 * reallocated one starts empty.
 */
const patchesReady = new WeakSet<Float>();

export const conv2d: Op = {
  spec: kindSpec('conv2d', {
    params: [
      countParam('conv2d', 'filters'),
      windowParam('conv2d', 'kernel', { default: 3 }),
      windowParam('conv2d', 'stride', { default: 1 }),
      enumParam('conv2d', 'padding', PADDINGS, { default: 'same', optional: true }),
      ...weightParams('conv2d', 'he'),
    ],
    starter: { filters: 8 },
  }),
  infer(ctx) {
    const image = imageInput(ctx, 'conv2d');
    if (!image) return undefined;
    const { kernel, stride, padding, filters } = ctx.params as {
      kernel: number;
      stride: number;
      padding: Padding;
      filters: number;
    };
    const out = windowOutput(ctx, image, kernel, stride, padding, 'kernel');
    if (!out) return undefined;
    const shape = [out[0], out[1], filters];
    const values = sizeOf(shape);
    if (values > LIMITS.maxUnits) {
      // Like a Dense layer's units: every value is a buffer column, m rows of them, twice.
      ctx.problem({
        code: 'too-large',
        param: 'filters',
        message: t('problems.graph.convTooLarge', {
          shape: shapeText(shape),
          n: formatNumber(values),
          max: formatNumber(LIMITS.maxUnits),
        }),
      });
      return undefined;
    }
    return shape;
  },
  parameters(node, [image]) {
    const k = node.params.kernel as number;
    const filters = node.params.filters as number;
    const cin = image[2];
    return weightsAndBias(
      node,
      {
        shape: [k, k, cin, filters],
        init: node.params.init as Init,
        // As Keras: a filter sees k·k·cin inputs and each input feeds k·k·filters outputs.
        fanIn: k * k * cin,
        fanOut: k * k * filters,
        axes: tKey('problems.weights.axes.convW'),
      },
      filters,
      tKey('problems.weights.axes.convB'),
    );
  },
  buffers(node, [image], capacity) {
    return { col: conv2dScratchSize(geometry(node.params, image), capacity) };
  },
  forward(node, { m, backend }) {
    const edge = node.inputs[0];
    const { W, b } = node.weights;
    const col = node.scratch.col;
    const x = edge.source.out;
    const ready = conv2dForward(
      backend,
      geometryOf(node),
      m,
      x,
      W.value,
      b?.value ?? null,
      node.out,
      col,
    );
    if (ready) patchesReady.add(col);
    else patchesReady.delete(col);
  },
  backward(node, run) {
    const edge = node.inputs[0];
    const { W, b } = node.weights;
    const col = node.scratch.col;
    const ready = conv2dBackward(
      run.backend,
      geometryOf(node),
      run.m,
      edge.source.out,
      W.value,
      node.grad,
      W.grad,
      b?.grad ?? null,
      run.needsGradient(edge) ? edge.grad : null,
      col,
      patchesReady.has(col),
    );
    if (!ready) patchesReady.delete(col);
  },
  tex: {
    forward: 'z_{y,x,f} = b_f + \\sum_{i,j,c} W_{i,j,c,f}\\, a_{sy+i-p,\\, sx+j-p,\\, c}',
    backward:
      '\\frac{\\partial L}{\\partial W_{i,j,c,f}} = \\sum_{n,y,x} \\delta_{y,x,f}\\, a_{sy+i-p,\\, sx+j-p,\\, c}, \\quad \\frac{\\partial L}{\\partial b_f} = \\sum_{n,y,x} \\delta_{y,x,f}, \\quad \\frac{\\partial L}{\\partial a_{u,v,c}} = \\sum_{f,\\,(y,x)\\,\\ni\\,(u,v)} \\delta_{y,x,f}\\, W_{u-sy+p,\\, v-sx+p,\\, c,f}',
  },
};
