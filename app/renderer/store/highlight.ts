/**
 * What the teaching views point at on the canvas: one node or one edge (step
 * mode's current step). Node and edge components read it through a narrow
 * selector (`useHighlight((s) => s.nodeId === id)`), so a change re-renders
 * only the two elements whose answer flips.
 */
import { create } from 'zustand';

export interface HighlightState {
  nodeId?: string;
  edgeId?: string;
}

export const useHighlight = create<HighlightState>()(() => ({}));

export function setHighlight(target: HighlightState) {
  useHighlight.setState({ nodeId: target.nodeId, edgeId: target.edgeId });
}

export function clearHighlight() {
  useHighlight.setState({ nodeId: undefined, edgeId: undefined });
}
