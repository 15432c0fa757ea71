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
  type CompileOptions,
  type CompileResult,
  type Problem,
  type Graph,
  type GraphNode,
  type GraphEdge,
  type NodeKind,
  type Position,
} from '#src/engine';

import { KINDS, type NodeKind } from '#src/engine';

/** Parameters a freshly added node starts with (each op's `starter`). */
export const NEW_NODE_PARAMS = Object.fromEntries(
  Object.values(KINDS).map((spec) => [spec.kind, spec.starter]),
) as Record<NodeKind, Record<string, unknown>>;

/** Palette order: the order of the ops (src/engine/ops/index.ts). */
export const PALETTE_KINDS = Object.keys(KINDS) as readonly NodeKind[];
