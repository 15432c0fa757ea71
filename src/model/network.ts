/**
 * The glue between a model file and the engine: compile the file's graph
 * (problems named by JSON path), check the file's weights against the
 * compiled shapes, and build a Network with those weights, or with weights
 * initialised from `training.seed` where the file has none.
 */
import { compile, type CompiledGraph, type Problem } from '../engine/compile';
import { Network, type NetworkOptions } from '../engine/network';
import { t } from '../i18n';
import { idTable } from '../engine/table';
import { jsonPath } from './schema-check';
import type { DenseWeights, FileProblem, ModelFile } from './types';

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
export function compileModel(
  model: ModelFile,
  widths?: { features: number; targets: number },
): CompileModelResult {
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

/** The file's weights against the compiled shapes: W is units × inputs, b has units values. */
export function weightShapeProblems(model: ModelFile, compiled: CompiledGraph): FileProblem[] {
  const problems: FileProblem[] = [];
  const widths = new Map(compiled.nodes.map((n) => [n.id, n.width]));
  for (const [id, w] of Object.entries(model.weights ?? {})) {
    const node = compiled.nodes.find((n) => n.id === id);
    if (!node || node.kind !== 'dense') {
      problems.push({
        path: jsonPath(['weights', id]),
        message: t('problems.weights.noDense', { id }),
      });
      continue;
    }
    const units = node.width;
    const inputs = widths.get(node.inputs[0].source)!;
    const rowsOk = w.W.length === units && w.W.every((row) => row.length === inputs);
    if (!rowsOk) {
      const got =
        w.W.length && w.W.every((r) => r.length === w.W[0].length)
          ? `${w.W.length} × ${w.W[0].length}`
          : t('problems.weights.uneven', { rows: w.W.length });
      problems.push({
        path: jsonPath(['weights', id, 'W']),
        message: t('problems.weights.shape', { units, inputs, got }),
      });
    }
    if (node.params.bias && w.b?.length !== units) {
      problems.push({
        path: jsonPath(['weights', id, 'b']),
        message: t('problems.weights.bias', { units, got: w.b?.length ?? 0 }),
      });
    }
  }
  return problems;
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
    widths?: { features: number; targets: number };
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
  if (model.weights) net.setWeights(engineWeights(model.weights));
  return { ok: true, net, compiled: result.compiled };
}

// Until the engine's parameters are general (issue 13), it wants a b of zeros for a Dense
// node without a bias, which the file (version 2) does not have.
function engineWeights(weights: Record<string, DenseWeights>): Record<string, DenseWeights> {
  const out = idTable<DenseWeights>();
  for (const [id, w] of Object.entries(weights))
    out[id] = { W: w.W, b: (w.b as number[] | undefined) ?? new Array<number>(w.W.length).fill(0) };
  return out;
}

/** The network's weights as a model file stores them (a Dense node without a bias has no b). */
export function weightsFromNetwork(net: Network): Record<string, DenseWeights> {
  const weights = net.getWeights();
  for (const node of net.graph.nodes) {
    if (node.kind === 'dense' && !node.params.bias && weights[node.id])
      delete (weights[node.id] as Partial<DenseWeights>).b;
  }
  return weights;
}
