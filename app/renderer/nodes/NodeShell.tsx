/**
 * The frame every node kind shares: handles, a header with icon and name, and
 * the red outline and message (on hover) when the compiler found a problem.
 */
import { Handle, Position } from '@xyflow/react';
import type { ReactNode } from 'react';
import { isNodeKind, kindLabel, KINDS } from '../engine';
import { useDocument } from '../store/document';
import { useHighlight } from '../teaching/highlight';
import { useTraining } from '../training/store';
import { KindIcon } from './icons';
import { WarningBadge } from '../teaching/warnings/Warnings';
import { ProbeNodeValues } from '../teaching/probe/CanvasValues';

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
  const problems = useDocument((s) => s.problemsByNode[id]);
  const stepFocus = useHighlight((s) => s.nodeId === id);
  const diverged = useTraining((s) => s.divergedNode === id);
  const spec = isNodeKind(kind) ? KINDS[kind] : null;
  const label = isNodeKind(kind) ? kindLabel(kind) : kind;
  const takesInput = spec ? spec.inputs[1] > 0 : true;
  const hasOutput = spec ? spec.hasOutput : true;
  const message = problems?.map((p) => p.message).join('\n');
  return (
    <div
      className={`bp-node bp-node--${kind}${problems ? ' has-problem' : ''}${diverged ? ' is-diverged' : ''}${selected ? ' is-selected' : ''}${stepFocus ? ' is-step-focus' : ''}`}
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
            aria-label="the first non-finite value appeared here"
            title="Training diverged: the first non-finite value appeared here"
          >
            ∞
          </span>
        )}
        {problems && (
          <span
            className="bp-node__badge"
            aria-label={`${problems.length} problem${problems.length > 1 ? 's' : ''}`}
          >
            !
          </span>
        )}
      </div>
      {children && <div className="bp-node__body">{children}</div>}
      <ProbeNodeValues id={id} />
      {hasOutput && <Handle type="source" position={Position.Right} />}
    </div>
  );
}

/** The width of the tensor flowing into a node (its first input), if known. */
export function useInputWidth(id: string): number | undefined {
  return useDocument((s) => {
    const edge = s.edges.find((e) => e.target === id);
    return edge ? s.compiled.edgeShapes[edge.id] : undefined;
  });
}

export function useOutputWidth(id: string): number | undefined {
  return useDocument((s) => s.compiled.shapes[id]);
}
