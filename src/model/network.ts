/**
 * The glue between a model file and the engine: compile the file's graph
 * (problems named by JSON path), check the file's weights against the
 * compiled shapes, and build a Network with those weights, or with weights
 * initialised from `training.seed` where the file has none.
 */
import { compile, type CompileOptions, type CompiledGraph, type Problem } from '../engine/compile';
import { Network, type NetworkOptions } from '../engine/network';
import { weightsFit } from '../engine/weights';
import { jsonPath } from './schema-check';
import type { FileProblem, ModelFile, WeightsRecord } from './types';

export type CompileModelResult =
  { ok: true; compiled: CompiledGraph } | { ok: false; problems: FileProblem[] };

/** Where an engine problem belongs in the file: the node (and parameter) or edge it names. */
export function problemPath(model: ModelFile, problem: Problem): string {
  if (problem.nodeId !== undefined) {
    const i = model.graph.nodes.findIndex((n) => n.id === problem.nodeId);
    if (i >= 0) {
      return problem.param !== undefined
        ? jsonPath(['graph', 'nodes', i, 'params', problem.param])
        : jsonPath(['graph', 'nodes', i]);
    }
  }
  if (problem.edgeId !== undefined) {
    const i = model.graph.edges.findIndex((e) => e.id === problem.edgeId);
    if (i >= 0) return jsonPath(['graph', 'edges', i]);
  }
  return problem.code === 'data-mismatch' ? 'data' : 'graph';
}

/**
 * Compiles the file's graph. With `widths` (the data's features and targets),
 * also checks that the network's ends fit the data.
 */
export function compileModel(model: ModelFile, widths?: CompileOptions): CompileModelResult {
  const result = compile(model.graph, widths ?? {});
  if (!result.ok) {
    return {
      ok: false,
      problems: result.problems.map((p) => ({ path: problemPath(model, p), message: p.message })),
    };
  }
  const problems = weightShapeProblems(model, result.net);
  return problems.length ? { ok: false, problems } : { ok: true, compiled: result.net };
}

/** The file's weights against the compiled graph: each tensor names a node's tensor, in its shape. */
export function weightShapeProblems(model: ModelFile, compiled: CompiledGraph): FileProblem[] {
  return weightsFit(compiled, model.weights ?? {}).map((p) => ({
    path: jsonPath(['weights', ...p.path]),
    message: p.message,
  }));
}

export type BuildResult =
  { ok: true; net: Network; compiled: CompiledGraph } | { ok: false; problems: FileProblem[] };

/**
 * A runnable Network for the file: its weights where it has them, the rest
 * initialised from `training.seed` (or `options.seed`).
 */
export function buildNetwork(
  model: ModelFile,
  options: {
    widths?: CompileOptions;
    seed?: number;
    backend?: NetworkOptions['backend'];
  } = {},
): BuildResult {
  const result = compileModel(model, options.widths);
  if (!result.ok) return result;
  const net = new Network(result.compiled, {
    seed: options.seed ?? model.training.seed,
    backend: options.backend,
  });
  // A version-1 file's zeros for the b of a Dense node without a bias went on load (migrate.ts).
  if (model.weights) net.setWeights(model.weights);
  return { ok: true, net, compiled: result.compiled };
}

/** The network's weights as a model file stores them. */
export function weightsFromNetwork(net: Network): WeightsRecord {
  return net.getWeights();
}
