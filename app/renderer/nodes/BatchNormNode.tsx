import { memo } from 'react';
import type { Node, NodeProps } from '@xyflow/react';
import type { NodeData } from '../store/document';
import { useDocument } from '../store/document';
import { useTranslation } from '../common/i18n';
import { NodeShell } from './NodeShell';
import { formatWidth } from '../common/format';

/** The rule, in notation (the same in every language): x̂ is x normalised over the batch. */
export const NORM_RULE = 'γ · x̂ + β';

export type BatchNormNodeType = Node<NodeData, 'batchnorm'>;

/**
 * Face: the rule, how many channels (the last axis) the learned γ, β have, and
 * the running mean and variance inference uses.
 */
export const BatchNormNode = memo(function BatchNormNode({
  id,
  selected,
}: NodeProps<BatchNormNodeType>) {
  const { t } = useTranslation();
  const shape = useDocument((s) => s.compiled.dims[id]);
  const n = formatWidth(shape ? shape[shape.length - 1] : undefined);
  return (
    <NodeShell id={id} kind="batchnorm" selected={selected}>
      <div className="bp-face-main">{NORM_RULE}</div>
      <div className="bp-face-sub" data-testid="learned">
        {`γ, β: ${n}`}
      </div>
      <div className="bp-face-sub" data-testid="running">
        {t('nodes.running', { n })}
      </div>
    </NodeShell>
  );
});
