/**
 * The canvas: React Flow bound to the document store. Nodes arrive from the
 * palette by drag and drop, by a click, or by double-clicking the pane to
 * search; connections that would make a cycle are refused while dragging.
 *
 * Framing: a loaded document shows first already fitted (the viewport stays
 * hidden until its first fit), and a fit keeps text readable whenever the
 * graph fits at a readable size (`readableViewport`), clear of the overlays
 * in the canvas's corners (the minimap among them).
 *
 * Once a large document (CULL_FROM nodes) is framed, only the nodes and edges
 * in view are in the page (React Flow's onlyRenderVisibleElements): it pans and
 * drags at a readable zoom with a few dozen nodes to paint instead of all of
 * them. Until then every node renders (React Flow also renders any node not yet
 * measured), so the fit waits for and sees the whole graph; while the canvas
 * has no size (no layout, as in unit tests) React Flow would count nothing in
 * view; and smaller graphs keep every node in the page (and in the
 * accessibility tree), where culling saves little.
 */
import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
  type DragEvent,
  type MouseEvent,
  type RefObject,
} from 'react';
import {
  Background,
  BackgroundVariant,
  ControlButton,
  Controls,
  MiniMap,
  ReactFlow,
  useNodesInitialized,
  useReactFlow,
  useStore,
  useStoreApi,
  type Connection,
  type Edge,
  type EdgeTypes,
  type IsValidConnection,
  type NodeTypes,
  type OnConnectEnd,
} from '@xyflow/react';
import { isNodeKind } from '../common/engine';
import { useTranslation } from '../common/i18n';
import { LineIcon } from '../common/icons';
import { layoutGraph } from '#src/model/layout';
import {
  connectionProblem,
  needsLayout,
  nodeSize,
  toGraph,
  useDocument,
  type FlowEdge,
  type FlowNode,
} from '../store/document';
import { useUi, useWideWindow } from '../store/ui';
import { useCanvasView } from '../store/canvas-view';
import { isActive, useTraining } from '../store/training';
import { EdgeLayer } from './EdgeLayer';
import { EdgeLabelContainer, ShapeEdge } from './ShapeEdge';
import { PALETTE_MIME } from '../common/palette-groups';
import { fitReadable, isStillFitted, MARGIN, MIN_ZOOM, MINIMAP } from './fit';
import { detailLevel, restyleDetail, type Detail } from './detail';

/** Graphs with at least this many nodes render only what is in view (see above). */
const CULL_FROM = 200;

const defaultEdgeOptions = { type: 'shape' };
const edgeTypes = { shape: ShapeEdge } satisfies EdgeTypes;
const proOptions = { hideAttribution: true };
/** A node's colour in the minimap: its kind's (`--k-<kind>`, common/kinds.css), like its header. */
const miniMapColor = (n: FlowNode) => `var(--k-${n.data.kind}, var(--node-border))`;

/** Whether the minimap shows: the user's choice, else on wide windows only. */
function useMinimapShown(): boolean {
  const choice = useUi((s) => s.layout.minimap);
  const wide = useWideWindow();
  return choice ?? wide;
}

/*
 * Levels of detail (canvas/detail.ts). A change of level is one attribute on the canvas's box
 * (edges, the background) and one on each node and edge label, set a few at a time (restyleDetail),
 * written by a store subscription (no React render). The rules only hide and restyle: no node
 * changes size, so nothing is measured again and no edge re-routes.
 */
/** Keeps the level-of-detail attributes (`data-detail`, `data-lod`) in step with the zoom. */
function useDetailAttribute(box: RefObject<HTMLDivElement | null>) {
  const store = useStoreApi<FlowNode, FlowEdge>();
  useEffect(() => {
    let shown: Detail | null = null;
    let stop = () => {};
    const apply = (zoom: number) => {
      const el = box.current;
      const level = detailLevel(zoom, shown);
      if (!el || level === shown) return;
      shown = level;
      useCanvasView.setState({ detail: level });
      if (level) el.setAttribute('data-detail', level);
      else el.removeAttribute('data-detail');
      stop();
      stop = restyleDetail(el, level);
    };
    apply(store.getState().transform[2]);
    const unsubscribe = store.subscribe((s) => apply(s.transform[2]));
    return () => {
      unsubscribe();
      stop();
    };
  }, [store, box]);
}

/**
 * The canvas. `nodeTypes`: the node faces by kind (nodes/index.ts), passed in by App at module
 * scope, so the canvas and the node faces do not import each other.
 */
export function Canvas({ nodeTypes }: { nodeTypes: NodeTypes }) {
  const nodes = useDocument((s) => s.nodes);
  const edges = useDocument((s) => s.edges);
  const onNodesChange = useDocument((s) => s.onNodesChange);
  const onEdgesChange = useDocument((s) => s.onEdgesChange);
  const beginDrag = useDocument((s) => s.beginDrag);
  const endDrag = useDocument((s) => s.endDrag);
  const loadCount = useDocument((s) => s.loadCount);
  const flow = useReactFlow<FlowNode, FlowEdge>();
  const wrapper = useRef<HTMLDivElement>(null);
  const measured = useNodesInitialized();
  const minimap = useMinimapShown();
  const { t } = useTranslation();
  /** The load whose nodes have their final positions, and the load last framed. */
  const [placed, setPlaced] = useState(-1);
  const [framed, setFramed] = useState(-1);

  // A document was loaded: restore its viewport, or arrange it (if crowded) for framing.
  useEffect(() => {
    const { initialViewport, nodes, edges, placeNodes } = useDocument.getState();
    if (initialViewport || nodes.length === 0) {
      void flow.setViewport(initialViewport ?? { x: 0, y: 0, zoom: 1 });
      setFramed(loadCount);
      return;
    }
    let live = true;
    const done = () => live && setPlaced(loadCount);
    if (needsLayout(toGraph(nodes, edges))) {
      layoutGraph(
        nodes.map((n) => ({ id: n.id, ...nodeSize(n.data.kind) })),
        edges,
      ).then((positions) => {
        if (!live || useDocument.getState().loadCount !== loadCount) return;
        placeNodes(positions);
        done();
      }, done);
    } else done();
    return () => {
      live = false;
    };
  }, [loadCount, flow]);

  // Frame it once React Flow has measured the nodes where they are placed; until then the
  // viewport stays hidden, so the first screen is the framed one.
  useEffect(() => {
    if (placed !== loadCount || framed === loadCount || !measured) return;
    const id = requestAnimationFrame(() => {
      fitReadable(flow);
      setFramed(loadCount);
    });
    return () => cancelAnimationFrame(id);
  }, [placed, framed, loadCount, measured, flow]);

  // When the canvas changes size (a panel shown, hidden or resized; the window resized): a
  // view nobody has moved since its fit is fitted again; else, if it narrowed (the details
  // panel opened beside it for a selection), the selection is kept in view.
  const canvasWidth = useStore((s) => s.width);
  const canvasHeight = useStore((s) => s.height);
  const lastWidth = useRef(canvasWidth);
  useEffect(() => {
    const before = lastWidth.current;
    lastWidth.current = canvasWidth;
    if (canvasWidth === 0 || canvasHeight === 0 || framed !== loadCount) return;
    const selected = flow.getNodes().filter((n) => n.selected);
    if (canvasWidth < before && selected.length > 0) {
      const bounds = flow.getNodesBounds(selected);
      const { x, y, zoom } = flow.getViewport();
      const right = (bounds.x + bounds.width) * zoom + x;
      const over = right - (canvasWidth - MARGIN);
      if (over > 0)
        void flow.setViewport({ x: x - Math.min(over, bounds.x * zoom + x - MARGIN), y, zoom });
    } else if (isStillFitted(flow)) fitReadable(flow);
  }, [canvasWidth, canvasHeight, framed, loadCount, flow]);

  const isValidConnection: IsValidConnection<FlowEdge> = useCallback((c: Connection | Edge) => {
    const { nodes, edges } = useDocument.getState();
    return connectionProblem(nodes, edges, c.source, c.target) === null;
  }, []);

  const onConnect = useCallback((c: Connection) => {
    const { nodes, edges, connect } = useDocument.getState();
    const problem = connectionProblem(nodes, edges, c.source, c.target);
    if (problem) useUi.getState().setStatus(problem);
    else connect(c.source, c.target);
  }, []);

  // Say why a connection was refused (a cycle, a node without output…), once the drag ends on a node.
  const onConnectEnd: OnConnectEnd = useCallback((_e, state) => {
    if (state.isValid !== false || !state.fromNode || !state.toNode) return;
    const fromSource = state.fromHandle?.type !== 'target';
    const source = fromSource ? state.fromNode.id : state.toNode.id;
    const target = fromSource ? state.toNode.id : state.fromNode.id;
    const { nodes, edges } = useDocument.getState();
    const problem = connectionProblem(nodes, edges, source, target);
    if (problem) useUi.getState().setStatus(problem);
  }, []);

  const onDragOver = useCallback((e: DragEvent) => {
    if (e.dataTransfer.types.includes(PALETTE_MIME)) {
      e.preventDefault();
      e.dataTransfer.dropEffect = 'copy';
    }
  }, []);

  const onDrop = useCallback(
    (e: DragEvent) => {
      const kind = e.dataTransfer.getData(PALETTE_MIME);
      if (!kind || !isNodeKind(kind)) return;
      e.preventDefault();
      e.stopPropagation();
      const p = flow.screenToFlowPosition({ x: e.clientX, y: e.clientY });
      useDocument.getState().addNode(kind, { x: Math.round(p.x - 80), y: Math.round(p.y - 30) });
    },
    [flow],
  );

  const onDoubleClick = useCallback((e: MouseEvent) => {
    if (!(e.target as HTMLElement).classList.contains('react-flow__pane')) return;
    useUi.getState().setQuickAdd({ x: e.clientX, y: e.clientY });
  }, []);

  useDetailAttribute(wrapper);

  // The graph is a composited layer of its own at full detail unless a session trains, and
  // otherwise while the view pans or zooms at full detail (canvas/canvas.css: `.is-training`,
  // `.is-moving`, `.is-zooming`). A wheel, a pinch or a zoom button (no event) zooms; a drag pans.
  const training = useTraining((s) => isActive(s.state));
  const onMoveStart = useCallback((event: globalThis.MouseEvent | TouchEvent | null) => {
    const zooming = event === null || event.type === 'wheel';
    wrapper.current?.classList.add(zooming ? 'is-zooming' : 'is-moving');
  }, []);
  const onMoveEnd = useCallback(
    () => wrapper.current?.classList.remove('is-moving', 'is-zooming'),
    [],
  );

  // React Flow's edge label container, once it is in the page (ShapeEdge portals its label there).
  const [labelBox, setLabelBox] = useState<Element | null>(null);
  useLayoutEffect(() => {
    setLabelBox(wrapper.current?.querySelector('.react-flow__edgelabel-renderer') ?? null);
  }, []);

  // Culled once framed (see the top of this file); nodes and edges mounted then draw their bodies
  // and labels lazily (store/canvas-view.ts).
  const culled =
    framed === loadCount && nodes.length >= CULL_FROM && canvasWidth > 0 && canvasHeight > 0;
  useEffect(() => {
    useCanvasView.setState({ lazy: culled });
  }, [culled]);

  return (
    <div
      className={`bp-canvas${framed === loadCount ? '' : ' is-framing'}${training ? ' is-training' : ''}`}
      ref={wrapper}
      onDoubleClick={onDoubleClick}
    >
      <EdgeLabelContainer.Provider value={labelBox}>
        <ReactFlow<FlowNode, FlowEdge>
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          edgeTypes={edgeTypes}
          defaultEdgeOptions={defaultEdgeOptions}
          onlyRenderVisibleElements={culled}
          onNodesChange={onNodesChange}
          onEdgesChange={onEdgesChange}
          onConnect={onConnect}
          onConnectEnd={onConnectEnd}
          isValidConnection={isValidConnection}
          onNodeDragStart={beginDrag}
          onNodeDragStop={endDrag}
          onSelectionDragStart={beginDrag}
          onSelectionDragStop={endDrag}
          onDragOver={onDragOver}
          onDrop={onDrop}
          onMoveStart={onMoveStart}
          onMoveEnd={onMoveEnd}
          deleteKeyCode={null}
          selectionKeyCode="Shift"
          multiSelectionKeyCode={['Control', 'Meta', 'Shift']}
          zoomOnDoubleClick={false}
          colorMode="system"
          minZoom={MIN_ZOOM}
          maxZoom={3}
          proOptions={proOptions}
          aria-label={t('canvas.label')}
        >
          <Background variant={BackgroundVariant.Dots} gap={20} size={1.2} />
          <EdgeLayer />
          {minimap && (
            <MiniMap
              pannable
              zoomable
              ariaLabel={t('canvas.minimap')}
              nodeColor={miniMapColor}
              style={MINIMAP}
            />
          )}
          <Controls showInteractive={false} showFitView={false} orientation="horizontal">
            <ControlButton
              onClick={() => fitReadable(flow, 200)}
              title={t('canvas.fitTitle')}
              aria-label={t('canvas.fit')}
            >
              <LineIcon weight={2.4}>
                <path d="M4 9V4h5M15 4h5v5M20 15v5h-5M9 20H4v-5" />
              </LineIcon>
            </ControlButton>
            <ControlButton
              onClick={() => useUi.getState().setLayout({ minimap: !minimap })}
              title={t(minimap ? 'canvas.hideMinimapTitle' : 'canvas.showMinimapTitle')}
              aria-label={t(minimap ? 'canvas.hideMinimap' : 'canvas.showMinimap')}
              aria-pressed={minimap}
            >
              <LineIcon weight={2.2}>
                <rect x="3" y="5" width="18" height="14" rx="2" />
                <rect x="12" y="11" width="6" height="5" fill="currentColor" />
              </LineIcon>
            </ControlButton>
          </Controls>
        </ReactFlow>
      </EdgeLabelContainer.Provider>
    </div>
  );
}
