/**
 * What the canvas tells the node faces about the view, without the two importing each other:
 * whether a node mounted now may show its body later (`lazyBodies`: a large graph, culled to
 * what is in view, whose nodes React Flow has measured), and whether the zoom shows bodies at
 * all (`bodiesShown`: full detail, canvas/detail.ts). Written by the canvas; read by
 * nodes/lazy-bodies.ts.
 */
import { create } from 'zustand';

export interface CanvasViewState {
  lazyBodies: boolean;
  bodiesShown: boolean;
}

export const useCanvasView = create<CanvasViewState>()(() => ({
  lazyBodies: false,
  bodiesShown: true,
}));
