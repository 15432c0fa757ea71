import { memo } from 'react';
import type { Node, NodeProps } from '@xyflow/react';
import { useDocument, type NodeData } from '../store/document';
import { live } from '../common/live';
import { useLive } from '../common/useLive';
import { useTranslation } from '../common/i18n';
import { formatLoss, NO_VALUE } from '../common/format';
import { fnName, NodeShell } from './NodeShell';

export type LossNodeType = Node<NodeData, 'loss'>;

/** Notation, the same in every language. */
const LOSS_IS = 'L = ';

/** Face: the function and the current loss: live while training, else the document's last (— until trained). */
export const LossNode = memo(function LossNode({ id, data, selected }: NodeProps<LossNodeType>) {
  const saved = useDocument((s) => s.lossValue);
  useTranslation(); // numbers follow the language
  const current = useLive(() => formatLoss(live.currentLoss()));
  const value = current !== NO_VALUE ? current : formatLoss(saved);
  const name = fnName('loss', data.params.fn);
  return (
    <NodeShell id={id} kind="loss" selected={selected}>
      <div className="bp-face-main">{name}</div>
      <div className="bp-face-sub">
        {LOSS_IS}
        <span data-testid="loss-value">{value}</span>
      </div>
    </NodeShell>
  );
});
