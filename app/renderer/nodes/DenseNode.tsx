import { memo } from 'react';
import type { Node, NodeProps } from '@xyflow/react';
import type { NodeData } from '../store/document';
import { NodeShell, useInputWidth } from './NodeShell';
import { formatWidth } from '../common/format';
import { useTranslation } from '../common/i18n';
import { useFaceSlots } from '../common/faces';
import { isExpanded, useTeaching } from '../store/teaching';

export type DenseNodeType = Node<NodeData, 'dense'>;

/** Face: units, the shape of W (units × input width), the neuron view buttons; expanded, its neurons. */
export const DenseNode = memo(function DenseNode({ id, data, selected }: NodeProps<DenseNodeType>) {
  const { t } = useTranslation();
  const { canExpand, DenseTools, ExpandedNeurons } = useFaceSlots();
  const units = data.params.units;
  const inputs = useInputWidth(id);
  const n = typeof units === 'number' ? units : undefined;
  // Notation, the same in every language.
  const weightShape = `W: ${formatWidth(n)} × ${formatWidth(inputs)}${data.params.bias === false ? '' : ', b'}`;
  const expanded = useTeaching((s) => isExpanded(s, id)) && canExpand(n, inputs);
  return (
    <NodeShell id={id} kind="dense" selected={selected}>
      <div className="bp-face-row">
        <div className="bp-face-main">
          {n === undefined ? t('nodes.unitsUnknown') : t('nodes.units', { count: n })}
        </div>
        <DenseTools id={id} units={n} inputs={inputs} />
      </div>
      <div className="bp-face-sub" data-testid="w-shape">
        {weightShape}
      </div>
      {expanded && <ExpandedNeurons id={id} units={n!} inputs={inputs!} />}
    </NodeShell>
  );
});
