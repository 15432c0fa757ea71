/**
 * Where a node placed by a click (not a drop) goes: the free spot nearest the
 * middle of the view, so consecutive clicks line new nodes up beside each
 * other instead of stacking them, and no new node covers an old one.
 */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Space kept between a new node and its neighbours, in flow units. */
export const PLACEMENT_GAP = 24;
/** How many rings of candidate spots around the middle are tried before giving up. */
const RINGS = 12;

const overlaps = (a: Box, b: Box, gap: number) =>
  a.x < b.x + b.width + gap &&
  b.x < a.x + a.width + gap &&
  a.y < b.y + b.height + gap &&
  b.y < a.y + a.height + gap;

/**
 * The top-left corner for a box of `size` centred as near `centre` as it can be without
 * overlapping any of `taken` (keeping `gap` between). Candidates lie on a grid of the box's
 * own size plus the gap, nearest first; when every one is taken, the middle itself.
 */
export function freeSpot(
  centre: { x: number; y: number },
  size: { width: number; height: number },
  taken: readonly Box[],
  gap = PLACEMENT_GAP,
): { x: number; y: number } {
  const origin = { x: centre.x - size.width / 2, y: centre.y - size.height / 2 };
  const stepX = size.width + gap;
  const stepY = size.height + gap;
  const candidates: { x: number; y: number; d: number }[] = [];
  for (let i = -RINGS; i <= RINGS; i++) {
    for (let j = -RINGS; j <= RINGS; j++) {
      const x = origin.x + i * stepX;
      const y = origin.y + j * stepY;
      candidates.push({ x, y, d: Math.hypot(i * stepX, j * stepY) });
    }
  }
  candidates.sort((a, b) => a.d - b.d);
  const free = candidates.find((c) => !taken.some((t) => overlaps({ ...c, ...size }, t, gap)));
  const spot = free ?? origin;
  return { x: Math.round(spot.x), y: Math.round(spot.y) };
}
