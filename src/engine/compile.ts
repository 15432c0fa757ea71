/**
 * validate → topological sort → shape inference.
 *
 * `compile` never throws on a bad graph: it returns every problem it finds,
 * each tagged with the node or edge it belongs to, worded for a student.
 */
import type { Graph, LossFn, NodeKind } from './graph';
import { t } from '../i18n';
import {
  KINDS,
  LIMITS,
  isNodeKind,
  kindLabel,
  validateParams,
  withDefaults,
  type KindSpec,
} from './registry';
import { OPS, type Shape, sizeOf } from './ops';
import { count } from './messages';
import { idTable } from './table';
import { findCycles } from './cycles';

export type ProblemCode =
  | 'unknown-kind'
  | 'bad-param'
  | 'duplicate-id'
  | 'dangling-edge'
  | 'cycle'
  | 'missing-input'
  | 'missing-loss'
  | 'extra-input'
  | 'extra-loss'
  | 'too-few-inputs'
  | 'too-many-inputs'
  | 'loss-not-last'
  | 'unreachable'
  | 'dead-end'
  | 'shape-mismatch'
  | 'data-mismatch'
  | 'needs-softmax'
  | 'too-large';

export interface Problem {
  code: ProblemCode;
  message: string;
  nodeId?: string;
  edgeId?: string;
  /** For bad-param: which parameter. */
  param?: string;
}

export interface CompiledNode {
  id: string;
  kind: NodeKind;
  /** Parameters with defaults filled in. */
  params: Record<string, unknown>;
  /** Incoming edges, in slot order. */
  inputs: { edgeId: string; source: string }[];
  /** Outgoing edge ids. */
  outputs: string[];
  /** Output width: the node produces an m × width tensor. */
  width: number;
  /** How each sample's width values are laid out: `[width]`, or `[h, w, c]` for images. */
  shape: Shape;
}

export interface CompiledEdge {
  id: string;
  source: string;
  target: string;
  width: number;
  shape: Shape;
}

export interface CompiledGraph {
  /** Topological order, input first, loss last. */
  nodes: CompiledNode[];
  edges: CompiledEdge[];
  inputId: string;
  lossId: string;
  /** The node whose output the loss compares with the targets: the prediction. */
  outputId: string;
  features: number;
  outputs: number;
  lossFn: LossFn;
  parameterCount: number;
}

export interface CompileOptions {
  /** Width of the data's features and targets, when known, to check the ends of the network. */
  features?: number;
  targets?: number;
  /** The data's per-sample image shape [height, width, channels], for image data. */
  shape?: readonly number[];
}

export type CompileResult =
  | {
      ok: true;
      net: CompiledGraph;
      shapes: Record<string, number>;
      edgeShapes: Record<string, number>;
      dims: Record<string, Shape>;
      edgeDims: Record<string, Shape>;
      problems: [];
    }
  | {
      ok: false;
      problems: Problem[];
      shapes: Record<string, number>;
      edgeShapes: Record<string, number>;
      dims: Record<string, Shape>;
      edgeDims: Record<string, Shape>;
    };

export { shapeText } from './ops';

export function compile(graph: Graph, options: CompileOptions = {}): CompileResult {
  const problems: Problem[] = [];
  const shapes = idTable<number>();
  const edgeShapes = idTable<number>();
  const dims = idTable<Shape>();
  const edgeDims = idTable<Shape>();
  const fail = (): CompileResult => ({ ok: false, problems, shapes, edgeShapes, dims, edgeDims });

  // 1. Validate nodes and edges one by one.
  const nodes = new Map<string, { kind: NodeKind | null; params: Record<string, unknown> }>();
  const label = (id: string): string => {
    const kind = nodes.get(id)?.kind;
    return kind ? t('problems.graph.named', { kind: kindLabel(kind), id }) : `"${id}"`;
  };
  for (const node of graph.nodes) {
    if (nodes.has(node.id)) {
      problems.push({
        code: 'duplicate-id',
        nodeId: node.id,
        message: t('problems.graph.duplicateNode', { id: node.id }),
      });
      continue;
    }
    const params = node.params ?? {};
    if (!isNodeKind(node.kind)) {
      problems.push({
        code: 'unknown-kind',
        nodeId: node.id,
        message: t('problems.graph.unknownKind', {
          kind: node.kind,
          kinds: Object.keys(KINDS).join(', '),
        }),
      });
      nodes.set(node.id, { kind: null, params });
      continue;
    }
    for (const p of validateParams(node.kind, params)) {
      problems.push({ code: 'bad-param', nodeId: node.id, param: p.param, message: p.message });
    }
    nodes.set(node.id, { kind: node.kind, params });
  }

  const incoming = new Map<
    string,
    { edgeId: string; source: string; slot: number; order: number }[]
  >();
  const outgoing = new Map<string, { edgeId: string; target: string }[]>();
  for (const id of nodes.keys()) {
    incoming.set(id, []);
    outgoing.set(id, []);
  }
  const edgeIds = new Set<string>();
  graph.edges.forEach((edge, order) => {
    if (edgeIds.has(edge.id)) {
      problems.push({
        code: 'duplicate-id',
        edgeId: edge.id,
        message: t('problems.graph.duplicateEdge', { id: edge.id }),
      });
      return;
    }
    edgeIds.add(edge.id);
    const missing = [edge.source, edge.target].filter((id) => !nodes.has(id));
    if (missing.length > 0) {
      problems.push({
        code: 'dangling-edge',
        edgeId: edge.id,
        message: t('problems.graph.danglingEdge', { id: edge.id, missing: missing.join('", "') }),
      });
      return;
    }
    incoming
      .get(edge.target)!
      .push({ edgeId: edge.id, source: edge.source, slot: edge.targetSlot ?? order, order });
    outgoing.get(edge.source)!.push({ edgeId: edge.id, target: edge.target });
  });
  for (const list of incoming.values()) list.sort((a, b) => a.slot - b.slot || a.order - b.order);

  // 2. Ends of the network and connection counts.
  const ofRole = (role: (spec: KindSpec) => boolean): string[] =>
    [...nodes].filter(([, n]) => n.kind && role(KINDS[n.kind])).map(([id]) => id);
  const isSource = (spec: KindSpec): boolean => spec.inputs[1] === 0;
  const inputs = ofRole(isSource);
  const losses = ofRole((spec) => !spec.hasOutput);
  if (inputs.length === 0) {
    problems.push({
      code: 'missing-input',
      message: t('problems.graph.missingInput'),
    });
  }
  for (const id of inputs.slice(1)) {
    problems.push({
      code: 'extra-input',
      nodeId: id,
      message: t('problems.graph.extraInput', { first: label(inputs[0]) }),
    });
  }
  if (losses.length === 0) {
    problems.push({
      code: 'missing-loss',
      message: t('problems.graph.missingLoss'),
    });
  }
  for (const id of losses.slice(1)) {
    problems.push({
      code: 'extra-loss',
      nodeId: id,
      message: t('problems.graph.extraLoss', { first: label(losses[0]) }),
    });
  }
  for (const [id, node] of nodes) {
    if (!node.kind) continue;
    const spec = KINDS[node.kind];
    const inCount = incoming.get(id)!.length;
    if (isSource(spec) && inCount > 0) {
      for (const e of incoming.get(id)!) {
        problems.push({
          code: 'too-many-inputs',
          nodeId: id,
          edgeId: e.edgeId,
          message: t('problems.graph.inputHasInput'),
        });
      }
    } else if (inCount < spec.inputs[0]) {
      problems.push({
        code: 'too-few-inputs',
        nodeId: id,
        message:
          spec.inputs[0] === 1
            ? t('problems.graph.noInput', { kind: kindLabel(node.kind) })
            : t('problems.graph.tooFewInputs', {
                kind: kindLabel(node.kind),
                min: spec.inputs[0],
                count: inCount,
              }),
      });
    } else if (inCount > spec.inputs[1]) {
      problems.push({
        code: 'too-many-inputs',
        nodeId: id,
        message:
          spec.inputs[1] === 1
            ? t('problems.graph.oneInput', { kind: kindLabel(node.kind), count: inCount })
            : t('problems.graph.tooManyInputs', {
                kind: kindLabel(node.kind),
                max: spec.inputs[1],
                count: inCount,
              }),
      });
    }
    if (!spec.hasOutput) {
      for (const e of outgoing.get(id)!) {
        problems.push({
          code: 'loss-not-last',
          nodeId: id,
          edgeId: e.edgeId,
          message: t('problems.graph.lossNotLast'),
        });
      }
    }
  }

  // 3. Topological sort (Kahn); what is left over sits on or behind a cycle.
  const indegree = new Map<string, number>();
  for (const [id, list] of incoming) indegree.set(id, list.length);
  const queue = [...nodes.keys()].filter((id) => indegree.get(id) === 0);
  const order: string[] = [];
  while (queue.length > 0) {
    const id = queue.shift()!;
    order.push(id);
    for (const e of outgoing.get(id)!) {
      const d = indegree.get(e.target)! - 1;
      indegree.set(e.target, d);
      if (d === 0) queue.push(e.target);
    }
  }
  if (order.length < nodes.size) {
    const placed = new Set(order);
    for (const cycle of findCycles(
      new Set([...nodes.keys()].filter((id) => !placed.has(id))),
      outgoing,
    )) {
      const path = [...cycle.path, cycle.path[0]].map((id) => label(id)).join(' → ');
      for (const id of cycle.members) {
        problems.push({
          code: 'cycle',
          nodeId: id,
          message: t('problems.graph.cycle', { path }),
        });
      }
    }
  }

  // 4. Everything must lie on a path from the input to the loss.
  const reach = (start: string[], next: (id: string) => string[]): Set<string> => {
    const seen = new Set(start);
    const stack = [...start];
    while (stack.length > 0) {
      for (const n of next(stack.pop()!)) {
        if (seen.has(n)) continue;
        seen.add(n);
        stack.push(n);
      }
    }
    return seen;
  };
  if (inputs.length > 0) {
    const fromInput = reach(inputs.slice(0, 1), (id) => outgoing.get(id)!.map((e) => e.target));
    for (const id of nodes.keys()) {
      if (!fromInput.has(id) && !inputs.includes(id)) {
        problems.push({
          code: 'unreachable',
          nodeId: id,
          message: t('problems.graph.unreachable'),
        });
      }
    }
  }
  if (losses.length > 0) {
    const toLoss = reach(losses.slice(0, 1), (id) => incoming.get(id)!.map((e) => e.source));
    for (const id of nodes.keys()) {
      if (!toLoss.has(id) && !losses.includes(id)) {
        problems.push({
          code: 'dead-end',
          nodeId: id,
          message: t('problems.graph.deadEnd'),
        });
      }
    }
  }

  // 5. Shapes, in topological order, for every node whose inputs are known:
  //    each kind's op infers its output's shape and declares its tensors.
  const params = new Map<string, Record<string, unknown>>();
  let parameterCount = 0;
  for (const id of order) {
    const node = nodes.get(id)!;
    if (!node.kind || problems.some((p) => p.code === 'bad-param' && p.nodeId === id)) continue;
    const p = withDefaults(node.kind, node.params);
    params.set(id, p);
    const ins = incoming.get(id)!;
    // Too few inputs, or several for a one-input kind, is already a problem. A join with too
    // many still gets its shapes checked.
    const [min, max] = KINDS[node.kind].inputs;
    if (ins.length < min || (max === 1 && ins.length > 1)) continue;
    const inShapes = ins.map((e) => dims[e.source]);
    if (inShapes.some((s) => s === undefined)) continue;
    const op = OPS[node.kind];
    const shape = op.infer({
      id,
      params: p,
      inputs: ins.map((e, i) => ({
        edgeId: e.edgeId,
        source: e.source,
        shape: inShapes[i],
        sourceKind: nodes.get(e.source)!.kind,
        sourceParams: params.get(e.source) ?? {},
      })),
      options,
      problem: (problem) =>
        problems.push(problem.edgeId === undefined ? { nodeId: id, ...problem } : problem),
      label,
    });
    if (shape === undefined) continue;
    dims[id] = shape;
    shapes[id] = sizeOf(shape);
    const compiled = {
      id,
      kind: node.kind,
      params: p,
      inputs: [],
      outputs: [],
      width: shapes[id],
      shape,
    };
    for (const decl of op.parameters?.(compiled, inShapes) ?? [])
      if (decl.trainable) parameterCount += sizeOf(decl.shape);
  }
  for (const edge of graph.edges) {
    if (shapes[edge.source] !== undefined && nodes.has(edge.target)) {
      edgeShapes[edge.id] = shapes[edge.source];
      edgeDims[edge.id] = dims[edge.source];
    }
  }
  if (parameterCount > LIMITS.maxParameters) {
    problems.push({
      code: 'too-large',
      message: t('problems.graph.tooLarge', {
        count: parameterCount,
        n: count(parameterCount),
        max: count(LIMITS.maxParameters),
      }),
    });
  }

  if (problems.length > 0) return fail();

  const compiledNodes: CompiledNode[] = order.map((id) => ({
    id,
    kind: nodes.get(id)!.kind!,
    params: params.get(id)!,
    inputs: incoming.get(id)!.map(({ edgeId, source }) => ({ edgeId, source })),
    outputs: outgoing.get(id)!.map((e) => e.edgeId),
    width: shapes[id],
    shape: dims[id],
  }));
  const lossNode = compiledNodes[compiledNodes.length - 1];
  const outputId = lossNode.inputs[0].source;
  return {
    ok: true,
    net: {
      nodes: compiledNodes,
      edges: graph.edges.map((e) => ({
        id: e.id,
        source: e.source,
        target: e.target,
        width: shapes[e.source],
        shape: dims[e.source],
      })),
      inputId: inputs[0],
      lossId: losses[0],
      outputId,
      features: shapes[inputs[0]],
      outputs: shapes[outputId],
      lossFn: lossNode.params.fn as LossFn,
      parameterCount,
    },
    shapes,
    edgeShapes,
    dims,
    edgeDims,
    problems: [],
  };
}
