/**
 * Faces of the image kinds: convolution, the two poolings and flatten. Each
 * shows its window (`3×3 · stride 1 · same`), its weights where it has some
 * (`W: 3 × 3 × 1 × 8, b`: kh × kw × input channels × filters, TF's HWIO) and
 * the shape it outputs (`m × 4 × 4 × 8`); shapes are notation, the same in
 * every language.
 */
import { memo, type ReactNode } from 'react';
import type { Node, NodeProps } from '@xyflow/react';
import type { NodeData } from '../store/document';
import { NodeShell, OutShape, useInputDims, useOutputDims } from './NodeShell';
import { formatWidth } from '../common/format';
import { formatNumber, useTranslation } from '../common/i18n';
import { KINDS, type NodeKind } from '../common/engine';
import { useFaceSlots } from '../common/faces';

export type Conv2dNodeType = Node<NodeData, 'conv2d'>;
export type MaxPool2dNodeType = Node<NodeData, 'maxpool2d'>;
export type AvgPool2dNodeType = Node<NodeData, 'avgpool2d'>;
export type FlattenNodeType = Node<NodeData, 'flatten'>;

const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

/** A node's parameters with the kind's defaults for those it leaves out. */
function withDefaults(kind: NodeKind, params: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(KINDS[kind].params.map((s) => [s.name, params[s.name] ?? s.default]));
}

/** `3×3`: a square window. */
const square = (k: number | undefined): string => `${formatWidth(k)}×${formatWidth(k)}`;

/** `stride 2 · valid`: how the window moves and what it does at the edges. */
function useMoveText(stride: number | undefined, padding: unknown): string {
  const { t } = useTranslation();
  return `${t('nodes.stride', { stride: formatWidth(stride) })} · ${String(padding ?? '?')}`;
}

/**
 * Conv2D: filters, window, weights, output shape. `children` is the slot for
 * tool buttons (the feature-map and kernel views), beside the filter count.
 */
export function Conv2dFace({
  id,
  data,
  children,
}: {
  id: string;
  data: NodeData;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const p = withDefaults('conv2d', data.params);
  const filters = num(p.filters);
  const kernel = num(p.kernel);
  const input = useInputDims(id);
  const channels = input && input.length === 3 ? input[2] : undefined;
  const move = useMoveText(num(p.stride), p.padding);
  // Notation: kh × kw × input channels × filters, as the file stores W.
  const weights = `W: ${formatWidth(kernel)} × ${formatWidth(kernel)} × ${formatWidth(channels)} × ${formatWidth(filters)}${p.bias === false ? '' : ', b'}`;
  return (
    <>
      <div className="bp-face-row">
        <div className="bp-face-main">
          {filters === undefined
            ? t('nodes.filtersUnknown')
            : t('nodes.filters', { count: filters })}
        </div>
        {children}
      </div>
      <div className="bp-face-sub" data-testid="window">{`${square(kernel)} · ${move}`}</div>
      <div className="bp-face-sub" data-testid="w-shape">
        {weights}
      </div>
      <OutShape id={id} />
    </>
  );
}

export const Conv2dNode = memo(function Conv2dNode({
  id,
  data,
  selected,
}: NodeProps<Conv2dNodeType>) {
  const { ConvMapsButton } = useFaceSlots();
  return (
    <NodeShell id={id} kind="conv2d" selected={selected}>
      <Conv2dFace id={id} data={data}>
        <div className="bp-dense-tools nodrag">
          <ConvMapsButton id={id} />
        </div>
      </Conv2dFace>
    </NodeShell>
  );
});

function pool(kind: 'maxpool2d' | 'avgpool2d') {
  return memo(function PoolNode({ id, data, selected }: NodeProps<Node<NodeData, typeof kind>>) {
    const p = withDefaults(kind, data.params);
    const size = num(p.size);
    const move = useMoveText(num(p.stride) ?? size, p.padding);
    return (
      <NodeShell id={id} kind={kind} selected={selected}>
        <div className="bp-face-main" data-testid="window">
          {square(size)}
        </div>
        <div className="bp-face-sub" data-testid="move">
          {move}
        </div>
        <OutShape id={id} />
      </NodeShell>
    );
  });
}

export const MaxPool2dNode = pool('maxpool2d');
export const AvgPool2dNode = pool('avgpool2d');

/** Flatten: `8 × 8 × 1 → 64`, what comes in and the row it becomes. */
export const FlattenNode = memo(function FlattenNode({ id, selected }: NodeProps<FlattenNodeType>) {
  const input = useInputDims(id);
  const dims = useOutputDims(id);
  const from = input ? input.map(formatWidth).join(' × ') : '?';
  return (
    <NodeShell id={id} kind="flatten" selected={selected}>
      <div className="bp-face-sub" data-testid="flatten">
        {`${from} → ${dims ? formatNumber(dims[0]) : '?'}`}
      </div>
    </NodeShell>
  );
});
