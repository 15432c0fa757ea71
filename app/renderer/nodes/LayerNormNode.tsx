import { memo } from 'react';
import type { Node, NodeProps } from '@xyflow/react';
import type { NodeData } from '../store/document';
import { useTranslation } from '../common/i18n';
import { NormFace, useNormWidth } from './BatchNormNode';
import { NodeShell } from './NodeShell';

export type LayerNormNodeType = Node<NodeData, 'layernorm'>;

/** Face: the rule, over each sample's last axis, and how many features γ and β have. */
export const LayerNormNode = memo(function LayerNormNode({
  id,
  selected,
}: NodeProps<LayerNormNodeType>) {
  const { t } = useTranslation();
  const n = useNormWidth(id);
  return (
    <NodeShell id={id} kind="layernorm" selected={selected}>
      <NormFace n={n} />
      <div className="bp-face-sub">{t('nodes.perSample')}</div>
    </NodeShell>
  );
});
