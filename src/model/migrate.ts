/**
 * Older model files, brought to the current version on load. Runs on the
 * parsed JSON before the schema check (a file's problems are then named by
 * the current version's paths, which migration keeps), touches only what it
 * recognises, and never changes the value it is given.
 *
 * Version 1 → 2: weights became general (`{ [node]: { [param]: tensor } }`,
 * dense W and b unchanged), and a Dense node without a bias has no `b` (version 1
 * stored zeros there, which the engine never read).
 */
import { MODEL_VERSION } from './types';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** The value as the current version has it: a version-1 file migrated; anything else as it is. */
export function migrateModel(value: unknown): unknown {
  if (!isObject(value) || value.version !== 1) return value;
  return { ...fromVersion1(value), version: MODEL_VERSION };
}

function fromVersion1(file: Json): Json {
  const weights = file.weights;
  const graph = file.graph;
  if (!isObject(weights) || !isObject(graph) || !Array.isArray(graph.nodes)) return file;
  const biasless = new Set<string>();
  for (const node of graph.nodes as unknown[]) {
    if (
      isObject(node) &&
      node.kind === 'dense' &&
      typeof node.id === 'string' &&
      isObject(node.params) &&
      node.params.bias === false
    )
      biasless.add(node.id);
  }
  if (biasless.size === 0) return file;
  const migrated: Json = {};
  for (const [id, w] of Object.entries(weights)) {
    if (biasless.has(id) && isObject(w) && 'b' in w) {
      const { b: _zeros, ...rest } = w;
      migrated[id] = rest;
    } else migrated[id] = w;
  }
  return { ...file, weights: migrated };
}
