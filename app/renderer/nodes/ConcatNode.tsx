import { memo } from 'react';
import type { Node, NodeProps } from '@xyflow/react';
import type { NodeData } from '../store/document';
import { NodeShell, useOutputWidth } from './NodeShell';
import { batchShape } from '../common/format';

export type ConcatNodeType = Node<NodeData, 'concat'>;

export const ConcatNode = memo(function ConcatNode({ id, selected }: NodeProps<ConcatNodeType>) {
  const width = useOutputWidth(id);
  return (
    <NodeShell id={id} kind="concat" selected={selected}>
      <div className="bp-face-sub">{`[a | b] → ${batchShape(width)}`}</div>
    </NodeShell>
  );
});
