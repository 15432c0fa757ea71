/**
 * The document's graph helpers: pure functions between React Flow's nodes and
 * edges and the engine's Graph (conversion, compiling into problems by node and
 * edge, fresh ids, whether a connection may be made), and the sizes and names the
 * canvas and title bar use. No store here: `document.ts` holds the state.
 */
import type { Edge, Node } from '@xyflow/react';
import type { DataSpec, ModelFile } from '#src/model/types';
import {
  compile,
  isNodeKind,
  KINDS,
  type CompileOptions,
  type Graph,
  type GraphEdge,
  type GraphNode,
  type Position,
  type Problem,
  type WeightsRecord,
} from '../common/engine';
import { staticWidths } from '../common/model';
import { idTable, own } from '#src/engine/table';
import { t } from '#src/i18n';
import { declaredWidths, fitInputParams, lastDenseToFit } from './widths';

export type NodeData = { kind: string; params: Record<string, unknown> };
export type FlowNode = Node<NodeData>;
export type FlowEdge = Edge;

export interface Viewport {
  x: number;
  y: number;
  zoom: number;
}

export interface Clipboard {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

export function toGraph(nodes: FlowNode[], edges: FlowEdge[]): Graph {
  return {
    nodes: nodes.map((n) => ({
      id: n.id,
      kind: n.data.kind,
      params: n.data.params,
      position: { x: Math.round(n.position.x), y: Math.round(n.position.y) },
    })),
    edges: edges.map((e) => {
      const edge: GraphEdge = { id: e.id, source: e.source, target: e.target };
      const slot = (e.data as { targetSlot?: number } | undefined)?.targetSlot;
      if (slot !== undefined) edge.targetSlot = slot;
      return edge;
    }),
  };
}

/** A graph node as React Flow draws it. */
export function toFlowNode(n: GraphNode, selected = false): FlowNode {
  return {
    id: n.id,
    type: n.kind,
    position: n.position ?? { x: 0, y: 0 },
    data: { kind: n.kind, params: n.params },
    selected,
  };
}

/** A graph edge as React Flow draws it (the `shape` edge, with its input slot when it has one). */
export function toFlowEdge(e: GraphEdge, selected = false): FlowEdge {
  return {
    id: e.id,
    source: e.source,
    target: e.target,
    type: 'shape',
    selected,
    ...(e.targetSlot !== undefined ? { data: { targetSlot: e.targetSlot } } : {}),
  };
}

/** The width of the data's features and targets, when the document says (checks both ends of the network). */
export function dataWidths(model: ModelFile): CompileOptions {
  if (!model.data) return {};
  try {
    return staticWidths(model.data) ?? {};
  } catch {
    return {};
  }
}

/** Compiles the graph (against the document's data widths) and files its problems by node and by edge. */
export function analyse(graph: Graph, model?: ModelFile) {
  const compiled = compile(graph, model ? dataWidths(model) : {});
  const problemsByNode = idTable<Problem[]>();
  const problemsByEdge = idTable<Problem[]>();
  for (const p of compiled.problems) {
    if (p.edgeId) (problemsByEdge[p.edgeId] ??= []).push(p);
    if (p.nodeId) (problemsByNode[p.nodeId] ??= []).push(p);
  }
  return { compiled, problemsByNode, problemsByEdge };
}

/** A fresh id like `dense3` that no node (or edge) uses. */
export function freshId(prefix: string, taken: Set<string>): string {
  for (let i = 1; ; i++) {
    const id = `${prefix}${i}`;
    if (!taken.has(id)) return id;
  }
}

/** How many edges end at the node. */
export function inputCount(edges: FlowEdge[], nodeId: string) {
  return edges.filter((e) => e.target === nodeId).length;
}

/** Whether `from` reaches `to` by following edges forward. */
export function reaches(edges: { source: string; target: string }[], from: string, to: string) {
  const seen = new Set<string>();
  const stack = [from];
  while (stack.length) {
    const id = stack.pop()!;
    if (id === to) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const e of edges) if (e.source === id) stack.push(e.target);
  }
  return false;
}

/** Why a connection is refused, or null when it may be made. */
export function connectionProblem(
  nodes: FlowNode[],
  edges: FlowEdge[],
  source: string,
  target: string,
): string | null {
  if (source === target) return t('editor.connect.self');
  const from = nodes.find((n) => n.id === source);
  const to = nodes.find((n) => n.id === target);
  if (!from || !to) return t('editor.connect.unknown');
  if (isNodeKind(from.data.kind) && !KINDS[from.data.kind].hasOutput)
    return t('editor.connect.noOutput', { kind: t(KINDS[from.data.kind].label) });
  if (isNodeKind(to.data.kind) && KINDS[to.data.kind].inputs[1] === 0)
    return t('editor.connect.noInput', { kind: t(KINDS[to.data.kind].label) });
  if (edges.some((e) => e.source === source && e.target === target))
    return t('editor.connect.already');
  if (reaches(edges, target, source)) return t('editor.connect.cycle');
  return null;
}

/**
 * The nodes and edges once `source` connects to `target`, and the new edge's id; null when
 * the connection is refused (connectionProblem) or the target has all the inputs it takes.
 * A node that takes one input gets its input replaced, as in other node editors; a Dense that
 * the connection makes the last layer takes the data's target count.
 */
export function connected(
  nodes: FlowNode[],
  edges: FlowEdge[],
  source: string,
  target: string,
  data: DataSpec,
): { nodes: FlowNode[]; edges: FlowEdge[]; id: string } | null {
  if (connectionProblem(nodes, edges, source, target)) return null;
  let kept = edges;
  const t = nodes.find((n) => n.id === target)!;
  if (isNodeKind(t.data.kind) && KINDS[t.data.kind].inputs[1] === 1) {
    kept = kept.filter((e) => e.target !== target);
  } else if (isNodeKind(t.data.kind) && inputCount(kept, target) >= KINDS[t.data.kind].inputs[1]) {
    return null;
  }
  const taken = new Set([...edges.map((e) => e.id), ...nodes.map((n) => n.id)]);
  const id = freshId(`e-${source}-${target}-`, taken);
  const next = [...kept, toFlowEdge({ id, source, target })];
  const fit = new Set(lastDenseToFit({ nodes, edges: next }, data));
  const targets = declaredWidths(data).targets;
  const fitted = fit.size
    ? nodes.map((n) =>
        fit.has(n.id)
          ? { ...n, data: { ...n.data, params: { ...n.data.params, units: targets } } }
          : n,
      )
    : nodes;
  return { nodes: fitted, edges: next, id };
}

/**
 * Whether some node of `before` (a graph, or the canvas's nodes as a drag began) now stands
 * elsewhere, positions rounded as the file keeps them.
 */
export function movedSince(
  before: { nodes: readonly { id: string; position?: Position }[] },
  nodes: readonly FlowNode[],
): boolean {
  const now = new Map(nodes.map((n) => [n.id, n.position]));
  return before.nodes.some((n) => {
    const p = now.get(n.id);
    return (
      p !== undefined &&
      (Math.round(p.x) !== Math.round(n.position?.x ?? NaN) ||
        Math.round(p.y) !== Math.round(n.position?.y ?? NaN))
    );
  });
}

/** The selected nodes and the edges between them, as a clipboard; null when no node is selected. */
export function clipboardOf(nodes: FlowNode[], edges: FlowEdge[]): Clipboard | null {
  const graph = toGraph(
    nodes.filter((n) => n.selected),
    edges,
  );
  if (!graph.nodes.length) return null;
  const ids = new Set(graph.nodes.map((n) => n.id));
  return {
    nodes: structuredClone(graph.nodes),
    edges: graph.edges.filter((e) => ids.has(e.source) && ids.has(e.target)),
  };
}

/**
 * A clipboard's nodes and edges to paste, `offset` from where they were, selected, under
 * fresh ids (added to `taken`).
 */
export function pastedElements(
  clip: Clipboard,
  offset: Position,
  taken: Set<string>,
): { nodes: FlowNode[]; edges: FlowEdge[] } {
  const rename = new Map<string, string>();
  const nodes = clip.nodes.map((n) => {
    const id = freshId(n.kind, taken);
    taken.add(id);
    rename.set(n.id, id);
    const p = n.position ?? { x: 0, y: 0 };
    return toFlowNode(
      {
        ...n,
        id,
        params: structuredClone(n.params),
        position: { x: p.x + offset.x, y: p.y + offset.y },
      },
      true,
    );
  });
  const edges = clip.edges.map((e) => {
    const source = rename.get(e.source)!;
    const target = rename.get(e.target)!;
    const id = freshId(`e-${source}-${target}-`, taken);
    taken.add(id);
    return toFlowEdge({ ...e, id, source, target }, true);
  });
  return { nodes, edges };
}

/**
 * The nodes once the data changes: `params` (node id → params patch) applied, and each Input
 * taking the data's features (and, unless it feeds a Dense layer, which takes vectors, its
 * height, width and channels: see fitInputParams).
 */
export function nodesFittingData(
  nodes: FlowNode[],
  edges: FlowEdge[],
  data: DataSpec,
  features: number,
  params: Record<string, Record<string, unknown>>,
): FlowNode[] {
  return nodes.map((n) => {
    const patch = params[n.id] ?? {};
    const input = n.data.kind === 'input';
    if (!input && Object.keys(patch).length === 0) return n;
    const merged = { ...n.data.params, ...patch };
    if (!input) return { ...n, data: { ...n.data, params: merged } };
    const flat = edges.some(
      (e) => e.source === n.id && nodes.find((t) => t.id === e.target)?.data.kind === 'dense',
    );
    return { ...n, data: { ...n.data, params: fitInputParams(merged, data, features, flat) } };
  });
}

/** How many tensors a weights record holds. */
export function tensorCount(weights: WeightsRecord): number {
  return Object.values(weights).reduce((n, tensors) => n + Object.keys(tensors).length, 0);
}

/** The node at its position in `positions`, when that names it. */
export function withPosition(node: FlowNode, positions: Record<string, Position>): FlowNode {
  const position = own(positions, node.id);
  return position ? { ...node, position } : node;
}

/** The loss of the file's last epoch record, null without history. */
export function lastLoss(model: ModelFile): number | null {
  const h = model.history;
  return h && h.length ? h[h.length - 1].loss : null;
}

/** Nominal node size, for layout before React Flow has measured the nodes. */
export const NODE_SIZE = { width: 136, height: 66 };
/** A node's size before React Flow measures it (nodes/nodes.css `.bp-node`): activations are wider, for the sketch. */
export const nodeSize = (kind: string) =>
  kind === 'activation' ? { ...NODE_SIZE, width: 152 } : NODE_SIZE;

/**
 * Whether a graph's positions need arranging: some node has none, or two sit
 * so close that the connection between them (and its labels: the shape, and
 * the training overlay's value) would be hidden.
 */
export function needsLayout(graph: Graph): boolean {
  const ns = graph.nodes;
  if (ns.some((n) => !n.position)) return ns.length > 0;
  for (let i = 0; i < ns.length; i++) {
    for (let j = i + 1; j < ns.length; j++) {
      const a = ns[i].position!;
      const b = ns[j].position!;
      if (Math.abs(a.x - b.x) < NODE_SIZE.width + 80 && Math.abs(a.y - b.y) < NODE_SIZE.height + 16)
        return true;
    }
  }
  return false;
}

/** The file name of a path (either separator). */
export function baseName(path: string) {
  return path.split(/[\\/]/).pop() || path;
}
