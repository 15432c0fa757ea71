/**
 * The renderer's one door into the engine: everything the editor needs from
 * src/engine comes through here, so an engine API change touches one file.
 */
export {
  KINDS,
  isNodeKind,
  validateParam,
  compile,
  fittingWeights,
  denseWeights,
  type WeightsRecord,
  type DenseWeights,
  type Tensor,
  type KindSpec,
  type ParamSpec,
  type CompileResult,
  type Problem,
  type Graph,
  type GraphNode,
  type GraphEdge,
  type NodeKind,
  type Position,
} from '../../src/engine';

import type { NodeKind } from '../../src/engine';

/** Parameters a freshly added node starts with: valid, small, and what a tutorial would pick. */
export const NEW_NODE_PARAMS: Record<NodeKind, Record<string, unknown>> = {
  input: { features: 2 },
  dense: { units: 4 },
  activation: { fn: 'tanh' },
  loss: { fn: 'mse' },
  add: {},
  concat: {},
  conv2d: { filters: 8 },
  maxpool2d: {},
  avgpool2d: {},
  flatten: {},
};

/** Palette order. */
export const PALETTE_KINDS: readonly NodeKind[] = [
  'input',
  'dense',
  'activation',
  'loss',
  'add',
  'concat',
];
