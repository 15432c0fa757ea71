/**
 * Faces of the image kinds: convolution, the two poolings and flatten. Each
 * shows its window and the shape it outputs (`m × 4 × 4 × 8`); notation, the
 * same in every language.
 */
import { memo } from 'react';
import type { Node, NodeProps } from '@xyflow/react';
import { useDocument, type NodeData } from '../store/document';
import { batchShape, formatWidth, NodeShell } from './NodeShell';
import { useTranslation } from '../i18n';
import { KINDS, type NodeKind } from '../engine';
import { ConvMapsButton } from '../teaching/conv/ConvView';

export type Conv2dNodeType = Node<NodeData, 'conv2d'>;
export type MaxPool2dNodeType = Node<NodeData, 'maxpool2d'>;
export type AvgPool2dNodeType = Node<NodeData, 'avgpool2d'>;
export type FlattenNodeType = Node<NodeData, 'flatten'>;

/** The per-sample shape a node outputs ([h, w, c] for an image), if known. */
function useOutputDims(id: string): readonly number[] | undefined {
  return useDocument((s) => s.compiled.dims[id]);
}

const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

/** A node's parameters with the kind's defaults for those it leaves out. */
function withDefaults(kind: NodeKind, params: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(KINDS[kind].params.map((s) => [s.name, params[s.name] ?? s.default]));
}

/** `3×3 /2 same`: window, stride (when not 1) and padding. */
function windowText(
  size: number | undefined,
  stride: number | undefined,
  padding: unknown,
): string {
  const k = formatWidth(size);
  return `${k}×${k}${stride !== undefined && stride !== 1 ? ` /${stride}` : ''} ${String(padding)}`;
}

export const Conv2dNode = memo(function Conv2dNode({
  id,
  data,
  selected,
}: NodeProps<Conv2dNodeType>) {
  const { t } = useTranslation();
  const p = withDefaults('conv2d', data.params);
  const filters = num(p.filters);
  const dims = useOutputDims(id);
  return (
    <NodeShell id={id} kind="conv2d" selected={selected}>
      <div className="bp-face-row">
        <div className="bp-face-main">
          {filters === undefined
            ? t('nodes.filtersUnknown')
            : t('nodes.filters', { count: filters })}
        </div>
        <div className="bp-dense-tools nodrag">
          <ConvMapsButton id={id} />
        </div>
      </div>
      <div className="bp-face-sub">{windowText(num(p.kernel), num(p.stride), p.padding)}</div>
      <div className="bp-face-sub">{batchShape(dims)}</div>
    </NodeShell>
  );
});

function pool(kind: 'maxpool2d' | 'avgpool2d') {
  return memo(function PoolNode({ id, data, selected }: NodeProps<Node<NodeData, typeof kind>>) {
    const p = withDefaults(kind, data.params);
    const size = num(p.size);
    const dims = useOutputDims(id);
    return (
      <NodeShell id={id} kind={kind} selected={selected}>
        <div className="bp-face-sub">{windowText(size, num(p.stride) ?? size, p.padding)}</div>
        <div className="bp-face-sub">{batchShape(dims)}</div>
      </NodeShell>
    );
  });
}

export const MaxPool2dNode = pool('maxpool2d');
export const AvgPool2dNode = pool('avgpool2d');

export const FlattenNode = memo(function FlattenNode({ id, selected }: NodeProps<FlattenNodeType>) {
  const dims = useOutputDims(id);
  return (
    <NodeShell id={id} kind="flatten" selected={selected}>
      <div className="bp-face-sub">{`→ ${batchShape(dims)}`}</div>
    </NodeShell>
  );
});
