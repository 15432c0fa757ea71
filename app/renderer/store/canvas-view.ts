/**
 * What the canvas tells the node faces about the view, without the two importing each other:
 * whether a node mounted now may show its body later (`lazyBodies`: a large graph, culled to
 * what is in view, whose nodes React Flow has measured), and the level of detail the zoom
 * shows (canvas/detail.ts; '' is full detail, the only one that shows bodies). Written by the
 * canvas; read by NodeShell and nodes/lazy-bodies.ts.
 */
import { create } from 'zustand';

export interface CanvasViewState {
  lazyBodies: boolean;
  detail: '' | 'far' | 'tiny';
}

export const useCanvasView = create<CanvasViewState>()(() => ({
  lazyBodies: false,
  detail: '',
}));
