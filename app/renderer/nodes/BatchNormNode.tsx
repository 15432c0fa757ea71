import { memo } from 'react';
import type { Node, NodeProps } from '@xyflow/react';
import type { NodeData } from '../store/document';
import { useDocument } from '../store/document';
import { formatWidth, NodeShell } from './NodeShell';

/** The rule, in notation (the same in every language). */
const RULE = 'γ (x − μ_B) / σ_B + β';

export type BatchNormNodeType = Node<NodeData, 'batchnorm'>;

/** Face: the rule over the batch, and how many channels (the last axis) γ, β, μ and σ² have. Notation. */
export const BatchNormNode = memo(function BatchNormNode({
  id,
  selected,
}: NodeProps<BatchNormNodeType>) {
  const shape = useDocument((s) => s.compiled.dims[id]);
  const channels = shape ? shape[shape.length - 1] : undefined;
  return (
    <NodeShell id={id} kind="batchnorm" selected={selected}>
      <div className="bp-face-main">{RULE}</div>
      <div className="bp-face-sub">{`γ, β, μ, σ²: ${formatWidth(channels)}`}</div>
    </NodeShell>
  );
});
