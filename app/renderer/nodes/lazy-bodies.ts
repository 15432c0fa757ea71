/**
 * Node bodies drawn a few frames after their node, on large culled graphs (store/canvas-view.ts).
 *
 * Zooming or panning a culled graph mounts the nodes that come into view, all in the event that
 * moved the view: on the 1,000-node bench graph a wheel step at the fit zoom mounted about 80
 * nodes, a 34–37 ms task (their style, layout and paint), and frames of 50 ms. A node mounted
 * then first shows its frame (box, header and handles) at the size React Flow measured when it
 * was last drawn whole (every node is drawn whole once, when the document opens), so neither
 * it nor its edges move; its body follows, PER_FRAME nodes a frame, and only while the zoom
 * shows bodies: zoomed far out they are hidden anyway (canvas/canvas.css, `[data-lod]`), so
 * a node that comes into view there costs its frame alone until the view zooms in.
 */
import { useEffect, useState } from 'react';
import { useCanvasView } from '../store/canvas-view';

/** Bodies drawn per frame: about 5 ms of work on the bench's machine. */
export const PER_FRAME = 16;

/** Nodes waiting for their body, in the order they mounted, with the call that draws it. */
const waiting = new Map<string, () => void>();
let frame = 0;

function drawSome(): void {
  frame = 0;
  if (useCanvasView.getState().detail !== '') return;
  let n = 0;
  for (const [id, draw] of waiting) {
    waiting.delete(id);
    draw();
    if (++n === PER_FRAME) break;
  }
  schedule();
}

function schedule(): void {
  if (frame === 0 && waiting.size > 0 && useCanvasView.getState().detail === '')
    frame = requestAnimationFrame(drawSome);
}

useCanvasView.subscribe((s, before) => {
  if (s.detail === '' && before.detail !== '') schedule();
});

/**
 * Whether node `id`'s body is drawn: at once, unless the canvas draws bodies lazily and `size`
 * (its last measured size) is known; then after its turn (see above).
 */
export function useBodyDrawn(id: string, size: { height?: number } | undefined): boolean {
  const [drawn, setDrawn] = useState(() => !useCanvasView.getState().lazyBodies || !size?.height);
  useEffect(() => {
    if (drawn) return;
    waiting.set(id, () => setDrawn(true));
    schedule();
    return () => {
      waiting.delete(id);
    };
  }, [id, drawn]);
  return drawn;
}

/** Nodes still waiting (for tests). */
export function waitingBodies(): number {
  return waiting.size;
}
