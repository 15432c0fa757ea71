/**
 * Node bodies drawn a few frames after their node, on large culled graphs (store/canvas-view.ts).
 *
 * Zooming or panning a culled graph mounts the nodes that come into view, all in the event that
 * moved the view: on the 1,000-node bench graph a wheel step at the fit zoom mounted about 80
 * nodes, a 34–37 ms task (their style, layout and paint), and frames of 50 ms. A node mounted
 * then first shows its frame (box, header and handles) at the size React Flow measured when it
 * was last drawn whole (every node is drawn whole once, when the document opens), so neither
 * it nor its edges move; its body follows when a frame has time to spare (common/idle.ts),
 * PER_TURN nodes at a time, within WAIT_MS at the latest, and only while the zoom
 * shows bodies: zoomed far out they are hidden anyway (canvas/canvas.css, `[data-lod]`), so
 * a node that comes into view there costs its frame alone until the view zooms in.
 */
import { useEffect, useState } from 'react';
import { whenIdle } from '../common/idle';
import { useCanvasView } from '../store/canvas-view';

/** Bodies drawn at a time: about 5 ms of work on the bench's machine. */
export const PER_TURN = 16;
/** Longest wait for a turn while frames are busy (a zoom gesture), in ms. */
export const WAIT_MS = 200;

/** Nodes waiting for their body, in the order they mounted, with the call that draws it. */
const waiting = new Map<string, () => void>();
let turn: (() => void) | null = null;

function drawSome(): void {
  turn = null;
  if (useCanvasView.getState().detail !== '') return;
  let n = 0;
  for (const [id, draw] of waiting) {
    waiting.delete(id);
    draw();
    if (++n === PER_TURN) break;
  }
  schedule();
}

function schedule(): void {
  if (turn === null && waiting.size > 0 && useCanvasView.getState().detail === '')
    turn = whenIdle(drawSome, WAIT_MS);
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
