/**
 * The open document: one zustand store holding the canvas graph (as React Flow
 * nodes and edges), the rest of the model file, and an undo stack of graph
 * snapshots. Every change to the graph goes through `change()`, which records
 * one undo entry; selection, measuring and in-flight drags do not. Compiling
 * happens here too, whenever the structure changes (not while dragging).
 * Snapshots and restoring one are history.ts's.
 */
import { create } from 'zustand';
import {
  applyEdgeChanges,
  applyNodeChanges,
  type EdgeChange,
  type NodeChange,
} from '@xyflow/react';
import type {
  DataSpec,
  EpochRecord,
  RunRecord,
  ModelFile,
  ResumeState,
  TrainingSettings,
} from '#src/model/types';
import {
  type CompileResult,
  type NodeKind,
  type Position,
  type Problem,
  type WeightsRecord,
} from '../common/engine';
import { newNodeParams } from './widths';
import {
  analyse,
  baseName,
  clipboardOf,
  connected,
  freshId,
  lastLoss,
  movedSince,
  nodesFittingData,
  pastedElements,
  toFlowEdge,
  toFlowNode,
  toGraph,
  withPosition,
  type Clipboard,
  type FlowEdge,
  type FlowNode,
  type Viewport,
} from './graph';
import {
  savedModel,
  withHistory,
  withoutRuns,
  withoutWeights,
  withRunPatch,
  withWeights,
} from './results';
import { i18n, LANGUAGES, t } from '#src/i18n';
import { HISTORY_LIMIT, restored, snapshotOf, type Snapshot } from './history';

// The graph helpers are imported from here by much of the renderer; they live in graph.ts.
export {
  baseName,
  connectionProblem,
  dataWidths,
  freshId,
  needsLayout,
  NODE_SIZE,
  nodeSize,
  reaches,
  toGraph,
  type Clipboard,
  type FlowEdge,
  type FlowNode,
  type NodeData,
  type Viewport,
} from './graph';

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
  /**
   * The document as the drag under way began: its parts as they were (the store replaces them,
   * never changes them), made an undo snapshot only once the drag has moved something. Taking
   * the snapshot as the drag began cost its first frame a copy of every node.
   */
  dragStart: Pick<DocumentState, 'nodes' | 'edges' | 'model' | 'stateId'> | null;

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

const EMPTY_MODEL = {
  graph: { nodes: [], edges: [] },
} as unknown as ModelFile;

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
    set(restored(get(), snapshot));
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
      const { nodes, edges, model, stateId } = get();
      set({ dragStart: { nodes, edges, model, stateId } });
    },

    endDrag() {
      const s = get();
      const start = s.dragStart;
      if (!start) return;
      if (!movedSince(start, s.nodes)) {
        set({ dragStart: null });
        return;
      }
      set({
        dragStart: null,
        past: [...s.past, snapshotOf(start)].slice(-HISTORY_LIMIT),
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
      const made = connected(s.nodes, s.edges, source, target, s.model.data);
      if (!made) return null;
      change(made.nodes, made.edges);
      return made.id;
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
      return clipboardOf(s.nodes, s.edges);
    },

    paste(clip, offset) {
      const s = get();
      const taken = new Set([...s.nodes.map((n) => n.id), ...s.edges.map((e) => e.id)]);
      const { nodes, edges } = pastedElements(clip, offset, taken);
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
      const nodes = nodesFittingData(s.nodes, s.edges, data, features, params);
      change(nodes, s.edges, { ...s.model, data });
    },

    applyWeights(weights, resume) {
      const s = get();
      const graph = toGraph(s.nodes, s.edges);
      const model = withWeights(s.model, graph, s.compiled.dims, weights, resume);
      set({ model, stateId: nextStateId++ });
    },

    appendHistory(records) {
      if (!records.length) return;
      const model = withHistory(get().model, records);
      set({ model, lossValue: lastLoss(model), stateId: nextStateId++ });
    },

    startRun(run) {
      const s = get();
      const runs = [...(s.model.runs ?? []), run];
      set({ model: { ...s.model, runs }, stateId: nextStateId++ });
    },

    updateRun(id, patch) {
      const model = withRunPatch(get().model, id, patch);
      if (model) set({ model, stateId: nextStateId++ });
    },

    clearRuns() {
      const model = withoutRuns(get().model);
      if (model) set({ model, lossValue: null, stateId: nextStateId++ });
    },

    resetWeights() {
      const model = withoutWeights(get().model);
      if (model) set({ model, lossValue: null, stateId: nextStateId++ });
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

/** The model file to save: the graph with positions, the viewport, and everything else kept. */
export function toModelFile(viewport: Viewport | null): ModelFile {
  const s = useDocument.getState();
  return savedModel(s.model, toGraph(s.nodes, s.edges), s.compiled.dims, viewport);
}
