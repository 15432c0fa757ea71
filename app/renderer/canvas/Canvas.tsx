/**
 * The canvas: React Flow bound to the document store. Nodes arrive from the
 * palette by drag and drop, by a click, or by double-clicking the pane to
 * search; connections that would make a cycle are refused while dragging.
 */
import { useCallback, useEffect, useRef, type DragEvent, type MouseEvent } from 'react';
import {
  Background,
  BackgroundVariant,
  Controls,
  MiniMap,
  ReactFlow,
  useReactFlow,
  useStore,
  type Connection,
  type Edge,
  type IsValidConnection,
  type OnConnectEnd,
} from '@xyflow/react';
import { isNodeKind } from '../engine';
import { edgeTypes, nodeTypes } from '../nodes';
import { layoutGraph } from '../layout';
import {
  connectionProblem,
  needsLayout,
  NODE_SIZE,
  toGraph,
  useDocument,
  type FlowEdge,
  type FlowNode,
} from '../store/document';
import { useUi } from '../store/ui';

export const PALETTE_MIME = 'application/x-backprop-kind';

const defaultEdgeOptions = { type: 'shape' };
const proOptions = { hideAttribution: true };
const fitViewOptions = { padding: 0.08, maxZoom: 1.25 };
const miniMapClass = (n: FlowNode) => `mm-${n.data.kind}`;
/**
 * Levels of detail. Below FAR_ZOOM, text inside nodes and on edges is a few
 * pixels tall: nodes are drawn as titled boxes and edges by colour alone
 * (styles.css, `.bp-far`). Below TINY_ZOOM even titles and handles are
 * specks: nodes become boxes tinted by kind (`.bp-tiny`). Both make panning
 * a large graph much cheaper to paint.
 */
export const FAR_ZOOM = 0.3;
export const TINY_ZOOM = 0.2;
const detail = (s: { transform: [number, number, number] }) =>
  s.transform[2] < TINY_ZOOM ? 'bp-far bp-tiny' : s.transform[2] < FAR_ZOOM ? 'bp-far' : '';

export function Canvas() {
  const nodes = useDocument((s) => s.nodes);
  const edges = useDocument((s) => s.edges);
  const onNodesChange = useDocument((s) => s.onNodesChange);
  const onEdgesChange = useDocument((s) => s.onEdgesChange);
  const beginDrag = useDocument((s) => s.beginDrag);
  const endDrag = useDocument((s) => s.endDrag);
  const loadCount = useDocument((s) => s.loadCount);
  const flow = useReactFlow<FlowNode, FlowEdge>();
  const wrapper = useRef<HTMLDivElement>(null);

  // A document was loaded: restore its viewport, or arrange (if crowded) and frame the network.
  useEffect(() => {
    const { initialViewport, nodes, edges, placeNodes } = useDocument.getState();
    if (initialViewport) {
      void flow.setViewport(initialViewport);
      return;
    }
    let live = true;
    const frame = () => requestAnimationFrame(() => live && void flow.fitView(fitViewOptions));
    if (needsLayout(toGraph(nodes, edges))) {
      layoutGraph(
        nodes.map((n) => ({ id: n.id, ...NODE_SIZE })),
        edges,
      ).then((positions) => {
        if (!live || useDocument.getState().loadCount !== loadCount) return;
        placeNodes(positions);
        frame();
      }, frame);
    } else frame();
    return () => {
      live = false;
    };
  }, [loadCount, flow]);

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

  const lod = useStore(detail);

  return (
    <div className="bp-canvas" ref={wrapper} onDoubleClick={onDoubleClick}>
      <ReactFlow<FlowNode, FlowEdge>
        className={lod || undefined}
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        defaultEdgeOptions={defaultEdgeOptions}
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
        deleteKeyCode={null}
        selectionKeyCode="Shift"
        multiSelectionKeyCode={['Control', 'Meta', 'Shift']}
        zoomOnDoubleClick={false}
        colorMode="system"
        minZoom={0.1}
        maxZoom={3}
        proOptions={proOptions}
        aria-label="Network canvas"
      >
        <Background variant={BackgroundVariant.Dots} gap={20} size={1.2} />
        <MiniMap pannable zoomable ariaLabel="Minimap" nodeClassName={miniMapClass} />
        <Controls showInteractive={false} fitViewOptions={fitViewOptions} />
      </ReactFlow>
    </div>
  );
}
