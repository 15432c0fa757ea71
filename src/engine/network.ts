/**
 * A compiled graph made runnable: buffers, forward, backward.
 *
 * Layout: every tensor is m × width, samples as rows (the transpose of the
 * seed notes' samples-as-columns). A dense layer l with W⁽ˡ⁾ of shape
 * units × inputs computes, for the batch A (m × inputs):
 *   forward   Z = A·Wᵀ + b                         (m × units)
 *   backward  ∂L/∂W = δᵀ·A  (= δ⁽ˡ⁾·(a⁽ˡ⁻¹⁾)ᵀ)      (units × inputs)
 *             ∂L/∂b = Σ over samples of δ          (units)
 *             ∂L/∂A = δ·W  (= (W⁽ˡ⁾)ᵀ·δ⁽ˡ⁾)        (m × inputs)
 * where δ = ∂L/∂Z. With an activation after it, δ = ∂L/∂a ⊙ f′(z): the
 * delta rule, split over the Dense and Activation nodes the canvas shows.
 *
 * Every node keeps its last forward output and the gradient of the loss with
 * respect to it; every edge keeps the gradient flowing back along it.
 */
import type { Backend, Float } from './backend';
import { createJsBackend } from './backend-js';
import type { CompiledGraph, CompiledNode } from './compile';
import type { Dataset } from './dataset';
import type { ActivationFn, LossFn, NodeKind } from './graph';
import { activate, activationBackward } from './activations';
import { accuracyCount, lossGradient, lossValue } from './losses';
import { Rng } from './random';
import { idTable } from './table';

export type WeightsRecord = Record<string, { W: number[][]; b: number[] }>;

export interface NetworkOptions {
  backend?: Backend;
  /** Seeds the initial weights. */
  seed?: number;
  /** Start from these weights; dense nodes not named here start from the initialiser. */
  weights?: WeightsRecord;
  /** Also compute ∂L/∂x on the input's edges (the canvas shows it; training does not need it). */
  inputGradient?: boolean;
}

/** A trainable tensor and its gradient, as optimizers see it. */
export interface Param {
  nodeId: string;
  name: 'W' | 'b';
  rows: number;
  cols: number;
  value: Float;
  grad: Float;
  /** Whether L2 weight decay applies (weights yes, biases no). */
  decay: boolean;
}

interface RtEdge {
  id: string;
  source: RtNode;
  target: RtNode;
  width: number;
  /** ∂L/∂(the tensor on this edge), m × width. Aliases source.grad when the source has one consumer. */
  grad: Float;
}

interface RtNode {
  spec: CompiledNode;
  id: string;
  kind: NodeKind;
  width: number;
  inputs: RtEdge[];
  outputs: RtEdge[];
  /** Forward output (z for dense, a for activations), m × width. */
  out: Float;
  /** ∂L/∂out, m × width. */
  grad: Float;
  fn: ActivationFn;
  alpha: number;
  /** softmax feeding cross-entropy: backward uses ∂L/∂z = (p − y)/m directly. */
  fused: boolean;
  W: Param | null;
  b: Param | null;
}

/** What the canvas reads of a node: its last output and the gradient on it. */
export interface NodeState {
  rows: number;
  cols: number;
  value: Float;
  grad: Float;
}

export class Network {
  readonly graph: CompiledGraph;
  readonly backend: Backend;
  readonly lossFn: LossFn;
  private readonly nodes: RtNode[] = [];
  private readonly byId = new Map<string, RtNode>();
  private readonly edges = new Map<string, RtEdge>();
  private readonly input: RtNode;
  private readonly output: RtNode;
  private readonly lossEdge: RtEdge;
  private readonly paramList: Param[] = [];
  private targets: Float;
  private capacity = 0;
  private inputGradient: boolean;
  /** Rows in the last forward pass. */
  rows = 0;
  /** The loss of the last forward pass. */
  loss = NaN;

  constructor(graph: CompiledGraph, options: NetworkOptions = {}) {
    this.graph = graph;
    this.backend = options.backend ?? createJsBackend('float64');
    this.lossFn = graph.lossFn;
    this.inputGradient = options.inputGradient ?? false;
    const empty = this.backend.alloc(0);
    this.targets = empty;
    for (const spec of graph.nodes) {
      const node: RtNode = {
        spec,
        id: spec.id,
        kind: spec.kind,
        width: spec.width,
        inputs: [],
        outputs: [],
        out: empty,
        grad: empty,
        fn: (spec.params.fn as ActivationFn) ?? 'linear',
        alpha: (spec.params.alpha as number) ?? 0.01,
        fused: false,
        W: null,
        b: null,
      };
      this.nodes.push(node);
      this.byId.set(spec.id, node);
    }
    for (const e of graph.edges) {
      const edge: RtEdge = {
        id: e.id,
        source: this.byId.get(e.source)!,
        target: this.byId.get(e.target)!,
        width: e.width,
        grad: empty,
      };
      this.edges.set(e.id, edge);
      edge.source.outputs.push(edge);
    }
    for (const node of this.nodes)
      node.inputs = node.spec.inputs.map((i) => this.edges.get(i.edgeId)!);
    this.input = this.byId.get(graph.inputId)!;
    this.output = this.byId.get(graph.outputId)!;
    this.lossEdge = this.byId.get(graph.lossId)!.inputs[0];
    this.output.fused =
      this.lossFn === 'cross_entropy' &&
      this.output.kind === 'activation' &&
      this.output.fn === 'softmax';

    for (const node of this.nodes) {
      if (node.kind !== 'dense') continue;
      const inputs = node.inputs[0].width;
      node.W = {
        nodeId: node.id,
        name: 'W',
        rows: node.width,
        cols: inputs,
        value: empty,
        grad: empty,
        decay: true,
      };
      this.paramList.push(node.W);
      if (node.spec.params.bias) {
        node.b = {
          nodeId: node.id,
          name: 'b',
          rows: node.width,
          cols: 1,
          value: empty,
          grad: empty,
          decay: false,
        };
        this.paramList.push(node.b);
      }
    }
    this.allocate(1, null);
    this.initialise(options.seed ?? 0);
    if (options.weights) this.setWeights(options.weights);
  }

  /** Trainable tensors; the arrays behind them may be replaced by `ensureCapacity`. */
  params(): readonly Param[] {
    return this.paramList;
  }

  /** Makes room for batches of up to m rows. Allocates only when m grows past the capacity. */
  ensureCapacity(m: number): void {
    if (m <= this.capacity) return;
    const saved = this.paramList.map((p) => Float64Array.from(p.value));
    this.allocate(Math.max(m, this.capacity * 2), saved);
  }

  private allocate(capacity: number, saved: Float64Array[] | null): void {
    let total = capacity * this.graph.outputs;
    for (const node of this.nodes) total += 2 * capacity * node.width;
    for (const edge of this.edges.values())
      if (edge.source.outputs.length > 1) total += capacity * edge.width;
    for (const p of this.paramList) total += 2 * p.rows * p.cols;
    this.backend.reserve(total);
    const alloc = (n: number): Float => this.backend.alloc(n);
    this.capacity = capacity;
    this.targets = alloc(capacity * this.graph.outputs);
    for (const node of this.nodes) {
      node.out = alloc(capacity * node.width);
      node.grad = alloc(capacity * node.width);
    }
    for (const edge of this.edges.values()) {
      edge.grad = edge.source.outputs.length > 1 ? alloc(capacity * edge.width) : edge.source.grad;
    }
    this.paramList.forEach((p, i) => {
      p.value = alloc(p.rows * p.cols);
      p.grad = alloc(p.rows * p.cols);
      if (saved) p.value.set(saved[i]);
    });
    this.rows = 0;
  }

  /** xavier: U(±√(6/(in+out))); he: N(0, 2/in); zeros. Biases start at 0. */
  private initialise(seed: number): void {
    const rng = new Rng(seed);
    for (const node of this.nodes) {
      if (!node.W) continue;
      const { rows, cols, value } = node.W;
      const init = node.spec.params.init as string;
      if (init === 'zeros') value.fill(0);
      else if (init === 'he') {
        const std = Math.sqrt(2 / cols);
        for (let i = 0; i < value.length; i++) value[i] = std * rng.normal();
      } else {
        const limit = Math.sqrt(6 / (rows + cols));
        for (let i = 0; i < value.length; i++) value[i] = rng.uniform(-limit, limit);
      }
      node.b?.value.fill(0);
    }
  }

  /** Weights by dense node id: W as [units][inputs], b as [units] (zeros when the layer has no bias). */
  getWeights(): WeightsRecord {
    return this.collect((p) => p.value);
  }

  /** ∂L/∂W and ∂L/∂b of the last backward pass, in the same layout as the weights. */
  getGradients(): WeightsRecord {
    return this.collect((p) => p.grad);
  }

  private collect(pick: (p: Param) => Float): WeightsRecord {
    const out: WeightsRecord = idTable();
    for (const node of this.nodes) {
      if (!node.W) continue;
      const W = pick(node.W);
      const { rows, cols } = node.W;
      out[node.id] = {
        W: Array.from({ length: rows }, (_, r) => Array.from(W.subarray(r * cols, (r + 1) * cols))),
        b: node.b ? Array.from(pick(node.b)) : new Array<number>(rows).fill(0),
      };
    }
    return out;
  }

  /** Replaces the weights of the named dense nodes. Throws with a message naming the node on a shape mismatch. */
  setWeights(weights: WeightsRecord): void {
    for (const [id, w] of Object.entries(weights)) {
      const node = this.byId.get(id);
      if (!node?.W) throw new Error(`weights.${id}: there is no Dense node "${id}"`);
      const { rows, cols, value } = node.W;
      if (w.W.length !== rows || w.W.some((row) => row.length !== cols)) {
        throw new Error(`weights.${id}.W: must be ${rows} × ${cols}`);
      }
      if (w.b.length !== rows)
        throw new Error(`weights.${id}.b: must have ${rows} values, got ${w.b.length}`);
      w.W.forEach((row, r) => value.set(row, r * cols));
      node.b?.value.set(w.b);
    }
  }

  /** Copies the given rows of a data set (indices `order[start..start+count)`, or start.. when order is null) into the batch. */
  loadBatch(data: Dataset, order: Int32Array | null, start: number, count: number): void {
    this.ensureCapacity(count);
    const { x, y, features, targets } = data;
    const inp = this.input.out;
    const tgt = this.targets;
    const width = this.graph.outputs;
    for (let r = 0; r < count; r++) {
      const s = order ? order[start + r] : start + r;
      for (let j = 0, xo = s * features, o = r * features; j < features; j++)
        inp[o + j] = x[xo + j];
      for (let j = 0, yo = s * targets, o = r * width; j < width; j++) tgt[o + j] = y[yo + j];
    }
    this.rows = count;
  }

  /** Forward pass over the loaded batch; returns the loss. */
  forward(): number {
    const m = this.rows;
    const be = this.backend;
    for (const node of this.nodes) {
      const out = node.out;
      const w = node.width;
      switch (node.kind) {
        case 'dense': {
          const a = node.inputs[0].source.out;
          const W = node.W!;
          if (node.b) {
            const b = node.b.value;
            for (let r = 0; r < m; r++) out.set(b, r * w);
          }
          be.gemmNT(m, w, W.cols, a, W.value, out, node.b !== null);
          break;
        }
        case 'activation':
          if (node.fn === 'tanh' && be.tanh) be.tanh(node.inputs[0].source.out, out, m * w);
          else activate(node.fn, node.alpha, node.inputs[0].source.out, out, m * w, w);
          break;
        case 'add': {
          const n = m * w;
          const first = node.inputs[0].source.out;
          for (let i = 0; i < n; i++) out[i] = first[i];
          for (let k = 1; k < node.inputs.length; k++) {
            const a = node.inputs[k].source.out;
            for (let i = 0; i < n; i++) out[i] += a[i];
          }
          break;
        }
        case 'concat': {
          let offset = 0;
          for (const edge of node.inputs) {
            const a = edge.source.out;
            const iw = edge.width;
            for (let r = 0; r < m; r++)
              for (let j = 0; j < iw; j++) out[r * w + offset + j] = a[r * iw + j];
            offset += iw;
          }
          break;
        }
        case 'loss':
          this.loss = lossValue(this.lossFn, this.output.out, this.targets, m, this.graph.outputs);
          break;
        case 'input':
          break;
      }
    }
    return this.loss;
  }

  /** Backward pass after `forward`: fills every node's, edge's and parameter's gradient. */
  backward(): void {
    const m = this.rows;
    const be = this.backend;
    const outW = this.graph.outputs;
    lossGradient(this.lossFn, this.output.out, this.targets, m, outW, this.lossEdge.grad);
    for (let k = this.nodes.length - 1; k >= 0; k--) {
      const node = this.nodes[k];
      const w = node.width;
      const n = m * w;
      const g = node.grad;
      if (node.outputs.length > 1) {
        const first = node.outputs[0].grad;
        for (let i = 0; i < n; i++) g[i] = first[i];
        for (let e = 1; e < node.outputs.length; e++) {
          const eg = node.outputs[e].grad;
          for (let i = 0; i < n; i++) g[i] += eg[i];
        }
      }
      switch (node.kind) {
        case 'dense': {
          const edge = node.inputs[0];
          const W = node.W!;
          be.gemmTN(w, W.cols, m, g, edge.source.out, W.grad, false);
          if (node.b) {
            const db = node.b.grad;
            db.fill(0);
            for (let r = 0; r < m; r++) for (let j = 0; j < w; j++) db[j] += g[r * w + j];
          }
          if (edge.source !== this.input || this.inputGradient)
            be.gemmNN(m, W.cols, w, g, W.value, edge.grad, false);
          break;
        }
        case 'activation': {
          const dz = node.inputs[0].grad;
          if (node.fused) {
            const p = node.out;
            const y = this.targets;
            for (let i = 0; i < n; i++) dz[i] = (p[i] - y[i]) / m;
          } else
            activationBackward(
              node.fn,
              node.alpha,
              node.inputs[0].source.out,
              node.out,
              g,
              dz,
              n,
              w,
            );
          break;
        }
        case 'add':
          for (const edge of node.inputs) {
            const eg = edge.grad;
            for (let i = 0; i < n; i++) eg[i] = g[i];
          }
          break;
        case 'concat': {
          let offset = 0;
          for (const edge of node.inputs) {
            const eg = edge.grad;
            const iw = edge.width;
            for (let r = 0; r < m; r++)
              for (let j = 0; j < iw; j++) eg[r * iw + j] = g[r * w + offset + j];
            offset += iw;
          }
          break;
        }
        case 'input':
        case 'loss':
          break;
      }
    }
  }

  /** Correct predictions in the loaded batch (classification losses), else undefined. */
  batchCorrect(): number | undefined {
    return accuracyCount(this.lossFn, this.output.out, this.targets, this.rows, this.graph.outputs);
  }

  /** Forward and backward over a whole data set in one batch; returns the loss. */
  lossAndGradients(data: Dataset): number {
    this.loadBatch(data, null, 0, data.m);
    this.forward();
    this.backward();
    return this.loss;
  }

  /** Loss (and accuracy for classification) over a data set, in chunks of the current capacity. */
  evaluate(data: Dataset): { loss: number; accuracy?: number } {
    const chunk = Math.max(this.capacity, Math.min(data.m, 256));
    let loss = 0;
    let correct: number | undefined;
    for (let start = 0; start < data.m; start += chunk) {
      const count = Math.min(chunk, data.m - start);
      this.loadBatch(data, null, start, count);
      loss += this.forward() * count;
      const c = this.batchCorrect();
      if (c !== undefined) correct = (correct ?? 0) + c;
    }
    return { loss: loss / data.m, accuracy: correct === undefined ? undefined : correct / data.m };
  }

  /** Predictions (the output node's values) for m rows of x: m × outputs. */
  predict(x: Float64Array, m: number): Float64Array {
    const features = this.graph.features;
    const outputs = this.graph.outputs;
    const result = new Float64Array(m * outputs);
    const chunk = Math.max(this.capacity, Math.min(m, 256));
    const data: Dataset = { x, y: new Float64Array(m * outputs), m, features, targets: outputs };
    for (let start = 0; start < m; start += chunk) {
      const count = Math.min(chunk, m - start);
      this.loadBatch(data, null, start, count);
      this.forward();
      for (let i = 0; i < count * outputs; i++) result[start * outputs + i] = this.output.out[i];
    }
    return result;
  }

  /** The last forward output and gradient of a node (views into live buffers: copy what you keep). */
  nodeState(id: string): NodeState | undefined {
    const node = this.byId.get(id);
    if (!node || node.kind === 'loss') return undefined;
    const n = this.rows * node.width;
    return {
      rows: this.rows,
      cols: node.width,
      value: node.out.subarray(0, n),
      grad: node.grad.subarray(0, n),
    };
  }

  /** ∂L/∂(the tensor on an edge) from the last backward pass. */
  edgeGradient(id: string): { rows: number; cols: number; grad: Float } | undefined {
    const edge = this.edges.get(id);
    if (!edge) return undefined;
    return {
      rows: this.rows,
      cols: edge.width,
      grad: edge.grad.subarray(0, this.rows * edge.width),
    };
  }

  /** The parameters of a dense node. */
  denseParams(id: string): { W: Param; b: Param | null } | undefined {
    const node = this.byId.get(id);
    return node?.W ? { W: node.W, b: node.b } : undefined;
  }

  /** All parameters, flattened, as float64 (to restore after a failed step). */
  snapshot(): Float64Array {
    const out = new Float64Array(this.paramList.reduce((n, p) => n + p.value.length, 0));
    this.exportParams(out);
    return out;
  }

  /** Copies every parameter into `flat` without allocating; false if any is NaN or infinite. */
  exportParams(flat: Float64Array): boolean {
    let o = 0;
    let sum = 0;
    for (const p of this.paramList) {
      const v = p.value;
      for (let i = 0; i < v.length; i++) sum += flat[o + i] = v[i];
      o += v.length;
    }
    // A sum of finite numbers can overflow, but then the weights are absurd anyway.
    return Number.isFinite(sum);
  }

  /** Puts back parameters taken by `snapshot` or `exportParams`. */
  restore(flat: Float64Array): void {
    let o = 0;
    for (const p of this.paramList) {
      const v = p.value;
      for (let i = 0; i < v.length; i++) v[i] = flat[o + i];
      o += v.length;
    }
  }

  /**
   * The first place a non-finite number appears in the last pass: forward
   * outputs in topological order, then gradients from the loss backwards,
   * then the parameters. Null when everything is finite.
   */
  firstNonFinite(): { nodeId: string; where: 'forward' | 'backward' | 'weights' } | null {
    const bad = (a: Float, n: number): boolean => {
      for (let i = 0; i < n; i++) if (!Number.isFinite(a[i])) return true;
      return false;
    };
    const m = this.rows;
    for (const node of this.nodes) {
      if (node.kind === 'loss') {
        if (!Number.isFinite(this.loss)) return { nodeId: node.id, where: 'forward' };
      } else if (bad(node.out, m * node.width)) return { nodeId: node.id, where: 'forward' };
    }
    for (let k = this.nodes.length - 1; k >= 0; k--) {
      const node = this.nodes[k];
      if (node.kind === 'loss' || node.kind === 'input') continue;
      if (bad(node.grad, m * node.width)) return { nodeId: node.id, where: 'backward' };
    }
    for (const p of this.paramList)
      if (bad(p.value, p.value.length)) return { nodeId: p.nodeId, where: 'weights' };
    return null;
  }

  setInputGradient(on: boolean): void {
    this.inputGradient = on;
  }
}
