import { memo } from 'react';
import type { Node, NodeProps } from '@xyflow/react';
import { useDocument, type NodeData } from '../store/document';
import { NodeShell } from './NodeShell';

export type LossNodeType = Node<NodeData, 'loss'>;

/** Face: the function and the current loss (— until trained). */
export const LossNode = memo(function LossNode({ id, data, selected }: NodeProps<LossNodeType>) {
  const value = useDocument((s) => s.lossValue);
  return (
    <NodeShell id={id} kind="loss" selected={selected}>
      <div className="bp-face-main">{String(data.params.fn ?? '?')}</div>
      <div className="bp-face-sub">
        L = <span data-testid="loss-value">{value === null ? '—' : value.toPrecision(4)}</span>
      </div>
    </NodeShell>
  );
});
