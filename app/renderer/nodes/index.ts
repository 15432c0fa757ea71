/** Node components by kind, defined once at module scope (React Flow warns otherwise); App hands them to the canvas. */
import type { NodeTypes } from '@xyflow/react';
import type { NodeKind } from '../common/engine';
import { ActivationNode } from './ActivationNode';
import { AddNode } from './AddNode';
import { BatchNormNode } from './BatchNormNode';
import { ConcatNode } from './ConcatNode';
import { DenseNode } from './DenseNode';
import { AvgPool2dNode, Conv2dNode, FlattenNode, MaxPool2dNode } from './ImageNodes';
import { DropoutNode } from './DropoutNode';
import { InputNode } from './InputNode';
import { LayerNormNode } from './LayerNormNode';
import { LossNode } from './LossNode';

export const nodeTypes = {
  input: InputNode,
  dense: DenseNode,
  activation: ActivationNode,
  loss: LossNode,
  add: AddNode,
  concat: ConcatNode,
  conv2d: Conv2dNode,
  maxpool2d: MaxPool2dNode,
  avgpool2d: AvgPool2dNode,
  flatten: FlattenNode,
  dropout: DropoutNode,
  batchnorm: BatchNormNode,
  layernorm: LayerNormNode,
} satisfies NodeTypes & Record<NodeKind, unknown>;
