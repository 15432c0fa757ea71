import { memo } from 'react';
import type { Node, NodeProps } from '@xyflow/react';
import type { NodeData } from '../store/document';
import { useDocument } from '../store/document';
import { formatNumber } from '../i18n';
import { batchShape, NodeShell } from './NodeShell';

export type DropoutNodeType = Node<NodeData, 'dropout'>;

/** Face: the drop rate p and the (unchanged) shape. Notation, the same in every language. */
export const DropoutNode = memo(function DropoutNode({
  id,
  data,
  selected,
}: NodeProps<DropoutNodeType>) {
  const shape = useDocument((s) => s.compiled.dims[id]);
  const rate = typeof data.params.rate === 'number' ? data.params.rate : 0.5;
  return (
    <NodeShell id={id} kind="dropout" selected={selected}>
      <div className="bp-face-main">{`p = ${formatNumber(rate)}`}</div>
      <div className="bp-face-sub">{batchShape(shape)}</div>
    </NodeShell>
  );
});
