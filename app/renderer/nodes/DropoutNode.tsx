import { memo } from 'react';
import type { Node, NodeProps } from '@xyflow/react';
import type { NodeData } from '../store/document';
import { formatNumber, useTranslation } from '../common/i18n';
import { NodeShell, OutShape } from './NodeShell';
import { KINDS } from '../common/engine';

export type DropoutNodeType = Node<NodeData, 'dropout'>;

const DEFAULT_RATE = KINDS.dropout.params.find((p) => p.name === 'rate')?.default;

/** Face: the drop rate and the (unchanged) shape. */
export const DropoutNode = memo(function DropoutNode({
  id,
  data,
  selected,
}: NodeProps<DropoutNodeType>) {
  const { t } = useTranslation();
  const rate = typeof data.params.rate === 'number' ? data.params.rate : DEFAULT_RATE;
  return (
    <NodeShell id={id} kind="dropout" selected={selected}>
      <div className="bp-face-main" data-testid="rate">
        {t('nodes.dropRate', { rate: typeof rate === 'number' ? formatNumber(rate) : '?' })}
      </div>
      <OutShape id={id} />
    </NodeShell>
  );
});
