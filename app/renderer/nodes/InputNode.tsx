import { memo } from 'react';
import type { Node, NodeProps } from '@xyflow/react';
import type { NodeData } from '../store/document';
import { NodeShell } from './NodeShell';

export type InputNodeType = Node<NodeData, 'input'>;

export const InputNode = memo(function InputNode({ id, data, selected }: NodeProps<InputNodeType>) {
  const features = data.params.features;
  return (
    <NodeShell id={id} kind="input" selected={selected}>
      <div className="bp-face-main">
        {String(features ?? '?')} {features === 1 ? 'feature' : 'features'}
      </div>
      <div className="bp-face-sub">X: m × {String(features ?? '?')}</div>
    </NodeShell>
  );
});
