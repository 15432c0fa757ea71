/**
 * Levels of detail. Below FAR_ZOOM, text inside nodes and on edges is a few
 * pixels tall: nodes are drawn as titled boxes and edges by colour alone
 * (canvas/canvas.css, `[data-lod]` on each node and label, `[data-detail]` on the canvas). Below
 * TINY_ZOOM even titles and handles are specks: nodes become boxes tinted by kind
 * (`[data-lod='tiny']`). Both make panning a large graph much cheaper to paint.
 */
import { whenIdle } from '../common/idle';

export const FAR_ZOOM = 0.3;
export const TINY_ZOOM = 0.2;

/** '' is full detail. */
export type Detail = '' | 'far' | 'tiny';

const RANK: Record<Detail, number> = { '': 0, far: 1, tiny: 2 };

/**
 * Zooming back in, a level is kept until the zoom is this much past its threshold: a wheel
 * gesture that ends near a threshold, or a trackpad's small steps about one, switch the level
 * once instead of at every step (each switch restyles every node in view).
 */
export const HYSTERESIS = 1.08;

const levelAt = (zoom: number): Detail =>
  zoom < TINY_ZOOM ? 'tiny' : zoom < FAR_ZOOM ? 'far' : '';

/** The level to show at `zoom`, `shown` being the level shown now (null: none yet). */
export function detailLevel(zoom: number, shown: Detail | null): Detail {
  const level = levelAt(zoom);
  if (shown === null || RANK[level] >= RANK[shown]) return level;
  // Less detail-hiding than shown: zooming in, so only past the threshold by HYSTERESIS.
  const held = levelAt(zoom / HYSTERESIS);
  return RANK[held] < RANK[shown] ? held : shown;
}

/**
 * Nodes and edge labels restyled at a time when the level changes. All at once, a crossing at
 * the fit zoom of the 1,000-node bench graph restyled ~2,000–2,800 elements (~300 nodes, ~600
 * edge labels) and repainted them in one frame (29–39 ms tasks, frames of 50 ms).
 */
export const PER_TURN = 96;
/** Longest wait for a turn while frames are busy (a zoom gesture), in ms. */
export const WAIT_MS = 100;

/** What follows the level one by one: nodes (NodeShell) and edge labels (ShapeEdge). */
const FOLLOWERS = '.bp-node, .bp-edge-label';

/**
 * Sets `data-lod` to `level` ('' removes it) on every node and edge label in `box`: PER_TURN of
 * them now, and as many each time a frame has time to spare (common/idle.ts), within WAIT_MS at
 * the latest; those drawn meanwhile take the level themselves. Returns a function that stops it
 * (the next change starts over from those still behind).
 */
export function restyleDetail(box: ParentNode, level: Detail): () => void {
  const behind = [...box.querySelectorAll<HTMLElement>(FOLLOWERS)].filter(
    (n) => (n.getAttribute('data-lod') ?? '') !== level,
  );
  let done = 0;
  let cancel = () => {};
  const some = () => {
    for (const end = Math.min(behind.length, done + PER_TURN); done < end; done++) {
      if (level) behind[done].setAttribute('data-lod', level);
      else behind[done].removeAttribute('data-lod');
    }
    if (done < behind.length) cancel = whenIdle(some, WAIT_MS);
  };
  some();
  return () => cancel();
}
