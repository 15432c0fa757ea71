/**
 * Widths and parameter counts computed from the graph alone, before the
 * engine compiles or allocates anything. This is deliberately forgiving (it
 * never throws on a broken graph: unknown widths stay undefined); the engine's
 * compiler remains the judge of whether the graph is valid.
 */
import type { Graph, GraphEdge } from '../engine/graph';

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
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const incoming = incomingEdges(graph);
  const widths = new Map<string, number>();
  const visiting = new Set<string>();

  const widthOf = (id: string): number | undefined => {
    if (widths.has(id)) return widths.get(id);
    const node = byId.get(id);
    if (!node || visiting.has(id)) return undefined;
    visiting.add(id);
    const ins = (incoming.get(id) ?? []).map((e) => widthOf(e.source));
    visiting.delete(id);
    let width: number | undefined;
    switch (node.kind) {
      case 'input':
        width = intParam(node.params, 'features');
        break;
      case 'dense':
        width = intParam(node.params, 'units');
        break;
      case 'conv2d':
      case 'maxpool2d':
      case 'avgpool2d':
        // Their widths depend on image sizes and padding: left to the compiler.
        width = undefined;
        break;
      case 'concat':
        width =
          ins.length && ins.every((w) => w !== undefined)
            ? ins.reduce((s, w) => s! + w!, 0)
            : undefined;
        break;
      default:
        width = ins[0];
    }
    if (width !== undefined) widths.set(id, width);
    return width;
  };

  const dense: DenseSize[] = [];
  let parameters = 0;
  graph.nodes.forEach((node, index) => {
    widthOf(node.id);
    if (node.kind !== 'dense') return;
    const units = intParam(node.params, 'units');
    if (units === undefined) return;
    const edges = incoming.get(node.id) ?? [];
    const inputs = edges.length ? widthOf(edges[0].source) : undefined;
    const bias = node.params.bias !== false;
    const count = inputs === undefined ? undefined : units * inputs + (bias ? units : 0);
    if (count !== undefined) parameters += count;
    dense.push({ id: node.id, index, units, inputs, bias, parameters: count });
  });
  return { widths, dense, parameters };
}
