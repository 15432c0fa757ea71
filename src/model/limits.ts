/**
 * Sizes a model file may ask for. Validation refuses anything larger before a
 * single weight is allocated, so a typo (or a hostile file) asking for a
 * billion units is an error message, not an out-of-memory crash. The JSON
 * Schema repeats these numbers; a test keeps the two equal.
 */
import { LIMITS as ENGINE_LIMITS } from '../engine/registry';

export const LIMITS = {
  /** Units of one dense node, features of one input node (the engine's registry decides). */
  maxWidth: Math.max(ENGINE_LIMITS.maxUnits, ENGINE_LIMITS.maxFeatures),
  /** Trainable parameters (weights and biases) of the whole graph. */
  maxParameters: ENGINE_LIMITS.maxParameters,
  maxNodes: 10_000,
  maxEdges: 50_000,
  /** Samples a built-in data set may generate. */
  maxSamples: 1_000_000,
  maxEpochs: 1_000_000,
  /** Longest id, name or column name. */
  maxIdLength: 200,
  /** Largest model file the Node helpers will read, in bytes. */
  maxFileBytes: 512 * 1024 * 1024,
} as const;
