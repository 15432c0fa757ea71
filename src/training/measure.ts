/**
 * What a frame measures of the network after an update (runner.ts `frame`):
 * per edge the activation, gradient and update norms the overlay draws, per
 * training node its gradient norm, the tensors small enough to stream, and the
 * activations' saturation and dead units. Pure reads of the network's buffers.
 */
import type { Float } from '../engine/backend';
import type { Network, Param } from '../engine/network';
import { idTable } from '../engine/table';
import { EDGE_STATS, type Frame, type FrameHeader, type FrameTensor } from './frame';

/** Nodes whose tensors hold more numbers than this are not streamed (the neuron view shows small layers). */
export const STREAM_PARAM_LIMIT = 20_000;

const norm = (a: Float, n: number): number => {
  let s = 0;
  for (let i = 0; i < n; i++) s += a[i] * a[i];
  return Math.sqrt(s);
};

/**
 * Per edge (EDGE_STATS): the source's RMS value, ‖∂L/∂(edge)‖, and for an edge into a node that
 * trains tensors (`intoTrained`) that node's last update norm.
 */
export function edgeStatistics(
  net: Network,
  intoTrained: readonly boolean[],
  updateNorms: Readonly<Record<string, number>>,
): Float32Array {
  const edgeStats = new Float32Array(net.graph.edges.length * EDGE_STATS.length);
  net.graph.edges.forEach((edge, i) => {
    const source = net.nodeState(edge.source);
    const grad = net.edgeGradient(edge.id);
    const rows = Math.max(1, net.rows);
    edgeStats[i * 3] = source
      ? norm(source.value, source.value.length) / Math.sqrt(rows * edge.width)
      : NaN;
    edgeStats[i * 3 + 1] = grad ? norm(grad.grad, grad.grad.length) : NaN;
    edgeStats[i * 3 + 2] = intoTrained[i] ? (updateNorms[edge.target] ?? NaN) : NaN;
  });
  return edgeStats;
}

/** ‖∂L/∂θ‖ per node over the tensors it is normed over (`normedTensors`). */
export function gradientNorms(
  normed: ReadonlyMap<string, readonly Param[]>,
): Record<string, number> {
  const gradNorms = idTable<number>();
  for (const [id, tensors] of normed) {
    let s = 0;
    for (const p of tensors) for (let i = 0; i < p.grad.length; i++) s += p.grad[i] * p.grad[i];
    gradNorms[id] = Math.sqrt(s);
  }
  return gradNorms;
}

/** Every node's tensors (values, and gradients of trainable ones) up to STREAM_PARAM_LIMIT numbers a node. */
export function streamedTensors(net: Network): {
  tensors: FrameHeader['tensors'];
  unstreamed: string[];
  params: Frame['params'];
} {
  const tensors: FrameHeader['tensors'] = [];
  const unstreamed: string[] = [];
  const params: Frame['params'] = idTable();
  for (const node of net.graph.nodes) {
    const kept = Object.values(net.nodeParams(node.id));
    if (kept.length === 0) continue;
    if (kept.reduce((n, p) => n + p.value.length, 0) > STREAM_PARAM_LIMIT) {
      unstreamed.push(node.id);
      continue;
    }
    const out = (params[node.id] = idTable<FrameTensor>());
    for (const p of kept) {
      tensors.push({ id: node.id, name: p.name, shape: [...p.shape], trainable: p.trainable });
      out[p.name] = {
        value: Float32Array.from(p.value),
        ...(p.trainable ? { grad: Float32Array.from(p.grad) } : {}),
      };
    }
  }
  return { tensors, unstreamed, params };
}

/** `activationStats` of every activation node that has any. */
export function activationStatistics(net: Network): FrameHeader['nodeStats'] {
  const nodeStats: FrameHeader['nodeStats'] = idTable();
  for (const node of net.graph.nodes) {
    if (node.kind !== 'activation') continue;
    const stats = activationStats(net, node.id, node.inputs[0].source, node.params.fn as string);
    if (stats) nodeStats[node.id] = stats;
  }
  return nodeStats;
}

/** Saturation of sigmoid/tanh outputs and dead ReLU units in the last batch (see FrameHeader.nodeStats). */
export function activationStats(
  net: Network,
  id: string,
  inputId: string,
  fn: string,
): { saturated?: number; dead?: number } | null {
  const out = net.nodeState(id);
  const z = net.nodeState(inputId);
  if (!out || !z || out.rows === 0) return null;
  const a = out.value;
  if (fn === 'tanh' || fn === 'sigmoid') {
    // tanh′ = 1 − a² < 0.06 ⇔ |a| > 0.97;  σ′ = a(1 − a) < 0.06 ⇔ a < 0.064 or a > 0.936
    let flat = 0;
    for (let i = 0; i < a.length; i++) {
      const v = a[i];
      if (fn === 'tanh' ? v > 0.97 || v < -0.97 : v < 0.064 || v > 0.936) flat++;
    }
    return { saturated: flat / a.length };
  }
  if (fn === 'relu') {
    let dead = 0;
    for (let j = 0; j < z.cols; j++) {
      let alive = false;
      for (let r = 0; r < z.rows && !alive; r++) alive = z.value[r * z.cols + j] > 0;
      if (!alive) dead++;
    }
    return { dead: dead / z.cols };
  }
  return null;
}
