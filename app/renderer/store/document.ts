/**
 * The open document: one zustand store holding the canvas graph (as React Flow
 * nodes and edges), the rest of the model file, and an undo stack of graph
 * snapshots. Every change to the graph goes through `change()`, which records
 * one undo entry; selection, measuring and in-flight drags do not. Compiling
 * happens here too, whenever the structure changes (not while dragging).
 */
import { create } from 'zustand';
import {
  applyEdgeChanges,
  applyNodeChanges,
  type Edge,
  type EdgeChange,
  type Node,
  type NodeChange,
} from '@xyflow/react';
import type {
  DataSpec,
  EpochRecord,
  RunRecord,
  ModelFile,
  ResumeState,
  TrainingSettings,
} from '../../../src/model/types';
import {
  compile,
  isNodeKind,
  KINDS,
  type CompileOptions,
  type CompileResult,
  type Graph,
  type GraphEdge,
  type GraphNode,
  type NodeKind,
  type Position,
  type Problem,
  type WeightsRecord,
  fittingWeights,
} from '../engine';
import { declaredWidths, fitInputParams, lastDenseToFit, newNodeParams } from './widths';
import { staticWidths } from '../model';
import { idTable, own } from '../../../src/engine/table';
import { i18n, LANGUAGES, t } from '../../../src/i18n';

export type NodeData = { kind: string; params: Record<string, unknown> };
export type FlowNode = Node<NodeData>;
export type FlowEdge = Edge;

interface Snapshot {
  graph: Graph;
  /** Training settings and data are document changes too (undoable); weights and history are results, not edits. */
  training: TrainingSettings;
  data: DataSpec;
  /** Identifies the document state, so "dirty" survives undoing back to the saved state. */
  stateId: number;
}

export interface Viewport {
  x: number;
  y: number;
  zoom: number;
}

export interface Clipboard {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

const HISTORY_LIMIT = 200;
let nextStateId = 1;

export interface DocumentState {
  nodes: FlowNode[];
  edges: FlowEdge[];
  past: Snapshot[];
  future: Snapshot[];
  stateId: number;
  savedStateId: number;
  /** Where the document lives; null until it is saved. */
  path: string | null;
  /** What the title bar shows. */
  name: string;
  /** The file the graph belongs to: data, training settings, weights and history are kept as they are. */
  model: ModelFile;
  compiled: CompileResult;
  problemsByNode: Record<string, Problem[]>;
  problemsByEdge: Record<string, Problem[]>;
  /** The last training loss, null until trained. */
  lossValue: number | null;
  /** The viewport to restore once the canvas mounts (from the file); consumed by the canvas. */
  initialViewport: Viewport | null;
  /** Bumped on every load so the canvas knows to restore or fit the view. */
  loadCount: number;
  dragStart: Snapshot | null;

  /** `unsaved`: the document opens with unsaved changes (a restored recovery copy). */
  load(
    model: ModelFile,
    options?: { path?: string | null; name?: string; unsaved?: boolean },
  ): void;
  markSaved(path: string): void;
  onNodesChange(changes: NodeChange<FlowNode>[]): void;
  onEdgesChange(changes: EdgeChange<FlowEdge>[]): void;
  beginDrag(): void;
  endDrag(): void;
  addNode(kind: NodeKind, position: Position): string;
  connect(source: string, target: string): string | null;
  setParam(nodeId: string, name: string, value: unknown): void;
  deleteSelection(): void;
  deleteElements(nodeIds: string[], edgeIds: string[]): void;
  setPositions(positions: Record<string, Position>): void;
  /** Places nodes without an undo entry or a dirty mark (arranging a document as it opens). */
  placeNodes(positions: Record<string, Position>): void;
  copySelection(): Clipboard | null;
  paste(clip: Clipboard, offset: Position): void;
  selectAll(): void;
  select(ids: { nodes?: string[]; edges?: string[] }): void;
  undo(): void;
  redo(): void;
  /** Changes training settings as one undoable edit. */
  setTraining(patch: Partial<TrainingSettings>): void;
  /** Changes the data's validation share as one undoable edit. */
  setValidation(share: number): void;
  /**
   * Replaces the data as one undoable edit: the Input node's features follow `features` (and its
   * height, width and channels the data's image shape, see fitInputParams), and
   * `params` (node id → params patch, e.g. an output width fix) change in the same edit.
   */
  setData(data: DataSpec, features: number, params?: Record<string, Record<string, unknown>>): void;
  /**
   * Takes trained weights (a checkpoint). Weights that no longer fit their dense node (the
   * graph changed under the run) are dropped. `resume` (what the next run continues from) is
   * kept with them when every one of them fits, and forgotten otherwise. Marks the document
   * unsaved; no undo entry.
   */
  applyWeights(weights: WeightsRecord, resume?: ResumeState): void;
  /** Appends epoch records a run produced. Marks the document unsaved; no undo entry. */
  appendHistory(records: EpochRecord[]): void;
  /** Adds a run to the run list (records of it then name it in `run`). */
  startRun(run: RunRecord): void;
  /** Changes a run's summary (its end, its duration). */
  updateRun(id: number, patch: Partial<RunRecord>): void;
  /** Forgets trained weights (the history and runs stay): the next run initialises from the seed. */
  resetWeights(): void;
  /** Forgets every run and the loss history (the weights stay). */
  clearRuns(): void;
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

function toFlowNode(n: GraphNode, selected = false): FlowNode {
  return {
    id: n.id,
    type: n.kind,
    position: n.position ?? { x: 0, y: 0 },
    data: { kind: n.kind, params: n.params },
    selected,
  };
}

function toFlowEdge(e: GraphEdge, selected = false): FlowEdge {
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

function analyse(graph: Graph, model?: ModelFile) {
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

function inputCount(edges: FlowEdge[], nodeId: string) {
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

/** How many tensors a weights record holds. */
function tensorCount(weights: WeightsRecord): number {
  return Object.values(weights).reduce((n, tensors) => n + Object.keys(tensors).length, 0);
}

/** The node at its position in `positions`, when that names it. */
function withPosition(node: FlowNode, positions: Record<string, Position>): FlowNode {
  const position = own(positions, node.id);
  return position ? { ...node, position } : node;
}

function lastLoss(model: ModelFile): number | null {
  const h = model.history;
  return h && h.length ? h[h.length - 1].loss : null;
}

const EMPTY_MODEL = {
  graph: { nodes: [], edges: [] },
} as unknown as ModelFile;

function snapshotOf(s: DocumentState): Snapshot {
  return {
    graph: toGraph(s.nodes, s.edges),
    stateId: s.stateId,
    training: s.model.training,
    data: s.model.data,
  };
}

export const useDocument = create<DocumentState>()((set, get) => {
  /** Applies one undoable change to the graph (and, optionally, the training settings or data). */
  function change(nodes: FlowNode[], edges: FlowEdge[], model?: ModelFile) {
    const s = get();
    const before = snapshotOf(s);
    const next = model ?? s.model;
    set({
      nodes,
      edges,
      model: next,
      past: [...s.past, before].slice(-HISTORY_LIMIT),
      future: [],
      stateId: nextStateId++,
      ...analyse(toGraph(nodes, edges), next),
    });
  }

  function restore(snapshot: Snapshot) {
    const s = get();
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
    set({
      model,
      nodes,
      edges,
      stateId: snapshot.stateId,
      ...(onlyMoved ? {} : analyse(snapshot.graph, model)),
    });
  }

  return {
    nodes: [],
    edges: [],
    past: [],
    future: [],
    stateId: 0,
    savedStateId: 0,
    path: null,
    name: t('editor.untitled'),
    model: EMPTY_MODEL,
    ...analyse({ nodes: [], edges: [] }),
    lossValue: null,
    initialViewport: null,
    loadCount: 0,
    dragStart: null,

    load(model, options = {}) {
      const stateId = nextStateId++;
      set({
        nodes: model.graph.nodes.map((n) => toFlowNode(n)),
        edges: model.graph.edges.map((e) => toFlowEdge(e)),
        past: [],
        future: [],
        stateId,
        savedStateId: options.unsaved ? -1 : stateId,
        path: options.path ?? null,
        name: options.name ?? model.name ?? t('editor.untitled'),
        model,
        lossValue: lastLoss(model),
        initialViewport: model.view?.viewport ?? null,
        loadCount: get().loadCount + 1,
        dragStart: null,
        ...analyse(model.graph, model),
      });
    },

    markSaved(path) {
      set({ path, name: baseName(path), savedStateId: get().stateId });
    },

    onNodesChange(changes) {
      // Removal goes through deleteElements (undoable); React Flow's own delete key is off.
      const kept = changes.filter((c) => c.type !== 'remove' && c.type !== 'add');
      if (kept.length) set({ nodes: applyNodeChanges(kept, get().nodes) });
    },

    onEdgesChange(changes) {
      const kept = changes.filter((c) => c.type === 'select');
      if (kept.length) set({ edges: applyEdgeChanges(kept, get().edges) });
    },

    beginDrag() {
      const s = get();
      set({ dragStart: snapshotOf(s) });
    },

    endDrag() {
      const s = get();
      const start = s.dragStart;
      if (!start) return;
      const moved = start.graph.nodes.some((n) => {
        const now = s.nodes.find((m) => m.id === n.id);
        return (
          now &&
          (Math.round(now.position.x) !== n.position?.x ||
            Math.round(now.position.y) !== n.position?.y)
        );
      });
      if (!moved) {
        set({ dragStart: null });
        return;
      }
      set({
        dragStart: null,
        past: [...s.past, start].slice(-HISTORY_LIMIT),
        future: [],
        stateId: nextStateId++,
      });
    },

    addNode(kind, position) {
      const s = get();
      const taken = new Set(s.nodes.map((n) => n.id));
      const id = freshId(kind, taken);
      const params = newNodeParams(kind, s.model.data);
      const node = toFlowNode({ id, kind, params, position }, true);
      change(
        [...s.nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), node],
        s.edges.map((e) => (e.selected ? { ...e, selected: false } : e)),
      );
      return id;
    },

    connect(source, target) {
      const s = get();
      if (connectionProblem(s.nodes, s.edges, source, target)) return null;
      let edges = s.edges;
      const t = s.nodes.find((n) => n.id === target)!;
      // A node that takes one input gets its input replaced, as in other node editors.
      if (isNodeKind(t.data.kind) && KINDS[t.data.kind].inputs[1] === 1) {
        edges = edges.filter((e) => e.target !== target);
      } else if (
        isNodeKind(t.data.kind) &&
        inputCount(edges, target) >= KINDS[t.data.kind].inputs[1]
      ) {
        return null;
      }
      const taken = new Set([...s.edges.map((e) => e.id), ...s.nodes.map((n) => n.id)]);
      const id = freshId(`e-${source}-${target}-`, taken);
      const next = [...edges, toFlowEdge({ id, source, target })];
      // A Dense that this connection makes the last layer takes the data's target count.
      const fit = new Set(lastDenseToFit({ nodes: s.nodes, edges: next }, s.model.data));
      const targets = declaredWidths(s.model.data).targets;
      const nodes = fit.size
        ? s.nodes.map((n) =>
            fit.has(n.id)
              ? { ...n, data: { ...n.data, params: { ...n.data.params, units: targets } } }
              : n,
          )
        : s.nodes;
      change(nodes, next);
      return id;
    },

    setParam(nodeId, name, value) {
      const s = get();
      const node = s.nodes.find((n) => n.id === nodeId);
      if (!node || node.data.params[name] === value) return;
      const params = { ...node.data.params };
      if (value === undefined) delete params[name];
      else params[name] = value;
      change(
        s.nodes.map((n) => (n.id === nodeId ? { ...n, data: { ...n.data, params } } : n)),
        s.edges,
      );
    },

    deleteSelection() {
      const s = get();
      get().deleteElements(
        s.nodes.filter((n) => n.selected).map((n) => n.id),
        s.edges.filter((e) => e.selected).map((e) => e.id),
      );
    },

    deleteElements(nodeIds, edgeIds) {
      if (!nodeIds.length && !edgeIds.length) return;
      const s = get();
      const goneNodes = new Set(nodeIds);
      const goneEdges = new Set(edgeIds);
      change(
        s.nodes.filter((n) => !goneNodes.has(n.id)),
        s.edges.filter(
          (e) => !goneEdges.has(e.id) && !goneNodes.has(e.source) && !goneNodes.has(e.target),
        ),
      );
    },

    setPositions(positions) {
      const s = get();
      change(
        s.nodes.map((n) => withPosition(n, positions)),
        s.edges,
      );
    },

    placeNodes(positions) {
      set({
        nodes: get().nodes.map((n) => withPosition(n, positions)),
      });
    },

    copySelection() {
      const s = get();
      const graph = toGraph(
        s.nodes.filter((n) => n.selected),
        s.edges,
      );
      if (!graph.nodes.length) return null;
      const ids = new Set(graph.nodes.map((n) => n.id));
      return {
        nodes: structuredClone(graph.nodes),
        edges: graph.edges.filter((e) => ids.has(e.source) && ids.has(e.target)),
      };
    },

    paste(clip, offset) {
      const s = get();
      const taken = new Set([...s.nodes.map((n) => n.id), ...s.edges.map((e) => e.id)]);
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
      change(
        [...s.nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), ...nodes],
        [...s.edges.map((e) => (e.selected ? { ...e, selected: false } : e)), ...edges],
      );
    },

    selectAll() {
      const s = get();
      set({
        nodes: s.nodes.map((n) => (n.selected ? n : { ...n, selected: true })),
        edges: s.edges.map((e) => (e.selected ? e : { ...e, selected: true })),
      });
    },

    select({ nodes = [], edges = [] }) {
      const s = get();
      const ns = new Set(nodes);
      const es = new Set(edges);
      set({
        nodes: s.nodes.map((n) =>
          !!n.selected === ns.has(n.id) ? n : { ...n, selected: ns.has(n.id) },
        ),
        edges: s.edges.map((e) =>
          !!e.selected === es.has(e.id) ? e : { ...e, selected: es.has(e.id) },
        ),
      });
    },

    undo() {
      const s = get();
      const prev = s.past[s.past.length - 1];
      if (!prev) return;
      set({ past: s.past.slice(0, -1), future: [...s.future, snapshotOf(s)] });
      restore(prev);
    },

    redo() {
      const s = get();
      const next = s.future[s.future.length - 1];
      if (!next) return;
      set({ future: s.future.slice(0, -1), past: [...s.past, snapshotOf(s)] });
      restore(next);
    },

    setTraining(patch) {
      const s = get();
      const training = { ...s.model.training, ...patch };
      for (const [k, v] of Object.entries(patch)) {
        if (v === undefined) delete (training as Record<string, unknown>)[k];
      }
      if (JSON.stringify(training) === JSON.stringify(s.model.training)) return;
      change(s.nodes, s.edges, { ...s.model, training });
    },

    setValidation(share) {
      const s = get();
      if ((s.model.data.validation ?? 0) === share) return;
      const data = { ...s.model.data, validation: share } as DataSpec;
      if (share === 0) delete data.validation;
      change(s.nodes, s.edges, { ...s.model, data });
    },

    setData(data, features, params = {}) {
      const s = get();
      const nodes = s.nodes.map((n) => {
        const patch = params[n.id] ?? {};
        const input = n.data.kind === 'input';
        if (!input && Object.keys(patch).length === 0) return n;
        const merged = { ...n.data.params, ...patch };
        if (!input) return { ...n, data: { ...n.data, params: merged } };
        // An Input takes the data's features, and for image data its height, width and channels
        // (unless it feeds a Dense layer, which takes vectors).
        const flat = s.edges.some(
          (e) => e.source === n.id && s.nodes.find((t) => t.id === e.target)?.data.kind === 'dense',
        );
        return { ...n, data: { ...n.data, params: fitInputParams(merged, data, features, flat) } };
      });
      change(nodes, s.edges, { ...s.model, data });
    },

    applyWeights(weights, resume) {
      const s = get();
      const graph = toGraph(s.nodes, s.edges);
      const fitting = fittingWeights(weights, graph, s.compiled.dims);
      const merged: WeightsRecord = idTable();
      // Old weights of layers the checkpoint does not name stay; those it names but no longer fit go.
      for (const [id, w] of Object.entries(s.model.weights ?? {}))
        if (!Object.hasOwn(weights, id)) merged[id] = w;
      Object.assign(merged, fitting);
      const model = { ...s.model, weights: merged };
      // The optimizer's memory belongs to these weights: kept only with all of them.
      if (resume && tensorCount(fitting) === tensorCount(weights)) model.resume = resume;
      else delete model.resume;
      set({ model, stateId: nextStateId++ });
    },

    appendHistory(records) {
      if (!records.length) return;
      const s = get();
      const history = [...(s.model.history ?? []), ...records];
      // Each run's summary follows its records: epochs completed, last loss.
      const runs = s.model.runs?.map((run) => {
        const own = records.filter((r) => r.run === run.id);
        if (!own.length) return run;
        return { ...run, epochs: run.epochs + own.length, finalLoss: own[own.length - 1].loss };
      });
      set({
        model: { ...s.model, history, ...(runs ? { runs } : {}) },
        lossValue: history[history.length - 1].loss,
        stateId: nextStateId++,
      });
    },

    startRun(run) {
      const s = get();
      const runs = [...(s.model.runs ?? []), run];
      set({ model: { ...s.model, runs }, stateId: nextStateId++ });
    },

    updateRun(id, patch) {
      const s = get();
      const runs = s.model.runs?.map((r) => (r.id === id ? { ...r, ...patch } : r));
      if (!runs) return;
      set({ model: { ...s.model, runs }, stateId: nextStateId++ });
    },

    clearRuns() {
      const s = get();
      if (!s.model.runs && !s.model.history) return;
      const model = { ...s.model };
      delete model.runs;
      delete model.history;
      set({ model, lossValue: null, stateId: nextStateId++ });
    },

    resetWeights() {
      const s = get();
      if (!s.model.weights) return;
      const model = { ...s.model };
      delete model.weights;
      delete model.resume;
      set({ model, lossValue: null, stateId: nextStateId++ });
    },
  };
});

/**
 * The compiler words its problems in the language of the moment: compile again on a switch,
 * so the Problems panel and the canvas's marks follow it. A document never saved and still
 * called "Untitled" takes the new language's word. Nothing else changes.
 */
i18n.on('languageChanged', () => {
  const s = useDocument.getState();
  const untitled = LANGUAGES.some((l) => s.name === t('editor.untitled', { lng: l.code }));
  useDocument.setState({
    ...analyse(toGraph(s.nodes, s.edges), s.model),
    ...(untitled && s.path === null ? { name: t('editor.untitled') } : {}),
  });
});

export function isDirty(
  s: Pick<DocumentState, 'stateId' | 'savedStateId'> = useDocument.getState(),
) {
  return s.stateId !== s.savedStateId;
}

/** Nominal node size, for layout before React Flow has measured the nodes. */
export const NODE_SIZE = { width: 136, height: 66 };
/** A node's size before React Flow measures it (styles.css `.bp-node`): activations are wider, for the sketch. */
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

export function baseName(path: string) {
  return path.split(/[\\/]/).pop() || path;
}

/** The model file to save: the graph with positions, the viewport, and everything else kept. */
export function toModelFile(viewport: Viewport | null): ModelFile {
  const s = useDocument.getState();
  const graph = toGraph(s.nodes, s.edges);
  const model: ModelFile = { ...s.model, graph };
  if (s.model.weights) model.weights = fittingWeights(s.model.weights, graph, s.compiled.dims);
  // What training continues from belongs to the weights: not kept once some of them are dropped.
  if (!model.weights || tensorCount(model.weights) !== tensorCount(s.model.weights ?? {}))
    delete model.resume;
  if (viewport) model.view = { ...s.model.view, viewport };
  return model;
}
