/**
 * What the canvas tells the node faces and edges about the view, without the two importing each
 * other: whether parts mounted now may be drawn later (`lazy`: a large graph, culled to what is
 * in view), the level of detail the zoom shows (canvas/detail.ts; '' is full detail, the only
 * one that shows node bodies and edge labels), and the queue of parts waiting to be drawn.
 *
 * Zooming or panning a culled graph mounts the nodes and edges that come into view, all in the
 * event that moved the view: on the 1,000-node bench graph a wheel step at the fit zoom mounted
 * about 80 nodes, a 34–37 ms task, and frames of 50 ms; panning there mounted and unmounted
 * edges with their labels at the window's edges, and the garbage they left made V8's major
 * collections land in pan frames (28–44 ms). So a node that comes into view first shows its
 * frame (box, header and handles) at the size React Flow measured when it was last drawn whole
 * (every node is drawn whole once, when the document opens), so neither it nor its edges move,
 * and its body follows; an edge that comes into view while zoomed far out, where labels are
 * hidden anyway, draws its label only once the view zooms in. Both wait for a frame with time
 * to spare (common/idle.ts), TURN_BUDGET at a time, WAIT_MS at the latest, and only at full
 * detail.
 */
import { useEffect, useState } from 'react';
import { create } from 'zustand';
import { whenIdle } from '../common/idle';

export interface CanvasViewState {
  lazy: boolean;
  detail: '' | 'far' | 'tiny';
}

export const useCanvasView = create<CanvasViewState>()(() => ({
  lazy: false,
  detail: '',
}));

/** Node bodies drawn at a time (about 5 ms of work on the bench's machine); a label costs less. */
export const TURN_BUDGET = 16;
/** What an edge label costs of TURN_BUDGET. */
export const LABEL_COST = 0.25;
/** Longest wait for a turn while frames are busy (a zoom gesture), in ms. */
export const WAIT_MS = 200;

/** Parts waiting for their turn, in the order they mounted: their cost and the call that draws them. */
const waiting = new Map<string, { cost: number; draw: () => void }>();
/** Whether a turn is asked for already. */
let asked = false;

function drawSome(): void {
  asked = false;
  if (useCanvasView.getState().detail !== '') return;
  let spent = 0;
  for (const [key, { cost, draw }] of waiting) {
    waiting.delete(key);
    draw();
    spent += cost;
    if (spent >= TURN_BUDGET) break;
  }
  schedule();
}

function schedule(): void {
  if (asked || waiting.size === 0 || useCanvasView.getState().detail !== '') return;
  asked = true;
  whenIdle(drawSome, WAIT_MS);
}

useCanvasView.subscribe((s, before) => {
  if (s.detail === '' && before.detail !== '') schedule();
});

/**
 * Whether the part `key` (a node's body, an edge's label) is drawn: at once unless `later` when
 * it mounts; then after its turn (see above), which costs `cost` of TURN_BUDGET.
 */
export function useDrawnLater(key: string, later: boolean, cost = 1): boolean {
  const [drawn, setDrawn] = useState(() => !later);
  useEffect(() => {
    if (drawn) return;
    waiting.set(key, { cost, draw: () => setDrawn(true) });
    schedule();
    return () => {
      waiting.delete(key);
    };
  }, [key, drawn, cost]);
  return drawn;
}

/** Parts still waiting (for tests). */
export function waitingParts(): number {
  return waiting.size;
}
