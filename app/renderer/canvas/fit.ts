/**
 * Fitting the graph in the canvas so its text stays readable. The smallest
 * font on the canvas is CANVAS_TEXT_PX (canvas/canvas.css `--bp-canvas-text`), so at
 * READABLE_ZOOM it is drawn at READABLE_PX, the smallest size read without
 * effort. A fit keeps clear of the overlays in the canvas's corners (the
 * overlay bar on top; the zoom controls and the minimap below), so none of
 * them covers a node after a fit.
 */
import {
  getViewportForBounds,
  type ReactFlowInstance,
  type Rect,
  type Viewport,
} from '@xyflow/react';
import type { FlowEdge, FlowNode } from '../store/document';
import { minimapShown, useUi } from '../store/ui';

export const READABLE_PX = 11;
export const CANVAS_TEXT_PX = 12;
export const READABLE_ZOOM = READABLE_PX / CANVAS_TEXT_PX;
export const MIN_ZOOM = 0.1;
export const MAX_FIT_ZOOM = 1.25;
/** The minimap's box (in the bottom right corner, 15 px in; its frame: canvas/canvas.css). */
export const MINIMAP = { width: 150, height: 96 };
const PANEL_MARGIN = 15;
/** Breathing room around the graph after a fit, when there is room for it. */
export const MARGIN = 24;

export interface Insets {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

/** Room the overlays take from each side of the canvas, in CSS px. */
export function overlayInsets(minimap: boolean): Insets {
  return { top: 54, bottom: minimap ? MINIMAP.height + PANEL_MARGIN + 8 : 48, left: 8, right: 8 };
}

const px = (i: Insets, extra: number) => ({
  top: `${i.top + extra}px` as const,
  bottom: `${i.bottom + extra}px` as const,
  left: `${i.left + extra}px` as const,
  right: `${i.right + extra}px` as const,
});

/**
 * The viewport that frames `bounds` in a `width` × `height` canvas clear of the overlays: as
 * large as fits (up to MAX_FIT_ZOOM); when that is below READABLE_ZOOM but the graph fits at
 * READABLE_ZOOM by giving up the margins, that instead; when it cannot fit readably at all,
 * the whole graph (and the level-of-detail rules take over).
 */
export function readableViewport(
  bounds: Rect,
  width: number,
  height: number,
  insets: Insets,
): Viewport {
  const fit = getViewportForBounds(
    bounds,
    width,
    height,
    MIN_ZOOM,
    MAX_FIT_ZOOM,
    px(insets, MARGIN),
  );
  if (fit.zoom >= READABLE_ZOOM) return fit;
  const roomX = width - insets.left - insets.right;
  const roomY = height - insets.top - insets.bottom;
  if (bounds.width * READABLE_ZOOM > roomX || bounds.height * READABLE_ZOOM > roomY) return fit;
  return getViewportForBounds(bounds, width, height, READABLE_ZOOM, READABLE_ZOOM, px(insets, 0));
}

/** The viewport the last fit chose. */
let lastFit: Viewport | null = null;

/** Frames the whole graph (see readableViewport); `duration` animates it. */
export function fitReadable(flow: ReactFlowInstance<FlowNode, FlowEdge>, duration = 0) {
  const pane = document.querySelector('.bp-canvas .react-flow');
  const nodes = flow.getNodes();
  if (!pane || nodes.length === 0) return;
  const box = pane.getBoundingClientRect();
  const insets = overlayInsets(minimapShown(useUi.getState().layout, window.innerWidth));
  lastFit = readableViewport(flow.getNodesBounds(nodes), box.width, box.height, insets);
  void flow.setViewport(lastFit, { duration });
}

/** Whether the view is where the last fit put it (nobody has panned or zoomed since). */
export function isStillFitted(flow: ReactFlowInstance<FlowNode, FlowEdge>): boolean {
  const v = flow.getViewport();
  return (
    lastFit !== null &&
    Math.abs(v.x - lastFit.x) < 0.5 &&
    Math.abs(v.y - lastFit.y) < 0.5 &&
    Math.abs(v.zoom - lastFit.zoom) < 1e-4
  );
}
