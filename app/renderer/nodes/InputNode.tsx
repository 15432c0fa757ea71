import { memo } from 'react';
import type { Node, NodeProps } from '@xyflow/react';
import type { NodeData } from '../store/document';
import { NodeShell, useOutputDims } from './NodeShell';
import { batchShape } from '../common/format';
import { useTranslation } from '../common/i18n';
import { useFaceSlots } from '../common/faces';

export type InputNodeType = Node<NodeData, 'input'>;

export const InputNode = memo(function InputNode({ id, data, selected }: NodeProps<InputNodeType>) {
  const { t } = useTranslation();
  const { InputGradientButton } = useFaceSlots();
  const features = typeof data.params.features === 'number' ? data.params.features : undefined;
  // An image input shows its per-sample shape (m × 8 × 8 × 1).
  const dims = useOutputDims(id);
  return (
    <NodeShell id={id} kind="input" selected={selected}>
      <div className="bp-face-main">
        {features === undefined
          ? t('nodes.featuresUnknown')
          : t('nodes.features', { count: features })}
      </div>
      <div className="bp-face-sub">{`X: ${batchShape(dims ?? features)}`}</div>
      {dims?.length === 3 && <InputGradientButton />}
    </NodeShell>
  );
});
