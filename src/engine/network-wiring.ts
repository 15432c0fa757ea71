/**
 * The network's bookkeeping before any pass runs: a compiled graph turned into
 * runtime nodes, edges and tensors (`wire`), scratch sizes per node
 * (`scratchSizes`), and each tensor filled from its initialiser (`initialise`).
 * The passes themselves are `Network`'s (network.ts).
 */
import type { Float } from './backend';
import type { CompiledGraph } from './compile';
import { OPS, type Param, type RtEdge, type RtNode, sizeOf } from './ops';
import { Rng } from './random';
import { declsOf } from './weights';

/** A compiled graph's runtime pieces, every buffer `empty` until the network allocates. */
export interface Wiring {
  nodes: RtNode[];
  byId: Map<string, RtNode>;
  edges: Map<string, RtEdge>;
  /** Every tensor the nodes keep (trainable or not), in node order. */
  tensors: Param[];
  trainable: Param[];
}

/** Runtime nodes and edges for a compiled graph, linked both ways, with their tensors declared. */
export function wire(graph: CompiledGraph, empty: Float): Wiring {
  const nodes: RtNode[] = [];
  const byId = new Map<string, RtNode>();
  const edges = new Map<string, RtEdge>();
  const tensors: Param[] = [];
  const trainable: Param[] = [];
  for (const spec of graph.nodes) {
    const node: RtNode = {
      id: spec.id,
      kind: spec.kind,
      params: spec.params,
      shape: spec.shape,
      width: spec.width,
      inputs: [],
      outputs: [],
      out: empty,
      grad: empty,
      weights: {},
      scratch: {},
      fused: false,
    };
    nodes.push(node);
    byId.set(spec.id, node);
  }
  for (const e of graph.edges) {
    const edge: RtEdge = {
      id: e.id,
      source: byId.get(e.source)!,
      target: byId.get(e.target)!,
      width: e.width,
      shape: e.shape,
      grad: empty,
    };
    edges.set(e.id, edge);
    edge.source.outputs.push(edge);
  }
  graph.nodes.forEach((spec, k) => {
    const node = nodes[k];
    node.inputs = spec.inputs.map((i) => edges.get(i.edgeId)!);
    for (const decl of declsOf(spec, (id) => byId.get(id)!.shape)) {
      const p: Param = {
        nodeId: node.id,
        name: decl.name,
        shape: decl.shape,
        rows: decl.shape[0],
        cols: sizeOf(decl.shape.slice(1)),
        value: empty,
        grad: empty,
        trainable: decl.trainable,
        decay: decl.decay,
      };
      node.weights[decl.name] = p;
      tensors.push(p);
      if (p.trainable) trainable.push(p);
    }
  });
  return { nodes, byId, edges, tensors, trainable };
}

/** Each node's scratch buffers (sizes in elements) for batches of up to `capacity` rows, in node order. */
export function scratchSizes(
  graph: CompiledGraph,
  byId: ReadonlyMap<string, RtNode>,
  capacity: number,
): Record<string, number>[] {
  return graph.nodes.map(
    (spec) =>
      OPS[spec.kind].buffers?.(
        spec,
        spec.inputs.map((i) => byId.get(i.source)!.shape),
        capacity,
      ) ?? {},
  );
}

/**
 * Each tensor from its initialiser, in node order: xavier U(±√(6/(fanIn+fanOut))),
 * he N(0, 2/fanIn), zeros, ones.
 */
export function initialise(
  graph: CompiledGraph,
  byId: ReadonlyMap<string, RtNode>,
  seed: number,
): void {
  const rng = new Rng(seed);
  for (const node of graph.nodes) {
    const decls = declsOf(node, (id) => byId.get(id)!.shape);
    for (const decl of decls) {
      const value = byId.get(node.id)!.weights[decl.name].value;
      if (decl.init === 'zeros') value.fill(0);
      else if (decl.init === 'ones') value.fill(1);
      else if (decl.init === 'he') {
        const std = Math.sqrt(2 / decl.fanIn);
        for (let i = 0; i < value.length; i++) value[i] = std * rng.normal();
      } else {
        const limit = Math.sqrt(6 / (decl.fanIn + decl.fanOut));
        for (let i = 0; i < value.length; i++) value[i] = rng.uniform(-limit, limit);
      }
    }
  }
}
