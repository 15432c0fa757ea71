import { memo } from 'react';
import type { Node, NodeProps } from '@xyflow/react';
import type { NodeData } from '../store/document';
import { useDocument } from '../store/document';
import { formatWidth, NodeShell } from './NodeShell';

/** The rule, in notation (the same in every language). */
const RULE = 'γ (x − μ) / σ + β';

export type LayerNormNodeType = Node<NodeData, 'layernorm'>;

/** Face: the rule over each row's last axis, and how many features γ and β have. Notation. */
export const LayerNormNode = memo(function LayerNormNode({
  id,
  selected,
}: NodeProps<LayerNormNodeType>) {
  const shape = useDocument((s) => s.compiled.dims[id]);
  const features = shape ? shape[shape.length - 1] : undefined;
  return (
    <NodeShell id={id} kind="layernorm" selected={selected}>
      <div className="bp-face-main">{RULE}</div>
      <div className="bp-face-sub">{`γ, β: ${formatWidth(features)}`}</div>
    </NodeShell>
  );
});
