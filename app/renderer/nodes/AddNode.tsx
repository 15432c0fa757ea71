import { memo } from 'react';
import type { Node, NodeProps } from '@xyflow/react';
import type { NodeData } from '../store/document';
import { NodeShell, useOutputWidth } from './NodeShell';
import { batchShape } from '../common/format';

export type AddNodeType = Node<NodeData, 'add'>;

export const AddNode = memo(function AddNode({ id, selected }: NodeProps<AddNodeType>) {
  const width = useOutputWidth(id);
  return (
    <NodeShell id={id} kind="add" selected={selected}>
      <div className="bp-face-sub">{`a + b → ${batchShape(width)}`}</div>
    </NodeShell>
  );
});
