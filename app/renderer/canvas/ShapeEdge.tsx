/** An edge that shows the tensor shape it carries (`m × 5`), and turns red when the compiler flags it. */
import { memo } from 'react';
import { BaseEdge, EdgeLabelRenderer, getBezierPath, type EdgeProps } from '@xyflow/react';
import { useDocument, type FlowEdge } from '../store/document';

export const ShapeEdge = memo(function ShapeEdge({
  id,
  sourceX,
  sourceY,
  targetX,
  targetY,
  sourcePosition,
  targetPosition,
  selected,
  markerEnd,
}: EdgeProps<FlowEdge>) {
  const width = useDocument((s) => s.compiled.edgeShapes[id]);
  const problems = useDocument((s) => s.problemsByEdge[id]);
  const [path, labelX, labelY] = getBezierPath({
    sourceX,
    sourceY,
    sourcePosition,
    targetX,
    targetY,
    targetPosition,
  });
  const cls = `bp-edge${problems ? ' has-problem' : ''}${selected ? ' is-selected' : ''}`;
  return (
    <>
      <BaseEdge id={id} path={path} className={cls} markerEnd={markerEnd} interactionWidth={16} />
      <EdgeLabelRenderer>
        <div
          className={`bp-edge-label nodrag nopan${problems ? ' has-problem' : ''}${selected ? ' is-selected' : ''}`}
          style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
          title={problems?.map((p) => p.message).join('\n')}
          data-edge-id={id}
        >
          m × {width ?? '?'}
        </div>
      </EdgeLabelRenderer>
    </>
  );
});
