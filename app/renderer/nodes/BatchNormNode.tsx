import { memo } from 'react';
import type { Node, NodeProps } from '@xyflow/react';
import type { NodeData } from '../store/document';
import { useTranslation } from '../common/i18n';
import { NodeShell, useOutputDims } from './NodeShell';
import { formatWidth } from '../common/format';

/** The rule, in notation (the same in every language): x̂ is x normalised over the batch. */
export const NORM_RULE = 'γ · x̂ + β';

/** How many channels (the last axis) a normalisation's γ and β have, as the face writes it. */
export function useNormWidth(id: string): string {
  const shape = useOutputDims(id);
  return formatWidth(shape ? shape[shape.length - 1] : undefined);
}

/** The first lines of a normalisation's face: the rule and the size of γ, β. */
export function NormFace({ n }: { n: string }) {
  return (
    <>
      <div className="bp-face-main">{NORM_RULE}</div>
      <div className="bp-face-sub" data-testid="learned">
        {`γ, β: ${n}`}
      </div>
    </>
  );
}

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
  const n = useNormWidth(id);
  return (
    <NodeShell id={id} kind="batchnorm" selected={selected}>
      <NormFace n={n} />
      <div className="bp-face-sub" data-testid="running">
        {t('nodes.running', { n })}
      </div>
    </NodeShell>
  );
});
