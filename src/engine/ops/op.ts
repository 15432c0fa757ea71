/**
 * The contract every node kind fulfils, one module per kind (`ops/<kind>.ts`),
 * tied together in `ops/index.ts` as a `Record<NodeKind, Op>`: a kind that
 * lacks a piece does not compile. The compiler, the network, the size limits,
 * the schema generator and step mode iterate the ops instead of switching on
 * the kind.
 *
 * Tensors: every node produces an m × width buffer (m samples as rows). The
 * per-sample `Shape` says how width is laid out: `[features]` for vectors,
 * `[h, w, c]` for images, channels last (as TensorFlow's NHWC).
 */
import type { Backend, Float } from '../backend';
import type { CompileOptions, CompiledNode, Problem } from '../compile';
import type { LossFn, NodeKind } from '../graph';
import type { Rng } from '../random';
import type { KindSpec } from './spec';

/** A per-sample shape: `[5]`, or `[8, 8, 1]` (height, width, channels). */
export type Shape = readonly number[];

export const sizeOf = (shape: Shape): number => shape.reduce((a, b) => a * b, 1);

/** `m × 5`, `m × 8 × 8 × 1`: how shapes are written to users (m is the batch size). */
export const shapeText = (shape: number | Shape): string =>
  `m × ${typeof shape === 'number' ? shape : shape.join(' × ')}`;

/** What shape inference sees of one incoming edge. */
export interface InferInput {
  edgeId: string;
  source: string;
  shape: Shape;
  sourceKind: NodeKind | null;
  /** The source's parameters, with defaults. */
  sourceParams: Record<string, unknown>;
}

export interface InferContext {
  id: string;
  /** This node's parameters, with defaults filled in. */
  params: Record<string, unknown>;
  /** Incoming edges in slot order, all with known shapes. */
  inputs: readonly InferInput[];
  options: CompileOptions;
  /** Reports a problem; it belongs to this node unless it names an edge (or another node). */
  problem(problem: Omit<Problem, 'nodeId'> & { nodeId?: string }): void;
  /** `Dense "h1"`: how problems name a node. */
  label(id: string): string;
}

export type Init = 'xavier' | 'he' | 'zeros' | 'ones';

/** A tensor a kind keeps per node: its weights, or state such as running statistics. */
export interface ParamDecl {
  name: string;
  shape: number[];
  init: Init;
  /** For the initialisers: xavier draws U(±√(6/(fanIn+fanOut))), he N(0, 2/fanIn). */
  fanIn: number;
  fanOut: number;
  /** Catalogue key naming the axes for messages ("units × inputs"). */
  axes?: string;
  /** False for state the optimizer leaves alone (running statistics). */
  trainable: boolean;
  /** Whether L1/L2 regularisation applies (weights yes; biases, scales and shifts no). */
  decay: boolean;
}

/**
 * A layer's weights W (trained, decayed) and, when its `bias` parameter is on, its bias b of
 * `units` (trained from zeros, not decayed; W's fans, for the record).
 */
export function weightsAndBias(
  node: CompiledNode,
  W: Pick<ParamDecl, 'shape' | 'init' | 'fanIn' | 'fanOut' | 'axes'>,
  units: number,
  bAxes: string,
): ParamDecl[] {
  const w: ParamDecl = { name: 'W', ...W, trainable: true, decay: true };
  if (!node.params.bias) return [w];
  return [w, { ...w, name: 'b', shape: [units], init: 'zeros', axes: bAxes, decay: false }];
}

/** A tensor of the network and its gradient, as optimizers see it. */
export interface Param {
  nodeId: string;
  name: string;
  shape: number[];
  /** shape[0], and the product of the rest (1 for a vector): the matrix view. */
  rows: number;
  cols: number;
  value: Float;
  /** ∂L/∂value (zeros for state that is not trained). */
  grad: Float;
  trainable: boolean;
  decay: boolean;
}

export interface RtEdge {
  id: string;
  source: RtNode;
  target: RtNode;
  width: number;
  shape: Shape;
  /** ∂L/∂(the tensor on this edge), m × width. Aliases source.grad when the source has one consumer. */
  grad: Float;
}

export interface RtNode {
  id: string;
  kind: NodeKind;
  /** Parameters with defaults. */
  params: Record<string, unknown>;
  shape: Shape;
  width: number;
  inputs: RtEdge[];
  outputs: RtEdge[];
  /** Forward output, m × width. */
  out: Float;
  /** ∂L/∂out, m × width. */
  grad: Float;
  /** The tensors declared by the op's `parameters`, by name. */
  weights: Record<string, Param>;
  /** Buffers declared by the op's `buffers`, by name. */
  scratch: Record<string, Float>;
  /** This node is the softmax that cross-entropy reads: its backward takes ∂L/∂z = (p − y)/m directly. */
  fused: boolean;
}

/** What a forward or backward pass hands each op. */
export interface Run {
  /** Rows in the batch. */
  m: number;
  backend: Backend;
  /** Training (dropout drops, batch norm uses batch statistics) or inference. */
  training: boolean;
  /** Draws for this pass (dropout masks); seeded, so a run replays exactly. */
  rng: Rng;
  targets: Float;
  lossFn: LossFn;
  /** Whether ∂L/∂(this edge) is needed: false only for the input's edges when nobody looks at them. */
  needsGradient(edge: RtEdge): boolean;
  /** Where the loss op writes the loss. */
  loss: number;
}

export interface Op {
  spec: KindSpec;
  /** The output's per-sample shape, or undefined (after reporting why) when there is none. */
  infer(ctx: InferContext): Shape | undefined;
  /** The tensors each node of this kind keeps. */
  parameters?(node: CompiledNode, inputs: readonly Shape[]): ParamDecl[];
  /** Scratch buffers (sizes in elements) for batches of up to `capacity` rows. */
  buffers?(node: CompiledNode, inputs: readonly Shape[], capacity: number): Record<string, number>;
  forward(node: RtNode, run: Run): void;
  /** Fills ∂L/∂(each input edge) and the gradients of `node.weights` from `node.grad`. */
  backward(node: RtNode, run: Run): void;
  /** The rule as step mode and the docs show it (KaTeX). */
  tex: { forward: string; backward: string };
}
