/**
 * Levels of detail. Below FAR_ZOOM, text inside nodes and on edges is a few
 * pixels tall: nodes are drawn as titled boxes and edges by colour alone
 * (canvas/canvas.css, `[data-detail]`). Below TINY_ZOOM even titles and handles are
 * specks: nodes become boxes tinted by kind (`[data-detail='tiny']`). Both make
 * panning a large graph much cheaper to paint.
 */
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
