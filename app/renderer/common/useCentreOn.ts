import { useReactFlow } from '@xyflow/react';
import { useCallback } from 'react';

/**
 * A function that pans the canvas (in a quarter of a second, at the same zoom) so that a node
 * is in the middle; it does nothing for a node the canvas does not have.
 */
export function useCentreOn(): (nodeId: string) => void {
  const flow = useReactFlow();
  return useCallback(
    (nodeId: string) => {
      const node = flow.getInternalNode(nodeId);
      if (!node) return;
      const { x, y } = node.internals.positionAbsolute;
      const w = node.measured.width ?? 0;
      const h = node.measured.height ?? 0;
      void flow.setCenter(x + w / 2, y + h / 2, { zoom: flow.getZoom(), duration: 250 });
    },
    [flow],
  );
}
