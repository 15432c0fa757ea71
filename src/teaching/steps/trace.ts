/**
 * `traceUpdate` runs the engine (forward, backward, one optimizer update on a
 * copy of the weights) and copies the engine's own buffers: node outputs,
 * gradients on nodes and edges, every tensor a node keeps with its gradient
 * and its value after the update. Nothing shown is recomputed on the side,
 * except f′(z) (the engine's derivative table applied to the engine's z and a)
 * and Adam's intermediate m̂, v̂.
 */
import type { CompiledGraph } from '../../engine/compile';
import type { Dataset } from '../../engine/dataset';
import type { Network } from '../../engine/network';
import { createOptimizer } from '../../engine/optimizers';
import { batchSize, type BatchMode, type TrainConfig } from '../../engine/train';
import { t } from '../../i18n';

export interface Batch {
  data: Dataset;
  /** Which samples, in words: "all 64 samples of the data set (…)", in the current language. */
  readonly description: string;
}

/**
 * The batch step mode takes: the whole data set for full-batch gradient
 * descent (the batch `backprop-studio grad` uses), else the first k samples
 * in file order (training itself draws them in shuffled order).
 */
export function chooseBatch(all: Dataset, mode: BatchMode): Batch {
  const m = all.m;
  if (mode === 'full') {
    return {
      data: all,
      get description() {
        return t('steps.batch.full', { m });
      },
    };
  }
  const k = batchSize(mode, m);
  const data: Dataset = {
    x: all.x.slice(0, k * all.features),
    y: all.y.slice(0, k * all.targets),
    m: k,
    features: all.features,
    targets: all.targets,
  };
  return {
    data,
    get description() {
      return k === 1 ? t('steps.batch.one') : t('steps.batch.first', { k });
    },
  };
}

export interface TensorCopy {
  width: number;
  /** m × width, samples as rows (the engine's layout). */
  value: Float64Array;
  grad: Float64Array;
}

/** One tensor a node keeps (a weight, or state such as a running mean), as the pass left it. */
export interface ParamCopy {
  name: string;
  shape: number[];
  /** shape[0] and the product of the rest: the matrix view. */
  rows: number;
  cols: number;
  /** The value the batch was computed with. */
  value: Float64Array;
  /** ∂L/∂value (zeros for state that is not trained). */
  grad: Float64Array;
  /** The value after the update (state: after the pass's own update, such as running statistics). */
  next: Float64Array;
  trainable: boolean;
  /** Whether L1/L2 regularisation applies to it. */
  decay: boolean;
}

/** The engine's buffers after one forward pass, one backward pass and one update (on a copy). */
export interface Trace {
  graph: CompiledGraph;
  batch: Batch;
  training: TrainConfig;
  m: number;
  /** Targets of the batch, m × outputs. */
  y: Float64Array;
  loss: number;
  /** softmax feeding cross-entropy: backward starts from δ = (p − y)/m. */
  fused: boolean;
  nodes: Map<string, TensorCopy>;
  /** ∂L/∂(the tensor on each edge). */
  edges: Map<string, Float64Array>;
  /** Every node's tensors, in the order the node declares them (nodes without any are absent). */
  tensors: Map<string, ParamCopy[]>;
  /** The dense layers' tensors, as their steps read them (the same arrays as in `tensors`). */
  params: Map<string, DenseCopy>;
}

/** A dense layer's tensors in the trace, as its steps read them. */
export interface DenseCopy {
  units: number;
  inputs: number;
  W: Float64Array;
  dW: Float64Array;
  nextW: Float64Array;
  b: Float64Array | null;
  db: Float64Array | null;
  nextB: Float64Array | null;
}

function denseCopy(tensors: ParamCopy[]): DenseCopy {
  const W = tensors.find((p) => p.name === 'W')!;
  const b = tensors.find((p) => p.name === 'b');
  return {
    units: W.rows,
    inputs: W.cols,
    W: W.value,
    dW: W.grad,
    nextW: W.next,
    b: b ? b.value : null,
    db: b ? b.grad : null,
    nextB: b ? b.next : null,
  };
}

/**
 * Runs one update on a float64 network and copies what step mode shows. The
 * network's tensors are left as they were (the pass and the update are
 * applied, copied, and undone: running statistics included), and so is its
 * count of training passes (which seeds dropout's draws); its gradients are
 * this batch's.
 */
export function traceUpdate(net: Network, batch: Batch, training: TrainConfig): Trace {
  const { data } = batch;
  const m = data.m;
  const before = net.snapshot();
  const passes = net.passes;
  net.loadBatch(data, null, 0, m);
  const loss = net.forward();
  net.backward();
  const graph = net.graph;
  const nodes = new Map<string, TensorCopy>();
  for (const node of graph.nodes) {
    const s = net.nodeState(node.id);
    if (s) nodes.set(node.id, { width: s.cols, value: copy(s.value), grad: copy(s.grad) });
  }
  const edges = new Map<string, Float64Array>();
  for (const edge of graph.edges) {
    const g = net.edgeGradient(edge.id);
    if (g) edges.set(edge.id, copy(g.grad));
  }
  const tensors = new Map<string, ParamCopy[]>();
  const live = new Map<ParamCopy, Float64Array | Float32Array>();
  let offset = 0;
  for (const node of graph.nodes) {
    const kept = Object.values(net.nodeParams(node.id));
    if (kept.length === 0) continue;
    tensors.set(
      node.id,
      kept.map((p) => {
        const c: ParamCopy = {
          name: p.name,
          shape: [...p.shape],
          rows: p.rows,
          cols: p.cols,
          value: before.slice(offset, offset + p.value.length),
          grad: copy(p.grad),
          next: new Float64Array(0),
          trainable: p.trainable,
          decay: p.decay,
        };
        offset += p.value.length;
        live.set(c, p.value);
        return c;
      }),
    );
  }
  createOptimizer(net.params(), training).update(training.learningRate);
  for (const [c, value] of live) c.next = copy(value);
  net.restore(before);
  // The training pass counted one more: put it back, or stepping would shift a later run's dropout masks.
  net.passes = passes;
  const params = new Map<string, DenseCopy>();
  for (const node of graph.nodes)
    if (node.kind === 'dense') params.set(node.id, denseCopy(tensors.get(node.id)!));
  const output = graph.nodes.find((n) => n.id === graph.outputId)!;
  const fused =
    graph.lossFn === 'cross_entropy' &&
    output.kind === 'activation' &&
    output.params.fn === 'softmax';
  return {
    graph,
    batch,
    training: { ...training },
    m,
    y: copy(data.y.subarray(0, m * data.targets)),
    loss,
    fused,
    nodes,
    edges,
    tensors,
    params,
  };
}

function copy(a: ArrayLike<number>): Float64Array {
  return Float64Array.from(a);
}
