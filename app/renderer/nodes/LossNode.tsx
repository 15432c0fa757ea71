import { memo } from 'react';
import type { Node, NodeProps } from '@xyflow/react';
import { useDocument, type NodeData } from '../store/document';
import { live } from '../training/live';
import { useLive } from '../training/useLive';
import { NodeShell } from './NodeShell';

export type LossNodeType = Node<NodeData, 'loss'>;

function format(v: number | null) {
  if (v === null || !Number.isFinite(v)) return '—';
  return v < 1e-3 ? v.toExponential(3) : v.toPrecision(4);
}

/** Face: the function and the current loss: live while training, else the document's last (— until trained). */
export const LossNode = memo(function LossNode({ id, data, selected }: NodeProps<LossNodeType>) {
  const saved = useDocument((s) => s.lossValue);
  const current = useLive(() => format(live.currentLoss()));
  const value = current !== '—' ? current : format(saved);
  return (
    <NodeShell id={id} kind="loss" selected={selected}>
      <div className="bp-face-main">{String(data.params.fn ?? '?')}</div>
      <div className="bp-face-sub">
        L = <span data-testid="loss-value">{value}</span>
      </div>
    </NodeShell>
  );
});
