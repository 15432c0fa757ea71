import { memo } from 'react';
import type { Node, NodeProps } from '@xyflow/react';
import type { NodeData } from '../store/document';
import { NodeShell, useInputWidth } from './NodeShell';

export type DenseNodeType = Node<NodeData, 'dense'>;

/** Face: units and the shape of W (units × input width). */
export const DenseNode = memo(function DenseNode({ id, data, selected }: NodeProps<DenseNodeType>) {
  const units = data.params.units;
  const inputs = useInputWidth(id);
  return (
    <NodeShell id={id} kind="dense" selected={selected}>
      <div className="bp-face-main">
        {String(units ?? '?')} {units === 1 ? 'unit' : 'units'}
      </div>
      <div className="bp-face-sub" data-testid="w-shape">
        W: {String(units ?? '?')} × {inputs ?? '?'}
        {data.params.bias === false ? '' : ', b'}
      </div>
    </NodeShell>
  );
});
