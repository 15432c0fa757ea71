/**
 * A compiled graph made runnable: buffers, forward, backward.
 *
 * Layout: every tensor is m × width, samples as rows (the transpose of the
 * seed notes' samples-as-columns). Each node's kind has an op module
 * (`ops/<kind>.ts`) with its forward and backward; the network owns the
 * buffers and walks the nodes in topological order, forward, then backward
 * from the loss. A dense layer followed by an activation is the delta rule,
 * split over the two nodes the canvas shows: δ = ∂L/∂a ⊙ f′(z), then
 * ∂L/∂W = δᵀ·A and ∂L/∂A = δ·W (ops/dense.ts).
 *
 * Every node keeps its last forward output and the gradient of the loss with
 * respect to it; every edge keeps the gradient flowing back along it.
 * Building the runtime nodes and initialising the tensors is network-wiring.ts.
 */
import type { Backend, Float } from './backend';
import { createJsBackend } from './backend-js';
import type { CompiledGraph } from './compile';
import type { Dataset } from './dataset';
import type { LossFn } from './graph';
import { accuracyCount } from './losses';
import { initialise, scratchSizes, wire } from './network-wiring';
import { OPS, type Param, type RtEdge, type RtNode, type Run, sizeOf } from './ops';
import { Rng } from './random';
import { idTable } from './table';
import { flattenInto, toNested, weightsFit, type Tensor, type WeightsRecord } from './weights';

export type { Param } from './ops';
export type { WeightsRecord } from './weights';

export interface NetworkOptions {
  backend?: Backend;
  /** Seeds the initial weights and the draws of training passes (dropout). */
  seed?: number;
  /** Start from these tensors; those not named here start from their initialiser. */
  weights?: WeightsRecord;
  /** Also compute ∂L/∂x on the input's edges (the canvas shows it; training does not need it). */
  inputGradient?: boolean;
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
  private readonly nodes: RtNode[];
  private readonly byId: Map<string, RtNode>;
  private readonly edges: Map<string, RtEdge>;
  private readonly input: RtNode;
  private readonly output: RtNode;
  /** Every tensor the nodes keep (trainable or not), in node order. */
  private readonly tensors: Param[];
  private readonly trainable: Param[];
  private readonly run: Run;
  /** Seeds the initial weights and each training pass's draws. */
  readonly seed: number;
  private targets: Float;
  private capacity = 0;
  private inputGradient: boolean;
  /** Rows in the last forward pass. */
  rows = 0;
  /** The loss of the last forward pass. */
  loss = NaN;
  /** Training passes so far: seeds each pass's draws, so a run (and a resumed run) replays exactly. */
  passes = 0;
  /** When set, every training pass draws the same (gradient checks need a fixed dropout mask). */
  holdDraws = false;
  /**
   * Which thread's share of a data-parallel batch this network computes: each draws its own
   * numbers for a pass (0, the only thread of a single-thread run, draws as always).
   */
  stream = 0;

  constructor(graph: CompiledGraph, options: NetworkOptions = {}) {
    this.graph = graph;
    this.backend = options.backend ?? createJsBackend('float64');
    this.lossFn = graph.lossFn;
    this.inputGradient = options.inputGradient ?? false;
    this.seed = options.seed ?? 0;
    const empty = this.backend.alloc(0);
    this.targets = empty;
    const wiring = wire(graph, empty);
    this.nodes = wiring.nodes;
    this.byId = wiring.byId;
    this.edges = wiring.edges;
    this.tensors = wiring.tensors;
    this.trainable = wiring.trainable;
    this.input = this.byId.get(graph.inputId)!;
    this.output = this.byId.get(graph.outputId)!;
    this.output.fused =
      this.lossFn === 'cross_entropy' &&
      this.output.kind === 'activation' &&
      this.output.params.fn === 'softmax';
    this.run = {
      m: 0,
      backend: this.backend,
      training: true,
      rng: new Rng(this.seed),
      targets: empty,
      lossFn: this.lossFn,
      needsGradient: (edge) => edge.source !== this.input || this.inputGradient,
      loss: NaN,
    };
    this.allocate(1, null);
    initialise(graph, this.byId, this.seed);
    if (options.weights) this.setWeights(options.weights);
  }

  /** Trainable tensors; the arrays behind them may be replaced by `ensureCapacity`. */
  params(): readonly Param[] {
    return this.trainable;
  }

  /** Every tensor (trainable and state), in node order; the arrays may be replaced by `ensureCapacity`. */
  allTensors(): readonly Param[] {
    return this.tensors;
  }

  /**
   * Makes the tensors' values these arrays (one per tensor, in `allTensors()` order): a thread
   * of a data-parallel run reads the weights the first thread updates. Until the next
   * `ensureCapacity` that allocates.
   */
  bindValues(values: readonly Float[]): void {
    this.tensors.forEach((p, i) => {
      if (values[i].length !== p.value.length)
        throw new Error(`bindValues: ${p.nodeId}.${p.name} needs ${p.value.length} values`);
      p.value = values[i];
    });
  }

  /** The batch's capacity in rows. */
  get batchCapacity(): number {
    return this.capacity;
  }

  /** Makes room for batches of up to m rows. Allocates only when m grows past the capacity. */
  ensureCapacity(m: number): void {
    if (m <= this.capacity) return;
    const saved = this.tensors.map((p) => Float64Array.from(p.value));
    this.allocate(Math.max(m, this.capacity * 2), saved);
  }

  private allocate(capacity: number, saved: Float64Array[] | null): void {
    const scratch = scratchSizes(this.graph, this.byId, capacity);
    let total = capacity * this.graph.outputs;
    for (const node of this.nodes) total += 2 * capacity * node.width;
    for (const edge of this.edges.values())
      if (edge.source.outputs.length > 1) total += capacity * edge.width;
    for (const p of this.tensors) total += 2 * p.value.length + 2 * sizeOf(p.shape);
    for (const sizes of scratch) for (const n of Object.values(sizes)) total += n;
    this.backend.reserve(total);
    const alloc = (n: number): Float => this.backend.alloc(n);
    this.capacity = capacity;
    this.targets = alloc(capacity * this.graph.outputs);
    this.nodes.forEach((node, k) => {
      node.out = alloc(capacity * node.width);
      node.grad = alloc(capacity * node.width);
      node.scratch = {};
      for (const [name, n] of Object.entries(scratch[k])) node.scratch[name] = alloc(n);
    });
    for (const edge of this.edges.values()) {
      edge.grad = edge.source.outputs.length > 1 ? alloc(capacity * edge.width) : edge.source.grad;
    }
    this.tensors.forEach((p, i) => {
      const n = sizeOf(p.shape);
      p.value = alloc(n);
      p.grad = alloc(n);
      if (saved) p.value.set(saved[i]);
    });
    this.run.targets = this.targets;
    this.rows = 0;
  }

  /** Every node's tensors (trainable and state), as nested lists: `{ [nodeId]: { [name]: tensor } }`. */
  getWeights(): WeightsRecord {
    return this.collect(this.tensors, (p) => p.value);
  }

  /** The gradients of the trainable tensors from the last backward pass, in the same layout. */
  getGradients(): WeightsRecord {
    return this.collect(this.trainable, (p) => p.grad);
  }

  private collect(list: readonly Param[], pick: (p: Param) => Float): WeightsRecord {
    const out: WeightsRecord = idTable();
    for (const p of list) (out[p.nodeId] ??= {})[p.name] = toNested(pick(p), p.shape);
    return out;
  }

  /** Replaces the named tensors. Throws with a message naming the node and tensor when one does not fit. */
  setWeights(weights: WeightsRecord): void {
    const problems = weightsFit(this.graph, weights);
    if (problems.length > 0) {
      const [first] = problems;
      throw new Error(`weights.${first.path.join('.')}: ${first.message}`);
    }
    for (const [id, tensors] of Object.entries(weights)) {
      const node = this.byId.get(id)!;
      for (const [name, tensor] of Object.entries(tensors))
        flattenInto(tensor as Tensor, node.weights[name].value);
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

  /**
   * Copies rows `idx[0..count)` of a data set already in the backend's memory (x: m × features,
   * y: m × targets, float32) into the batch, with the backend's gatherRows. False, copying
   * nothing, where the backend cannot.
   */
  loadRows(x: Float, y: Float, idx: Int32Array, count: number): boolean {
    this.ensureCapacity(count);
    const gather = this.backend.gatherRows;
    if (!gather) return false;
    const b = this.backend;
    if (!gather.call(b, x, this.graph.features, idx, count, this.input.out)) return false;
    if (!gather.call(b, y, this.graph.outputs, idx, count, this.targets)) return false;
    this.rows = count;
    return true;
  }

  /**
   * Forward pass over the loaded batch; returns the loss. Training passes
   * (the default) drop out and use batch statistics; inference passes do not.
   */
  forward(training = true): number {
    const run = this.run;
    run.m = this.rows;
    run.training = training;
    if (training) {
      const stream = this.stream === 0 ? 0 : Math.imul(this.stream, 0xc2b2ae35);
      run.rng.reseed(((this.seed * 0x9e3779b1) ^ (this.passes * 0x85ebca6b) ^ stream) >>> 0);
      if (!this.holdDraws) this.passes++;
    }
    run.loss = NaN;
    for (const node of this.nodes) OPS[node.kind].forward(node, run);
    this.loss = run.loss;
    return this.loss;
  }

  /** Backward pass after `forward`: fills every node's, edge's and parameter's gradient. */
  backward(): void {
    const run = this.run;
    const n0 = this.rows;
    for (let k = this.nodes.length - 1; k >= 0; k--) {
      const node = this.nodes[k];
      if (node.outputs.length > 1) {
        const n = n0 * node.width;
        const g = node.grad;
        const first = node.outputs[0].grad;
        for (let i = 0; i < n; i++) g[i] = first[i];
        for (let e = 1; e < node.outputs.length; e++) {
          const eg = node.outputs[e].grad;
          for (let i = 0; i < n; i++) g[i] += eg[i];
        }
      }
      OPS[node.kind].backward(node, run);
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
      loss += this.forward(false) * count;
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
      this.forward(false);
      for (let i = 0; i < count * outputs; i++) result[start * outputs + i] = this.output.out[i];
    }
    return result;
  }

  /** The last forward output and gradient of a node (views into live buffers: copy what you keep). */
  nodeState(id: string): NodeState | undefined {
    const node = this.byId.get(id);
    if (!node || !OPS[node.kind].spec.hasOutput) return undefined;
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
    return node?.kind === 'dense' ? { W: node.weights.W, b: node.weights.b ?? null } : undefined;
  }

  /** A node's tensors by name (empty for kinds that keep none). */
  nodeParams(id: string): Readonly<Record<string, Param>> {
    return this.byId.get(id)?.weights ?? {};
  }

  /** All parameters, flattened, as float64 (to restore after a failed step). */
  snapshot(): Float64Array {
    const out = new Float64Array(this.tensors.reduce((n, p) => n + p.value.length, 0));
    this.exportParams(out);
    return out;
  }

  /** Copies every parameter into `flat` without allocating; false if any is NaN or infinite. */
  exportParams(flat: Float64Array): boolean {
    let o = 0;
    let sum = 0;
    for (const p of this.tensors) {
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
    for (const p of this.tensors) {
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
      if (!OPS[node.kind].spec.hasOutput) {
        if (!Number.isFinite(this.loss)) return { nodeId: node.id, where: 'forward' };
      } else if (bad(node.out, m * node.width)) return { nodeId: node.id, where: 'forward' };
    }
    for (let k = this.nodes.length - 1; k >= 0; k--) {
      const node = this.nodes[k];
      if (node === this.input || !OPS[node.kind].spec.hasOutput) continue;
      if (bad(node.grad, m * node.width)) return { nodeId: node.id, where: 'backward' };
    }
    for (const p of this.tensors)
      if (bad(p.value, p.value.length)) return { nodeId: p.nodeId, where: 'weights' };
    return null;
  }

  setInputGradient(on: boolean): void {
    this.inputGradient = on;
  }
}
