/**
 * Widths and parameter counts of a file's graph, before anything is
 * allocated: the compiler's shapes and each op's declared tensors. Forgiving
 * (it never throws on a broken graph: unknown widths stay undefined); the
 * compiler remains the judge of whether the graph is valid.
 */
import { compile } from '../engine/compile';
import type { Graph, GraphEdge, GraphNode, NodeKind } from '../engine/graph';
import { sizeOf } from '../engine/ops';
import { isNodeKind } from '../engine/registry';
import { declsFromShapes } from '../engine/weights';

export interface DenseSize {
  id: string;
  /** Index in graph.nodes. */
  index: number;
  units: number;
  /** Width of the node's input, when it can be inferred. */
  inputs: number | undefined;
  bias: boolean;
  /** units × inputs (+ units with a bias); undefined when the input width is unknown. */
  parameters: number | undefined;
}

export interface GraphSize {
  /** Output width of every node whose width can be inferred. */
  widths: Map<string, number>;
  dense: DenseSize[];
  /** Sum over dense nodes whose size is known. */
  parameters: number;
}

function intParam(params: Record<string, unknown>, name: string): number | undefined {
  const v = params[name];
  return typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : undefined;
}

/** Incoming edges of every node, ordered by targetSlot (edges without one keep their array order). */
export function incomingEdges(graph: Graph): Map<string, GraphEdge[]> {
  const incoming = new Map<string, GraphEdge[]>();
  for (const edge of graph.edges) {
    const list = incoming.get(edge.target) ?? [];
    list.push(edge);
    incoming.set(edge.target, list);
  }
  for (const list of incoming.values()) {
    const order = new Map(list.map((e, i) => [e, i]));
    list.sort(
      (a, b) =>
        (a.targetSlot ?? Number.MAX_SAFE_INTEGER) - (b.targetSlot ?? Number.MAX_SAFE_INTEGER) ||
        order.get(a)! - order.get(b)!,
    );
  }
  return incoming;
}

export function graphSize(graph: Graph): GraphSize {
  // The compiler allocates nothing and never throws: its shapes, where it found them, are
  // the ones the network would have; each op declares the tensors it keeps.
  const { dims } = compile(graph);
  const known = (id: string): boolean => Object.prototype.hasOwnProperty.call(dims, id);
  const widths = new Map(Object.keys(dims).map((id) => [id, sizeOf(dims[id])]));
  const incoming = incomingEdges(graph);
  const dense: DenseSize[] = [];
  let parameters = 0;
  graph.nodes.forEach((node, index) => {
    if (!isNodeKind(node.kind)) return;
    const sources = (incoming.get(node.id) ?? []).map((e) => e.source);
    if (node.kind === 'dense') {
      // Dense layers also when their own shape is unknown, for the file's row-by-row checks.
      const units = intParam(node.params, 'units');
      if (units === undefined) return;
      const inputs = sources.length ? widths.get(sources[0]) : undefined;
      const bias = node.params.bias !== false;
      const count = inputs === undefined ? undefined : units * inputs + (bias ? units : 0);
      if (count !== undefined) parameters += count;
      dense.push({ id: node.id, index, units, inputs, bias, parameters: count });
      return;
    }
    if (!known(node.id) || !sources.every(known)) return;
    for (const decl of declsFromShapes(node as GraphNode & { kind: NodeKind }, sources, dims))
      if (decl.trainable) parameters += sizeOf(decl.shape);
  });
  return { widths, dense, parameters };
}
