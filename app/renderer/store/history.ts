/**
 * The document's undo history: a snapshot of what an edit can change (the graph, the training
 * settings and the data, not the results), and putting one back without disturbing what the
 * step did not change. The stacks themselves (`past`, `future`) are the document store's.
 */
import type { DataSpec, ModelFile, TrainingSettings } from '#src/model/types';
import type { Graph } from '../common/engine';
import { analyse, toFlowEdge, toFlowNode, toGraph, type FlowEdge, type FlowNode } from './graph';

export interface Snapshot {
  graph: Graph;
  /** Training settings and data are document changes too (undoable); weights and history are results, not edits. */
  training: TrainingSettings;
  data: DataSpec;
  /** Identifies the document state, so "dirty" survives undoing back to the saved state. */
  stateId: number;
}

/** Undo steps kept at the most. */
export const HISTORY_LIMIT = 200;

/** What of the document a snapshot is taken from and restored to. */
interface Edited {
  nodes: FlowNode[];
  edges: FlowEdge[];
  model: ModelFile;
  stateId: number;
}

export function snapshotOf(s: Edited): Snapshot {
  return {
    graph: toGraph(s.nodes, s.edges),
    stateId: s.stateId,
    training: s.model.training,
    data: s.model.data,
  };
}

/** The document state that puts `snapshot` back over `s`, keeping the selection. */
export function restored(
  s: Edited,
  snapshot: Snapshot,
): Partial<Edited> & Partial<ReturnType<typeof analyse>> {
  const selectedNodes = new Set(s.nodes.filter((n) => n.selected).map((n) => n.id));
  const selectedEdges = new Set(s.edges.filter((e) => e.selected).map((e) => e.id));
  // Keep the measured size so the restored nodes do not flicker while being re-measured.
  const measured = new Map(s.nodes.map((n) => [n.id, n.measured]));
  const model = { ...s.model, training: snapshot.training, data: snapshot.data };
  // What the step did not change keeps its object (React Flow re-renders only what did: undoing a
  // drag on a 1,000-node canvas redrew every node and edge), and a step that only moved nodes
  // keeps the compiled network (positions do not enter it).
  const nodeNow = new Map(s.nodes.map((n) => [n.id, n]));
  const edgeNow = new Map(s.edges.map((e) => [e.id, e]));
  const nodes = snapshot.graph.nodes.map((n) => {
    const selected = selectedNodes.has(n.id);
    const now = nodeNow.get(n.id);
    if (
      now &&
      now.data.kind === n.kind &&
      now.data.params === n.params &&
      !!now.selected === selected &&
      now.position.x === n.position?.x &&
      now.position.y === n.position?.y
    )
      return now;
    const fn = toFlowNode(n, selected);
    const m = measured.get(n.id);
    return m ? { ...fn, measured: m } : fn;
  });
  const edges = snapshot.graph.edges.map((e) => {
    const selected = selectedEdges.has(e.id);
    const now = edgeNow.get(e.id);
    if (
      now &&
      now.source === e.source &&
      now.target === e.target &&
      (now.data as { targetSlot?: number } | undefined)?.targetSlot === e.targetSlot &&
      !!now.selected === selected
    )
      return now;
    return toFlowEdge(e, selected);
  });
  const onlyMoved =
    snapshot.data === s.model.data &&
    nodes.length === s.nodes.length &&
    edges.length === s.edges.length &&
    nodes.every(
      (n, i) =>
        n.id === s.nodes[i].id &&
        n.data.kind === s.nodes[i].data.kind &&
        n.data.params === s.nodes[i].data.params,
    ) &&
    edges.every((e, i) => e === s.edges[i]);
  return {
    model,
    nodes,
    edges,
    stateId: snapshot.stateId,
    ...(onlyMoved ? {} : analyse(snapshot.graph, model)),
  };
}
