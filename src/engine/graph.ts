/**
 * The graph a user wires on the canvas, and the engine compiles.
 *
 * Tensors flowing along edges are matrices of shape `m × width`: one row per
 * sample (m samples in the batch), `width` features. A node's output width is
 * what the compiler infers; the batch size m is only known at run time.
 */

/** Every kind of node the engine knows. The registry (`registry.ts`) describes each one. */
export type NodeKind =
  | 'input'
  | 'dense'
  | 'activation'
  | 'loss'
  | 'add'
  | 'concat'
  | 'conv2d'
  | 'maxpool2d'
  | 'avgpool2d'
  | 'flatten'
  | 'dropout'
  | 'batchnorm'
  | 'layernorm';

export type ActivationFn =
  'linear' | 'sigmoid' | 'tanh' | 'relu' | 'leaky_relu' | 'elu' | 'gelu' | 'softplus' | 'softmax';
export type LossFn = 'mse' | 'bce' | 'cross_entropy';
export type Initializer = 'xavier' | 'he' | 'zeros';
export type Padding = 'same' | 'valid';

/** Parameters of each kind, as stored in a model file and edited in the inspector. */
export interface NodeParams {
  /** With height and width, each sample is an image [height, width, channels ?? 1] of `features` values. */
  input: { features: number; height?: number; width?: number; channels?: number };
  dense: { units: number; bias?: boolean; init?: Initializer };
  activation: { fn: ActivationFn; alpha?: number };
  loss: { fn: LossFn };
  add: Record<string, never>;
  concat: Record<string, never>;
  conv2d: {
    filters: number;
    kernel?: number;
    stride?: number;
    padding?: Padding;
    bias?: boolean;
    init?: Initializer;
  };
  /** stride defaults to size. */
  maxpool2d: { size?: number; stride?: number; padding?: Padding };
  avgpool2d: { size?: number; stride?: number; padding?: Padding };
  flatten: Record<string, never>;
  dropout: { rate?: number };
  batchnorm: { momentum?: number; epsilon?: number };
  layernorm: { epsilon?: number };
}

export interface Position {
  x: number;
  y: number;
}

/**
 * A node as the canvas and the file format hold it. `kind` is a string, not a
 * `NodeKind`, because a file or an edit can name a kind that does not exist:
 * the compiler reports it instead of the type system hiding it.
 */
export interface GraphNode {
  id: string;
  kind: string;
  params: Record<string, unknown>;
  position?: Position;
}

/**
 * An edge in the forward direction. `targetSlot` orders the inputs of nodes
 * where order matters (concat); edges without one keep their array order.
 */
export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  targetSlot?: number;
}

export interface Graph {
  nodes: GraphNode[];
  edges: GraphEdge[];
}
