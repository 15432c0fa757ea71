/**
 * The frame every node kind shares: handles, a header with icon and name, and
 * the red outline and message (on hover) when the compiler found a problem.
 */
import { Handle, Position, useStoreApi } from '@xyflow/react';
import { useState, type CSSProperties, type ReactNode } from 'react';
import { isNodeKind, KINDS } from '../common/engine';
import { useDocument, type FlowEdge } from '../store/document';
import { useHighlight } from '../store/highlight';
import { useTraining } from '../store/training';
import { KindIcon, kindStyle } from '../common/icons';
import { i18n } from '#src/i18n';
import { optionText, t, useTranslation } from '../common/i18n';
import { useFaceSlots } from '../common/faces';
import { batchShape } from '../common/format';
import { useCanvasView, useDrawnLater } from '../store/canvas-view';

const INFINITY = '∞';
const BANG = '!';

/**
 * The name of a node's function (`fn`: sigmoid, mse…) for its face, in the
 * window's language: the short form where the catalogue has one
 * (`kinds.loss.params.fn.face.mse`: the inspector's "mean squared error (mse)"
 * does not fit a node), else the inspector's name.
 */
export function fnName(kind: string, fn: unknown): string {
  if (typeof fn !== 'string') return '?';
  const face = `kinds.${kind}.params.fn.face.${fn}`;
  return i18n.exists(face) ? t(face) : optionText(kind, 'fn', fn);
}

export function NodeShell({
  id,
  kind,
  selected,
  children,
}: {
  id: string;
  kind: string;
  selected?: boolean;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const { WarningBadge, ProbeNodeValues } = useFaceSlots();
  const problems = useDocument((s) => s.problemsByNode[id]);
  const stepFocus = useHighlight((s) => s.nodeId === id);
  const diverged = useTraining((s) => s.divergedNode === id);
  const spec = isNodeKind(kind) ? KINDS[kind] : null;
  const takesInput = spec ? spec.inputs[1] > 0 : true;
  const hasOutput = spec ? spec.hasOutput : true;
  const message = problems?.map((p) => p.message).join('\n');
  const label = spec ? t(spec.label) : kind;
  // Its size when React Flow last measured it, for a frame drawn before its body (a culled graph's
  // node coming into view: store/canvas-view.ts).
  const store = useStoreApi();
  const [size] = useState(() => store.getState().nodeLookup.get(id)?.measured);
  const drawn = useDrawnLater(`node ${id}`, useCanvasView.getState().lazy && !!size?.height);
  // The level of detail as it is drawn: read, not subscribed to, since the canvas restyles the
  // nodes already drawn a few at a time when it changes (canvas/detail.ts, restyleDetail).
  const lod = useCanvasView.getState().detail;
  const style: CSSProperties = drawn
    ? kindStyle(kind)
    : { ...kindStyle(kind), height: size?.height, boxSizing: 'border-box' };
  return (
    <div
      className={`bp-node bp-node--${kind}${problems ? ' has-problem' : ''}${diverged ? ' is-diverged' : ''}${selected ? ' is-selected' : ''}${stepFocus ? ' is-step-focus' : ''}`}
      style={style}
      data-lod={lod || undefined}
      title={message}
      data-diverged={diverged ? 'true' : undefined}
      aria-invalid={problems ? true : undefined}
    >
      {takesInput && <Handle type="target" position={Position.Left} />}
      <div className="bp-node__header">
        <KindIcon kind={kind} />
        <span className="bp-node__label" title={label}>
          {label}
        </span>
        <span className="bp-node__id" title={id}>
          {id}
        </span>
        <WarningBadge id={id} />
        {diverged && (
          <span
            className="bp-node__badge is-diverged"
            aria-label={t('nodes.diverged')}
            title={t('nodes.divergedTitle')}
          >
            {INFINITY}
          </span>
        )}
        {problems && (
          <span
            className="bp-node__badge"
            aria-label={t('nodes.problems', { count: problems.length })}
          >
            {BANG}
          </span>
        )}
      </div>
      {drawn && children && <div className="bp-node__body">{children}</div>}
      {drawn && <ProbeNodeValues id={id} />}
      {hasOutput && <Handle type="source" position={Position.Right} />}
    </div>
  );
}

/** The width of the tensor flowing into a node (its first input), if known. */
export function useInputWidth(id: string): number | undefined {
  return useDocument((s) => {
    const edge = firstInputs(s.edges).get(id);
    return edge ? s.compiled.edgeShapes[edge] : undefined;
  });
}

/** Node id → its first incoming edge's id, once per edge list (a find per node ran on every store change). */
const firstInputsCache = new WeakMap<readonly FlowEdge[], Map<string, string>>();
function firstInputs(edges: readonly FlowEdge[]): Map<string, string> {
  let map = firstInputsCache.get(edges);
  if (!map) {
    map = new Map();
    for (const e of edges) if (!map.has(e.target)) map.set(e.target, e.id);
    firstInputsCache.set(edges, map);
  }
  return map;
}

export function useOutputWidth(id: string): number | undefined {
  return useDocument((s) => s.compiled.shapes[id]);
}

/** The per-sample shape a node outputs ([h, w, c] for an image), if known. */
export function useOutputDims(id: string): readonly number[] | undefined {
  return useDocument((s) => s.compiled.dims[id]);
}

/** The per-sample shape flowing into a node (its first input), if known. */
export function useInputDims(id: string): readonly number[] | undefined {
  return useDocument((s) => {
    const edge = firstInputs(s.edges).get(id);
    return edge ? s.compiled.edgeDims[edge] : undefined;
  });
}

/** A face's line with the shape the node outputs, batch first: `m × 4 × 4 × 8`. */
export function OutShape({ id }: { id: string }) {
  const dims = useOutputDims(id);
  return (
    <div className="bp-face-sub" data-testid="out-shape">
      {batchShape(dims)}
    </div>
  );
}
