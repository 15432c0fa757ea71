/**
 * What the convolution view shows for one sample, computed with the engine:
 * one inference forward pass and one backward pass of that sample alone, with
 * the input's gradient switched on. Feature maps are a conv node's outputs
 * ([h, w, filters], channels last), kernels its W ([kh][kw][cin][filters],
 * TF's HWIO) and the input gradient ∂L/∂x, summed over the input's edges.
 * Pure (no React, no store): the view and the tests call it with a Network.
 */
import type { Network } from '#src/engine/network';
import type { Dataset } from '#src/engine/dataset';
import type { CompiledGraph } from '#src/engine/compile';

/** An image: height × width × channels numbers, channels last. */
export interface Image {
  height: number;
  width: number;
  channels: number;
  values: Float64Array;
}

export interface SampleBackprop {
  /** The sample's features as an image (the input node's shape). */
  image: Image;
  /** ∂L/∂x for this sample, the input's shape. */
  inputGradient: Image;
  /** The prediction node's output (e.g. class probabilities). */
  prediction: Float64Array;
  /** The sample's targets. */
  target: Float64Array;
  /** The loss of this sample alone. */
  loss: number;
  /** Outputs of image-shaped nodes by id ([h, w, c]), e.g. a conv layer's feature maps. */
  maps: Record<string, Image>;
}

/** [h, w, c] of a shape, or null when it is not an image. */
export function imageShape(shape: readonly number[] | undefined): [number, number, number] | null {
  return shape && shape.length === 3 ? [shape[0], shape[1], shape[2]] : null;
}

/** The conv2d nodes of a graph, in topological order. */
export function convNodes(graph: CompiledGraph): string[] {
  return graph.nodes.filter((n) => n.kind === 'conv2d').map((n) => n.id);
}

/** Index of the largest value (the class a one-hot target or a softmax output names). */
export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let k = 1; k < values.length; k++) if (values[k] > values[best]) best = k;
  return best;
}

/**
 * Runs sample `index` of `data` through `net` (inference: no dropout, running statistics) and
 * back. Null when the data does not fit the network or the input is not an image.
 * Leaves the network's input gradient as it found it (off) and its weights untouched.
 */
export function sampleBackprop(net: Network, data: Dataset, index: number): SampleBackprop | null {
  const graph = net.graph;
  const input = graph.nodes.find((n) => n.id === graph.inputId);
  const shape = imageShape(input?.shape);
  if (!input || !shape || data.features !== graph.features || data.targets !== graph.outputs)
    return null;
  if (index < 0 || index >= data.m) return null;
  const [height, width, channels] = shape;
  const features = graph.features;
  net.setInputGradient(true);
  try {
    net.loadBatch(data, null, index, 1);
    const loss = net.forward(false);
    net.backward();
    const grad = new Float64Array(features);
    for (const edgeId of input.outputs) {
      const g = net.edgeGradient(edgeId);
      if (!g) continue;
      for (let i = 0; i < features; i++) grad[i] += g.grad[i];
    }
    const maps: Record<string, Image> = {};
    for (const node of graph.nodes) {
      const s = imageShape(node.shape);
      const state = s && node.id !== graph.inputId ? net.nodeState(node.id) : undefined;
      if (!s || !state) continue;
      maps[node.id] = {
        height: s[0],
        width: s[1],
        channels: s[2],
        values: Float64Array.from(state.value.subarray(0, node.width)),
      };
    }
    const out = net.nodeState(graph.outputId);
    return {
      image: {
        height,
        width,
        channels,
        values: data.x.slice(index * features, (index + 1) * features),
      },
      inputGradient: { height, width, channels, values: grad },
      prediction: out
        ? Float64Array.from(out.value.subarray(0, graph.outputs))
        : new Float64Array(),
      target: data.y.slice(index * data.targets, (index + 1) * data.targets),
      loss,
      maps,
    };
  } finally {
    net.setInputGradient(false);
  }
}

/** Channel `c` of an image as a height × width plane, row by row. */
export function channelOf(image: Image, c: number): Float64Array {
  const plane = new Float64Array(image.height * image.width);
  for (let p = 0; p < plane.length; p++) plane[p] = image.values[p * image.channels + c];
  return plane;
}

/** The kernels of a conv node: kh × kw planes per input channel and filter. */
export interface Kernels {
  kh: number;
  kw: number;
  cin: number;
  filters: number;
  /** W as the engine keeps it: [kh][kw][cin][filters], flat. */
  values: ArrayLike<number>;
  /** b per filter, or null without bias. */
  bias: ArrayLike<number> | null;
}

/** A conv node's kernels from the network's current weights, or null when it has none. */
export function kernelsOf(net: Network, id: string): Kernels | null {
  const W = net.nodeParams(id).W;
  if (!W || W.shape.length !== 4) return null;
  const [kh, kw, cin, filters] = W.shape;
  const b = net.nodeParams(id).b;
  return { kh, kw, cin, filters, values: W.value, bias: b ? b.value : null };
}

/** The kh × kw plane of filter `f` over input channel `c`, row by row. */
export function kernelPlane(k: Kernels, f: number, c: number): Float64Array {
  const plane = new Float64Array(k.kh * k.kw);
  for (let i = 0; i < k.kh; i++)
    for (let j = 0; j < k.kw; j++)
      plane[i * k.kw + j] = k.values[((i * k.kw + j) * k.cin + c) * k.filters + f];
  return plane;
}

/**
 * A short fingerprint of numbers (the sum of |v|·(i+1) over the largest |v|, 6 significant digits):
 * the end-to-end tests read it from data attributes to see that what is drawn changes.
 */
export function digest(values: ArrayLike<number>): string {
  let s = 0;
  let max = 0;
  for (let i = 0; i < values.length; i++) {
    const a = Math.abs(values[i]);
    s += a * (i + 1);
    if (a > max) max = a;
  }
  return `${Number(s.toPrecision(6))}/${Number(max.toPrecision(6))}`;
}
