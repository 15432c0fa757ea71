/**
 * An edge that shows the tensor shape it carries (`m × 5`), turns red when the
 * compiler flags it, and, once a run has sent a frame, carries the training
 * overlay: its value in the label, and (drawn by the edge layer, EdgeLayer.tsx,
 * from the path registered here) colour and width by the size of the chosen
 * statistic on a log scale, and dashes that run forward during the forward
 * pass and backward during the backward pass.
 *
 * React Flow renders this component for interaction (click, select, hover,
 * delete) and the label; its visible path shows only in a state of its own
 * (selected, with a problem, the step's edge), see canvas/canvas.css. The label's
 * value is written straight into the DOM from the live buffer's display-rate
 * notifications: a frame never re-renders React Flow's edges.
 */
import { createContext, memo, useContext, useEffect, useLayoutEffect, useRef } from 'react';
import { createPortal } from 'react-dom';
import { BaseEdge, getBezierPath, useStoreApi, type EdgeProps } from '@xyflow/react';
import { useDocument, type FlowEdge, type FlowNode } from '../store/document';
import { formatNorm, live, type OverlayStat } from '../common/live';
import { useTraining } from '../store/training';
import { useHighlight } from '../store/highlight';
import { LABEL_COST, useCanvasView, useDrawnLater } from '../store/canvas-view';
import { useFaceSlots } from '../common/faces';
import { OVERLAY_SCALE, OVERLAY_SYMBOL } from '../common/ramp';
import { t as translate, tKey, useTranslation } from '../common/i18n';
import { batchShape, formatLoss } from '../common/format';
import { edgeEnds, edgeScene, snapEnd } from './edgeScene';

const OVERLAY_NAME: Record<OverlayStat, string> = {
  activation: tKey('canvas.overlay.activation'),
  gradient: tKey('canvas.overlay.gradient'),
  update: tKey('canvas.overlay.update'),
};

const TESTID: Record<OverlayStat, string> = {
  activation: 'edge-act',
  gradient: 'edge-grad',
  update: 'edge-update',
};

/**
 * React Flow's edge label container, found once by the canvas. React Flow's own
 * EdgeLabelRenderer looks it up with a querySelector in a store selector: for
 * every edge on every store change (51–63 ms per second of a node drag on the
 * 1,000-node canvas).
 */
export const EdgeLabelContainer = createContext<Element | null>(null);

/** Where a value sits on its statistic's log scale, 0 to 1. */
export function overlayPosition(v: number, stat: OverlayStat): number {
  if (!(v > 0)) return 0;
  const [lo, hi] = OVERLAY_SCALE[stat];
  return Math.min(1, Math.max(0, (Math.log10(v) - lo) / (hi - lo)));
}

/** The ids of the loss nodes, once per node list (a find per edge ran on every store change). */
const lossNodesCache = new WeakMap<readonly FlowNode[], Set<string>>();
function lossNodes(nodes: readonly FlowNode[]): Set<string> {
  let ids = lossNodesCache.get(nodes);
  if (!ids) {
    ids = new Set(nodes.filter((n) => n.data.kind === 'loss').map((n) => n.id));
    lossNodesCache.set(nodes, ids);
  }
  return ids;
}

export const ShapeEdge = memo(function ShapeEdge({
  id,
  target,
  sourceX,
  sourceY,
  targetX,
  targetY,
  sourcePosition,
  targetPosition,
  selected,
  markerEnd,
}: EdgeProps<FlowEdge>) {
  const { ProbeEdgeValue } = useFaceSlots();
  const shape = useDocument((s) => s.compiled.edgeDims[id]);
  const problems = useDocument((s) => s.problemsByEdge[id]);
  const stepFocus = useHighlight((s) => s.edgeId === id);
  // From the document, not React Flow's store: that one changes on every frame of a pan or zoom,
  // and runs every selector on it each time.
  const intoLoss = useDocument((s) => lossNodes(s.nodes).has(target));
  const stat = useTraining((s) => s.overlay);
  // The value's spoken name follows the language: repaint on a switch.
  const { i18n } = useTranslation();
  const lang = i18n.language;
  const labels = useContext(EdgeLabelContainer);
  // Zoomed far out on a culled graph labels are hidden: one that comes into view then is drawn
  // once the view zooms in (store/canvas-view.ts).
  const view = useCanvasView.getState();
  const labelDrawn = useDrawnLater(`edge ${id}`, view.lazy && view.detail !== '', LABEL_COST);
  const valueRef = useRef<HTMLSpanElement>(null);
  const lossRef = useRef<HTMLSpanElement>(null);
  const [path, labelX, labelY] = getBezierPath({
    sourceX: snapEnd(sourceX),
    sourceY: snapEnd(sourceY),
    sourcePosition,
    targetX: snapEnd(targetX),
    targetY: snapEnd(targetY),
    targetPosition,
  });

  // The edge layer draws the line: tell it where this edge runs now (after every render: the
  // ends it records are what a parked edge is checked against). Out of view, React Flow stops
  // rendering it; its line stays drawn (parked) unless the edge is gone.
  const flow = useStoreApi<FlowNode, FlowEdge>();
  useLayoutEffect(() => {
    edgeScene.set(id, path, edgeEnds(flow.getState(), id));
  });
  useLayoutEffect(
    () => () => {
      if (flow.getState().edgeLookup.has(id)) edgeScene.park(id);
      else edgeScene.delete(id);
    },
    [id, flow],
  );

  useEffect(() => {
    let shown = '';
    const paint = () => {
      const value = valueRef.current;
      if (!value) return;
      const v = live.frame ? live.edgeValue(id, stat) : NaN;
      if (lossRef.current) {
        const loss = live.currentLoss();
        const text = loss === null ? '' : `L ${formatLoss(loss, 3)}`;
        if (lossRef.current.textContent !== text) lossRef.current.textContent = text;
      }
      if (Number.isNaN(v)) {
        if (shown === '' && !value.textContent) return;
        value.textContent = '';
        shown = '';
        return;
      }
      const text = `${OVERLAY_SYMBOL[stat]} ${formatNorm(v)}`;
      if (text === shown) return;
      shown = text;
      if (value.textContent !== text) {
        value.textContent = text;
        value.setAttribute('aria-label', `${translate(OVERLAY_NAME[stat])} ${formatNorm(v)}`);
      }
    };
    paint();
    return live.subscribe(paint);
  }, [id, stat, intoLoss, lang, labels, labelDrawn]);

  const cls = `bp-edge${problems ? ' has-problem' : ''}${selected ? ' is-selected' : ''}${stepFocus ? ' is-step-focus' : ''}`;
  return (
    <>
      <BaseEdge id={id} path={path} className={cls} markerEnd={markerEnd} interactionWidth={16} />
      {labels &&
        labelDrawn &&
        createPortal(
          <div
            className={`bp-edge-label nodrag nopan${problems ? ' has-problem' : ''}${selected ? ' is-selected' : ''}${stepFocus ? ' is-step-focus' : ''}`}
            style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
            title={problems?.map((p) => p.message).join('\n')}
            data-edge-id={id}
            // Read, not subscribed to: the canvas restyles the labels drawn a few at a time (detail.ts).
            data-lod={view.detail || undefined}
          >
            <span className="bp-edge-label__shape">{batchShape(shape)}</span>
            <span
              ref={valueRef}
              className="bp-edge-label__value"
              data-testid={`${TESTID[stat]}-${id}`}
            />
            <ProbeEdgeValue id={id} />
            {intoLoss && (
              <span ref={lossRef} className="bp-edge-label__loss" data-testid={`edge-loss-${id}`} />
            )}
          </div>,
          labels,
        )}
    </>
  );
});
