import { memo } from 'react';
import type { Node, NodeProps } from '@xyflow/react';
import type { NodeData } from '../store/document';
import { useDocument } from '../store/document';
import { useTranslation } from '../common/i18n';
import { NORM_RULE } from './BatchNormNode';
import { NodeShell } from './NodeShell';
import { formatWidth } from '../common/format';

export type LayerNormNodeType = Node<NodeData, 'layernorm'>;

/** Face: the rule, over each sample's last axis, and how many features γ and β have. */
export const LayerNormNode = memo(function LayerNormNode({
  id,
  selected,
}: NodeProps<LayerNormNodeType>) {
  const { t } = useTranslation();
  const shape = useDocument((s) => s.compiled.dims[id]);
  const n = formatWidth(shape ? shape[shape.length - 1] : undefined);
  return (
    <NodeShell id={id} kind="layernorm" selected={selected}>
      <div className="bp-face-main">{NORM_RULE}</div>
      <div className="bp-face-sub" data-testid="learned">
        {`γ, β: ${n}`}
      </div>
      <div className="bp-face-sub">{t('nodes.perSample')}</div>
    </NodeShell>
  );
});
